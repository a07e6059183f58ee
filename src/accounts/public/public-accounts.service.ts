import { Injectable } from '@nestjs/common';
import { Account } from '../../account-core/entities/account.entity';
import { AccountsRepository } from '../../account-core/accounts.repository';
import type { RequestOrigin } from '../../common/request-origin';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { ApiError, notFound } from '../../common/errors';
import { Space } from '../../account-core/entities/space.entity';
import { Scope } from '../../account-core/request-scope';
import { CreateWithTokenDto } from './dto/public-accounts.dto';
import { TokenPaidWrites } from './public-accounts.creation';
import { creationDomain } from '../../account-core/creation-domain';

/** The public account routes: creation with a token, information, activation (accounts.md §8.1–8.4). */
@Injectable()
export class PublicAccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly paid: TokenPaidWrites,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** §8.1: email, phone, domain and dictionary are validated, not stored; user_agent is APP_NAME. */
  async createWithToken(dto: CreateWithTokenDto, space: Space, origin: RequestOrigin): Promise<Account> {
    const token = await this.paid.usableToken(dto.account_creation_token, space);
    return this.paid.createAccount(
      token,
      {
        username: String(dto.username),
        password: String(dto.password),
        algorithm: dto.algorithm ?? this.settings.defaultPasswordAlgorithm,
        dtmf_protocol: dto.dtmf_protocol ?? null,
      },
      { domain: creationDomain(dto.domain, false, space.domain), origin, userAgent: this.settings.appName },
    );
  }

  async info(sip: string, scope: Scope): Promise<{ activated: boolean; realm: string | null }> {
    const account = await this.accounts.getBySip(sip, scope);
    return { activated: account.activated, realm: this.settings.accountRealm };
  }

  /** Deprecated activation by the confirmation key (§8.3, §8.4). */
  async activate(sip: string, key: string, scope: Scope): Promise<Account> {
    const account = await this.accounts.findBySip(sip, scope);
    if (!account || !(await this.keyMatches(account, key))) throw notFound();
    return this.activateWithKey(account);
  }

  /**
   * The account's confirmation key is `key`. A 4-digit key (an SMS PIN) has
   * a limited number of tries, then it is cleared (deviation 23); a
   * 13-character key cannot be guessed and is not counted.
   */
  async keyMatches(account: Account, key: unknown): Promise<boolean> {
    const stored = account.confirmation_key;
    if (stored === null) return false;
    if (!/^\d{4}$/.test(stored)) return stored === String(key);
    if (!(await this.accounts.claimConfirmationAttempt(account))) return false;
    if (stored === String(key)) return true;
    await this.accounts.clearSpentConfirmation(account);
    return false;
  }

  /** Activation by a confirmation key: refused once the activation expiration is past. */
  async activateWithKey(account: Account): Promise<Account> {
    const expiration = await this.accounts.activationExpiration(account);
    if (expiration && new Date(expiration.expires).getTime() < Date.now()) throw new ApiError(403, 'Activation expired');
    return this.accounts.update(account, { activated: true, confirmation_key: null });
  }
}
