import { Logger } from '@nestjs/common';
import { SmsDriver } from './sms-driver';

/** No OVH settings: SMS are written to the log (CONTRACT). */
export class LogSmsDriver implements SmsDriver {
  readonly name = 'log';
  private readonly logger = new Logger('Sms');

  send(to: string, message: string): Promise<void> {
    this.logger.log(`To: ${to}\n${message}`);
    return Promise.resolve();
  }
}
