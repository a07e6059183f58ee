import { Injectable } from '@nestjs/common';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { Scope } from '../../common/request';
import { truthy } from '../../common/serialize';
import { parseDateTime } from '../../common/validation/rules';
import { Account } from '../entities/account.entity';
import { AccountsRepository, Origin } from '../core/accounts.repository';
import { CreateAccountDto, UpdateAccountDto } from './dto/admin-account.dto';
import { toDictionary } from '../dto/account-rules';

/** From the admin API's validated input to the account aggregate (accounts.md §4.1, §4.2). */
@Injectable()
export class AccountsAdminService {
  constructor(
    private readonly accounts: AccountsRepository,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** The scope's creation domain (§3.7), a string once the DTO is valid. */
  create(dto: CreateAccountDto, scope: Scope, origin: Origin): Promise<Account> {
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
  update(account: Account, dto: UpdateAccountDto, scope: Scope, origin: Origin): Promise<Account> {
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
}
