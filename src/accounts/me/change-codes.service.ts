import { Injectable } from '@nestjs/common';
import type { Locale } from '../../i18n/locale';
import { EntityTarget } from 'typeorm';
import { Account } from '../../account-core/entities/account.entity';
import { AccountPatch, AccountsRepository } from '../../account-core/accounts.repository';
import { ChangeCode, ChangeCodesRepository } from '../../account-core/change-codes.repository';
import { EmailChangeCode } from '../../account-core/entities/email-change-code.entity';
import { PhoneChangeCode } from '../../account-core/entities/phone-change-code.entity';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { ApiError, forbidden, notFound } from '../../common/errors';
import { randomPin } from '../../common/random';
import { MailService } from '../../mail/mail.service';
import { SmsService } from '../../sms/sms.service';
import { isExpired } from '../../common/expiry';
import type { RequestOrigin } from '../../common/request-origin';

/**
 * Email and phone changes confirmed by a 4-digit code (tokens.md §6, §7).
 * An account has at most one pending change of each kind: its latest row
 * whose code is not consumed. Its fifth wrong code clears it (deviation 23);
 * a new code for the same change keeps its count, so a new request cannot
 * buy more guesses, while a cleared change leaves its row to the blocking
 * service's count.
 */
@Injectable()
export class ChangeCodesService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly codes: ChangeCodesRepository,
    private readonly mail: MailService,
    private readonly sms: SmsService,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  async requestEmail(account: Account, email: string, origin: RequestOrigin, locale: Locale): Promise<void> {
    const code = await this.renew(EmailChangeCode, account.id, { email }, origin);
    await this.mail.registerValidation(email, code, locale);
  }

  async requestPhone(account: Account, phone: string, origin: RequestOrigin): Promise<void> {
    const code = await this.renew(PhoneChangeCode, account.id, { phone }, origin);
    const minutes = this.settings.recoveryCodeExpirationMinutes;
    // the reference quotes the recovery code setting here, not the phone one
    const validity = minutes > 0 ? ` The code is available for ${minutes} minutes` : '';
    await this.sms.send(phone, `Your ${this.settings.appName} validation code is ${code}.${validity}`);
  }

  /** The new email once the code matches; the account is activated too. Answers the account as stored. */
  async confirmEmail(account: Account, code: unknown): Promise<Account> {
    await this.confirm(EmailChangeCode, account, code, this.settings.emailChangeCodeExpirationMinutes, (row) => ({
      email: row.email,
    }));
    return this.accounts.reload(account.id);
  }

  async confirmPhone(account: Account, code: unknown): Promise<Account> {
    await this.confirm(PhoneChangeCode, account, code, this.settings.phoneChangeCodeExpirationMinutes, (row) => ({
      phone: row.phone,
    }));
    return this.accounts.reload(account.id);
  }

  /** A new code for the change (the pending one renewed, else a new row). */
  private async renew<T extends ChangeCode>(
    entity: EntityTarget<T>,
    accountId: number,
    target: Partial<T>,
    origin: RequestOrigin,
  ): Promise<string> {
    const code = randomPin();
    await this.codes.renew(entity, accountId, target, { code, ip: origin.ip, user_agent: origin.userAgent });
    return code;
  }

  private async confirm<T extends ChangeCode>(
    entity: EntityTarget<T>,
    account: Account,
    code: unknown,
    expirationMinutes: number,
    change: (row: T) => AccountPatch,
  ): Promise<void> {
    const row = await this.codes.pending(entity, account.id);
    if (!row) throw notFound();
    if (isExpired(row.created_at, expirationMinutes)) throw new ApiError(410, 'Expired code');
    // no try left: cleared by parallel guesses, as if nothing were pending
    if (!(await this.codes.claimAttempt(entity, row))) throw notFound();
    if (row.code !== String(code)) {
      await this.codes.clearIfSpent(entity, row);
      throw forbidden('');
    }
    if (!(await this.codes.apply(entity, row, account, { ...change(row), activated: true }))) throw notFound();
  }
}
