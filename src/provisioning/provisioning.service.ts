import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccountsRepository } from '../account-core/accounts.repository';
import type { Account } from '../account-core/entities/account.entity';
import type { ProvisioningToken } from '../account-core/entities/provisioning-token.entity';
import { AuthTokensService } from '../auth/auth-tokens.service';
import { ApiError, notFound } from '../common/errors';
import { randomToken } from '../common/random';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { retryTransaction } from '../database/retry';
import { minutesAgo, now } from '../database/timestamps';
import { PasswordsRepository } from '../account-core/passwords.repository';
import { ProvisioningTokensRepository } from '../account-core/provisioning-tokens.repository';

/**
 * Which account a provisioning request configures, and what it consumes
 * (provisioning.md). Each route's writes (token claim, activation, password
 * reset) are one transaction; the XML is built afterwards from the stored rows.
 */
@Injectable()
export class ProvisioningService {
  constructor(
    @InjectSettings() private readonly settings: Settings,
    private readonly accounts: AccountsRepository,
    private readonly passwords: PasswordsRepository,
    private readonly provisioningTokens: ProvisioningTokensRepository,
    private readonly authTokens: AuthTokensService,
    private readonly dataSource: DataSource,
  ) {}

  /** `GET /provisioning/{provisioning_token}`: activates the account and consumes its current token (and the older ones). */
  async byProvisioningToken(value: string, resetPassword: boolean): Promise<Account> {
    const { account, token } = await this.currentToken(value);
    return this.write(async (manager) => {
      // of concurrent uses one spends it; the others (and any use after a newer token was issued) find it used
      if (!(await this.provisioningTokens.spend(token, manager))) throw notFound();
      const activated = await this.accounts.update(account, { activated: true }, manager);
      if (resetPassword) await this.resetPassword(activated, manager);
      return activated;
    });
  }

  /** `GET /provisioning/auth_token/{auth_token}`: the attached account; the auth token is spent, nothing activated. */
  async byAuthToken(value: string, resetPassword: boolean): Promise<Account> {
    const accountId = await this.write(async (manager) => {
      const id = await this.authTokens.spend(value, manager);
      if (resetPassword) await this.resetPassword(await this.accounts.reload(id, manager), manager);
      return id;
    });
    return this.accounts.reload(accountId);
  }

  /** `GET /provisioning/me`: the caller, with an optional password reset. */
  async forCaller(account: Account, resetPassword: boolean): Promise<Account> {
    if (resetPassword) await this.write((manager) => this.resetPassword(account, manager));
    return account;
  }

  /**
   * `GET /provisioning/qrcode/{provisioning_token}`: answers as the token's
   * own URL would (404, 410), without consuming it: a code is shown only for
   * a link that works (issue 15; the reference accepts any unused token).
   */
  async qrCodeAccount(value: string): Promise<Account> {
    return (await this.currentToken(value)).account;
  }

  /**
   * provisioning.md steps 2-4: the account owning an unused token of exactly
   * this value (else 404 Missing elements), not past its activation
   * expiration, whose current token it is (else 404 ""), not expired (410).
   */
  private async currentToken(value: string): Promise<{ account: Account; token: ProvisioningToken }> {
    const found = await this.provisioningTokens.findUnused(value);
    if (!found) throw notFound();
    const { account, token } = found;
    if (await this.activationExpired(account)) throw notFound('');
    const current = await this.provisioningTokens.current(account.id);
    if (!current || current.id !== token.id) throw notFound('');
    if (this.expired(current)) throw new ApiError(410, 'Expired');
    return found;
  }

  /**
   * One transaction, run again when MySQL picks it as a deadlock victim or a
   * concurrent password change of the same account inserted its row first
   * (the password is replaced: the last write wins).
   */
  private write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return retryTransaction(() => this.dataSource.transaction(work), { replacing: ['passwords_account_id_algorithm_unique'] });
  }

  /** A random password the user never sees: the device learns its hash from the XML. */
  private async resetPassword(account: Account, manager: EntityManager): Promise<void> {
    await this.passwords.set(account, randomToken(10), this.settings.defaultPasswordAlgorithm, manager);
  }

  private async activationExpired(account: Account): Promise<boolean> {
    const expiration = await this.accounts.activationExpiration(account);
    return expiration !== null && expiration.expires.getTime() < now().getTime();
  }

  /** tokens.md §1: expired when now − N minutes is strictly after created_at (N = 0: never). */
  private expired(token: ProvisioningToken): boolean {
    const minutes = this.settings.provisioningTokenExpirationMinutes;
    return minutes > 0 && token.created_at !== null && minutesAgo(minutes).getTime() > token.created_at.getTime();
  }
}
