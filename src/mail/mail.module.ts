import { Global, Module } from '@nestjs/common';
import { MailService } from './mail.service';

/** Global: mails are sent from several domains (accounts, tokens). */
@Global()
@Module({
  providers: [MailService],
  exports: [MailService],
})
export class MailModule {}
