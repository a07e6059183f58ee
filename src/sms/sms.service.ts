import { Inject, Injectable, Logger } from '@nestjs/common';
import { SMS_DRIVER, SmsDriver } from './sms-driver';
import { countDependency } from '../metrics/metrics';

/** Sends an SMS; a failure is logged and never fails the request (misc.md). */
@Injectable()
export class SmsService {
  private readonly logger = new Logger('Sms');

  constructor(@Inject(SMS_DRIVER) private readonly driver: SmsDriver) {}

  async send(to: string, message: string): Promise<boolean> {
    try {
      const sent = this.driver.send(to, message);
      // as mails without MAIL_HOST, an SMS written to the log is no call out
      await (this.driver.name === 'log' ? sent : countDependency('sms', sent));
      return true;
    } catch (error) {
      this.logger.error(`SMS to ${to} not sent (${this.driver.name}): ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}
