import { Injectable } from '@nestjs/common';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { iso } from '../common/serialize';
import { Account } from './entities/account.entity';

/** Account JSON (spec accounts.md §1.1). */
@Injectable()
export class AccountSerializer {
  constructor(@InjectSettings() private readonly settings: Settings) {}

  async one(account: Account): Promise<Record<string, unknown>> {
    return {
      id: account.id,
      username: account.username,
      domain: account.domain,
      email: account.email,
      activated: account.activated,
      ip_address: account.ip_address,
      user_agent: account.user_agent,
      created_at: iso(account.created_at),
      display_name: account.display_name,
      dtmf_protocol: account.dtmf_protocol,
      updated_at: iso(account.updated_at),
      blocked: account.blocked,
      admin: account.admin,
      phone: account.phone,
      realm: this.settings.accountRealm,
      confirmation_key_expires: null,
      provisioning_token: null,
      provisioning_token_expire_at: null,
      dictionary: {},
      passwords: (account.passwords ?? []).map((p) => ({ algorithm: p.algorithm })),
      activation_expiration: null,
      email_change_code: null,
      types: [],
      actions: [],
    };
  }
}
