import { Injectable } from '@nestjs/common';
import type { Locale } from '../../i18n/locale';
import { Account } from '../../account-core/entities/account.entity';
import { Password } from '../../account-core/entities/password.entity';
import { AccountsRepository } from '../../account-core/accounts.repository';
import type { RequestOrigin } from '../../common/request-origin';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { RawUnprocessable, ValidationFailed } from '../../common/errors';
import { safeEqual } from '../../auth/digest/digest';
import { DigestAlgorithm } from '../../common/digest-hash';
import { hashPassword } from '../../account-core/password-hash';
import { MailService } from '../../mail/mail.service';
import { PasswordsRepository } from '../../account-core/passwords.repository';
import { ProvisioningTokensRepository } from '../../account-core/provisioning-tokens.repository';

/** What `POST /api/accounts/me/password` answers: `[]` after a change, nothing after a first password. */
export type PasswordChange = 'changed' | 'first';

/** The account owner's own writes (accounts.md §5). */
@Injectable()
export class MeAccountService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly passwords: PasswordsRepository,
    private readonly provisioningTokens: ProvisioningTokensRepository,
    private readonly mail: MailService,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /**
   * accounts.md §5.4, quirks included: the account is activated before the
   * old password is checked (a failed attempt activates it too), and a wrong
   * old password gets the reference's bare 422 body.
   */
  async changePassword(
    account: Account,
    input: { password: string; algorithm: DigestAlgorithm; old_password?: unknown },
    locale: Locale,
  ): Promise<PasswordChange> {
    // only a real change: updated_at counts as an event for the blocking service
    if (!account.activated) await this.accounts.update(account, { activated: true });
    const rows = await this.passwords.list(account);

    if (rows.length > 0) {
      const old = input.old_password;
      if (old === undefined || old === null || old === '') {
        throw new ValidationFailed([{ field: 'old_password', rule: 'required' }]);
      }
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any JSON value is compared as its text
      if (!rows.some((row) => this.matches(account, row, String(old)))) {
        throw new RawUnprocessable({ errors: { old_password: 'Incorrect old password' } });
      }
      await this.passwords.set(account, input.password, input.algorithm);
      return 'changed';
    }

    await this.passwords.set(account, input.password, input.algorithm);
    if (account.email) await this.mail.confirmedRegistration(account.email, account, locale);
    return 'first';
  }

  remove(account: Account): Promise<void> {
    return this.accounts.remove(account);
  }

  async newProvisioningToken(account: Account, origin: RequestOrigin): Promise<Account> {
    await this.provisioningTokens.create(account, origin);
    return this.accounts.reload(account.id);
  }

  /** The old password against one stored row: its HA1, or the clear text of a legacy CLRTXT row. */
  private matches(account: Account, row: Password, old: string): boolean {
    if (row.algorithm === 'CLRTXT') return safeEqual(row.password, old);
    return safeEqual(row.password, hashPassword(this.settings, row.algorithm, account.username, account.domain, old));
  }
}
