import { Injectable } from '@nestjs/common';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { Caller } from '../common/request';
import { truthy } from '../common/serialize';
import { parseDateTime } from '../common/validation/rules';
import { Space } from '../spaces/entities/space.entity';
import { Account } from './entities/account.entity';
import { AccountsRepository, Origin } from './core/accounts.repository';
import { CreateAccountDto, UpdateAccountDto } from './dto/admin-account.dto';
import { toDictionary } from './dto/account-rules';

export interface AdminContext {
  space: Space;
  caller: Caller;
  origin: Origin;
}

/** From the admin API's validated input to the account aggregate (accounts.md §4.1, §4.2). */
@Injectable()
export class AccountsAdminService {
  constructor(
    private readonly accounts: AccountsRepository,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** §3.7: a super admin's `domain`, otherwise the current domain. */
  private targetDomain(dto: { domain?: string }, context: AdminContext): string {
    return context.caller.superAdmin && dto.domain !== undefined ? dto.domain : context.space.domain;
  }

  create(dto: CreateAccountDto, context: AdminContext): Promise<Account> {
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
        domain: this.targetDomain(dto, context),
        origin: context.origin,
        userAgent: context.origin.userAgent ?? this.settings.appName,
        activated,
        admin: truthy(dto.admin),
      },
    );
  }

  update(account: Account, dto: UpdateAccountDto, context: AdminContext): Promise<Account> {
    return this.accounts.replace(account, {
      username: String(dto.username),
      domain: dto.domain === undefined ? undefined : this.targetDomain(dto, context),
      email: dto.email ?? null,
      display_name: dto.display_name ?? null,
      dtmf_protocol: dto.dtmf_protocol ?? null,
      phone: dto.phone ?? null,
      admin: truthy(dto.admin),
      user_agent: context.origin.userAgent ?? this.settings.appName,
      password: truthy(dto.password) ? String(dto.password) : null,
      algorithm: dto.algorithm,
      dictionary: dto.dictionary === undefined ? undefined : toDictionary(dto.dictionary),
    });
  }
}
