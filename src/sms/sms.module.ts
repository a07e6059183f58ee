import { Module } from '@nestjs/common';
import { SETTINGS } from '../config/settings.module';
import { Settings } from '../config/settings';
import { LogSmsDriver } from './log.driver';
import { OvhSmsDriver } from './ovh.driver';
import { SMS_DRIVER, SmsDriver } from './sms-driver';
import { SmsService } from './sms.service';

/** OVH when its credentials are set, else the log. */
export function smsDriverFor(settings: Settings): SmsDriver {
  const ovh = settings.ovh;
  return ovh.appKey && ovh.appSecret && ovh.consumerKey ? new OvhSmsDriver(ovh) : new LogSmsDriver();
}

@Module({
  providers: [{ provide: SMS_DRIVER, inject: [SETTINGS], useFactory: smsDriverFor }, SmsService],
  exports: [SmsService],
})
export class SmsModule {}
