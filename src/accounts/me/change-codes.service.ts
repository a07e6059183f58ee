import { Injectable } from '@nestjs/common';
import type { Locale } from '../../common/request';
import { DataSource, EntityTarget, IsNull, LessThan, Not } from 'typeorm';
import { Account } from '../entities/account.entity';
import { AccountPatch, AccountsRepository } from '../core/accounts.repository';
import { EmailChangeCode } from '../entities/email-change-code.entity';
import { PhoneChangeCode } from '../entities/phone-change-code.entity';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { ApiError, forbidden, notFound } from '../../common/errors';
import { randomPin } from '../../common/random';
import { now } from '../../database/timestamps';
import { MailService } from '../../mail/mail.service';
import { SmsService } from '../../sms/sms.service';
import { isExpired, TokenOrigin } from '../../tokens/account-creation-tokens.service';
import { claimAttempt, clearIfSpent, GuardedCode, MAX_CODE_ATTEMPTS } from '../code-attempts';

type ChangeCode = EmailChangeCode | PhoneChangeCode;

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
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly mail: MailService,
    private readonly sms: SmsService,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  async requestEmail(account: Account, email: string, origin: TokenOrigin, locale: Locale): Promise<void> {
    const code = await this.renew(EmailChangeCode, account.id, { email }, origin);
    await this.mail.registerValidation(email, code, locale);
  }

  async requestPhone(account: Account, phone: string, origin: TokenOrigin): Promise<void> {
    const code = await this.renew(PhoneChangeCode, account.id, { phone }, origin);
    const minutes = this.settings.recoveryCodeExpirationMinutes;
    // the reference quotes the recovery code setting here, not the phone one
    const validity = minutes > 0 ? ` The code is available for ${minutes} minutes` : '';
    await this.sms.send(phone, `Your ${this.settings.appName} validation code is ${code}.${validity}`);
  }

  /** The new email once the code matches; the account is activated too. */
  confirmEmail(account: Account, code: unknown): Promise<void> {
    return this.confirm(EmailChangeCode, account, code, this.settings.emailChangeCodeExpirationMinutes, (row) => ({
      email: row.email,
    }));
  }

  confirmPhone(account: Account, code: unknown): Promise<void> {
    return this.confirm(PhoneChangeCode, account, code, this.settings.phoneChangeCodeExpirationMinutes, (row) => ({
      phone: row.phone,
    }));
  }

  /** Re-uses the pending row or creates one; a new code and (deviation, tokens.md §6) a new `created_at`. */
  private async renew<T extends ChangeCode>(
    entity: EntityTarget<T>,
    accountId: number,
    target: Partial<T>,
    origin: TokenOrigin,
  ): Promise<string> {
    const repository = this.dataSource.getRepository(entity);
    const code = randomPin();
    const fields = { ...target, code, ip: origin.ip, user_agent: origin.userAgent, created_at: now(), updated_at: now() };
    const pending = await this.pending(entity, accountId);
    if (pending) {
      // only while still pending: a change cleared meanwhile is not revived
      const renewed = await repository
        .createQueryBuilder()
        .update()
        .set(fields as never)
        .where('id = :id AND code IS NOT NULL AND attempts < :max', { id: pending.id, max: MAX_CODE_ATTEMPTS })
        .execute();
      if ((renewed.affected ?? 0) === 1) return code;
    }
    await repository.save(repository.create({ account_id: accountId, ...fields } as T));
    return code;
  }

  private async confirm<T extends ChangeCode>(
    entity: EntityTarget<T>,
    account: Account,
    code: unknown,
    expirationMinutes: number,
    change: (row: T) => AccountPatch,
  ): Promise<void> {
    const row = await this.pending(entity, account.id);
    if (!row) throw notFound();
    if (isExpired(row.created_at, expirationMinutes)) throw new ApiError(410, 'Expired code');
    const guarded: GuardedCode = { entity, id: row.id, code: 'code', attempts: 'attempts' };
    // no try left: cleared by parallel guesses, as if nothing were pending
    if (!(await claimAttempt(this.dataSource, guarded))) throw notFound();
    if (row.code !== String(code)) {
      await clearIfSpent(this.dataSource, guarded);
      throw forbidden('');
    }
    await this.dataSource.transaction(async (manager) => {
      // conditional: two confirmations of one code apply it once
      const consumed = await manager
        .createQueryBuilder()
        .update(entity)
        .set({ code: null, updated_at: now() })
        .where('id = :id AND code = :code', { id: row.id, code: row.code })
        .execute();
      if ((consumed.affected ?? 0) !== 1) throw notFound();
      await this.accounts.update(account, { ...change(row), activated: true }, manager);
    });
  }

  private pending<T extends ChangeCode>(entity: EntityTarget<T>, accountId: number): Promise<T | null> {
    return this.dataSource
      .getRepository(entity)
      .findOne({
        where: { account_id: accountId, code: Not(IsNull()), attempts: LessThan(MAX_CODE_ATTEMPTS) } as never,
        order: { id: 'DESC' } as never,
      });
  }
}
