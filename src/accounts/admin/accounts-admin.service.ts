import { Injectable } from '@nestjs/common';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { Scope } from '../../account-core/request-scope';
import { truthy } from '../../common/serialize';
import { parseDateTime } from '../../common/validation/rules';
import { Account } from '../../account-core/entities/account.entity';
import { ProvisioningToken } from '../../account-core/entities/provisioning-token.entity';
import { AccountsRepository } from '../../account-core/accounts.repository';
import type { RequestOrigin } from '../../common/request-origin';
import { CreateAccountDto, UpdateAccountDto } from './dto/admin-account.dto';
import { toDictionary } from '../dto/account-rules';
import { ProvisioningTokensRepository } from '../../account-core/provisioning-tokens.repository';

/** The admin API's account operations, from its validated input to the account aggregate (accounts.md §4). */
@Injectable()
export class AccountsAdminService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly provisioningTokens: ProvisioningTokensRepository,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** The scope's creation domain (§3.7), a string once the DTO is valid. */
  create(dto: CreateAccountDto, scope: Scope, origin: RequestOrigin): Promise<Account> {
    const activated = truthy(dto.activated);
    return this.accounts.create(
      {
        username: String(dto.username),
        email: dto.email ?? null,
        display_name: dto.display_name ?? null,
        dtmf_protocol: dto.dtmf_protocol ?? null,
        phone: dto.phone ?? null,
        password: String(dto.password),
        algorithm: dto.algorithm,
        dictionary: dto.dictionary === undefined ? null : toDictionary(dto.dictionary),
        activationExpires: dto.confirmation_key_expires ? (parseDateTime(dto.confirmation_key_expires) ?? null) : null,
      },
      {
        domain: scope.creationDomain as string,
        origin,
        userAgent: origin.userAgent ?? this.settings.appName,
        activated,
        admin: truthy(dto.admin),
      },
    );
  }

  /** A `domain` moves the account to the scope's creation domain (a plain admin's stays in the Space). */
  update(account: Account, dto: UpdateAccountDto, scope: Scope, origin: RequestOrigin): Promise<Account> {
    return this.accounts.replace(account, {
      username: String(dto.username),
      domain: dto.domain === undefined ? undefined : (scope.creationDomain as string),
      email: dto.email ?? null,
      display_name: dto.display_name ?? null,
      dtmf_protocol: dto.dtmf_protocol ?? null,
      phone: dto.phone ?? null,
      admin: truthy(dto.admin),
      user_agent: origin.userAgent ?? this.settings.appName,
      password: truthy(dto.password) ? String(dto.password) : null,
      algorithm: dto.algorithm,
      dictionary: dto.dictionary === undefined ? undefined : toDictionary(dto.dictionary),
    });
  }

  /** A page of accounts (id order) and the total, scoped. */
  page(scope: Scope, page: number, perPage: number): Promise<{ items: Account[]; total: number }> {
    return this.accounts.page(scope, page, perPage);
  }

  /** Tombstone, then the row (§4.3). */
  remove(account: Account): Promise<void> {
    return this.accounts.remove(account);
  }

  getBySip(sip: string, scope: Scope): Promise<Account> {
    return this.accounts.getBySip(sip, scope);
  }

  getByEmail(email: string, scope: Scope): Promise<Account> {
    return this.accounts.getByEmail(email, scope);
  }

  setActivated(account: Account, activated: boolean): Promise<Account> {
    return this.accounts.setActivated(account, activated);
  }

  setBlocked(account: Account, blocked: boolean): Promise<Account> {
    return this.accounts.setBlocked(account, blocked);
  }

  /** A new current provisioning token. */
  provision(account: Account, origin: RequestOrigin): Promise<ProvisioningToken> {
    return this.provisioningTokens.create(account, origin);
  }
}
