import { Injectable, Logger } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import type { Locale } from '../i18n/locale';
import {
  ConfirmedRegistrationData,
  MailContext,
  MailKind,
  RenderedMail,
  renderConfirmedRegistration,
  renderRegisterConfirmation,
  renderRegisterValidation,
  SUBJECTS,
} from './mail.templates';
import { countDependency } from '../metrics/metrics';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Mails of the account lifecycle: SMTP when MAIL_HOST is set, else the log
 * (CONTRACT). A transport failure is thrown: the request that sends the
 * mail fails (reference), unless the caller chooses to swallow it.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger('Mail');
  private readonly transport?: Transporter;

  constructor(@InjectSettings() private readonly settings: Settings) {
    const mail = settings.mail;
    if (mail.host) {
      // loaded only when mail is configured (start-up time of the others)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createTransport } = require('nodemailer') as typeof import('nodemailer');
      this.transport = createTransport({
        host: mail.host,
        port: mail.port,
        // 465 is SMTPS; other ports upgrade with STARTTLS when the server offers it
        secure: mail.port === 465,
        auth: mail.username ? { user: mail.username, pass: mail.password } : undefined,
      });
    }
  }

  /** "Register Validation": the 4-digit code confirming a new email address (`locale`: the request's, `localeOf`). */
  registerValidation(to: string, code: string, locale: Locale): Promise<void> {
    return this.send('register_validation', to, renderRegisterValidation(locale, this.context(), { code }));
  }

  /** "Confirmed Registration": the account is ready (first password set). */
  confirmedRegistration(to: string, account: { username: string; domain: string }, locale: Locale): Promise<void> {
    const data: ConfirmedRegistrationData = {
      username: account.username,
      domain: account.domain,
      proxy: this.settings.proxyRegistrarAddress,
      transport: this.settings.transportProtocolText,
    };
    return this.send('confirmed_registration', to, renderConfirmedRegistration(locale, this.context(), data));
  }

  /** "Register Confirmation": the activation link of an account created by the dangerous endpoint. */
  registerConfirmation(to: string, link: string, locale: Locale): Promise<void> {
    return this.send('register_confirmation', to, renderRegisterConfirmation(locale, this.context(), { link }));
  }

  async send(kind: MailKind, to: string, body: RenderedMail): Promise<void> {
    const mail: OutgoingMail = { to, subject: SUBJECTS[kind], ...body };
    if (!this.transport) {
      this.logger.log(`To: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}`);
      return;
    }
    const sent = this.transport.sendMail({
      from: { name: this.settings.mail.fromName, address: this.settings.mail.fromAddress },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
    await countDependency('smtp', sent);
  }

  private context(): MailContext {
    return { appName: this.settings.appName, signature: this.settings.mail.signature };
  }
}
