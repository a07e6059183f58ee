import { Injectable } from '@nestjs/common';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { iso } from '../common/serialize';
import { Account } from '../account-core/entities/account.entity';
import { AccountCoreRelations } from '../account-core/account-relations.loader';
import type { RelationRows } from '../account-core/relation-rows';
import type { AccountRelationLoader, AccountVariant, Json } from '../account-core/account-relation-loader';

const NO_ROWS: RelationRows = new Map();

/**
 * Key order of the account JSON (accounts.md §1); the fields of the other
 * modules' loaders follow, in the order the loaders were registered.
 */
const KEY_ORDER = [
  'id',
  'username',
  'domain',
  'email',
  'activated',
  'ip_address',
  'user_agent',
  'created_at',
  'display_name',
  'dtmf_protocol',
  'updated_at',
  'blocked',
  'admin',
  'phone',
  'realm',
  'confirmation_key_expires',
  'provisioning_token',
  'provisioning_token_expire_at',
  'dictionary',
  'confirmation_key',
  'passwords',
  'activation_expiration',
  'email_change_code',
  'phone_change_code',
];

/** Account JSON (spec accounts.md §1), composed from the loaders of the modules that own each part. */
@Injectable()
export class AccountSerializer {
  private readonly loaders: AccountRelationLoader[];

  constructor(
    @InjectSettings() private readonly settings: Settings,
    private readonly core: AccountCoreRelations,
  ) {
    this.loaders = [...core.loaders];
  }

  /** Adds a module's part of the account JSON (called from that module's `onModuleInit`). */
  register(...loaders: AccountRelationLoader[]): void {
    for (const loader of loaders) {
      if (this.loaders.some((l) => l.key === loader.key)) throw new Error(`account relation ${loader.key} registered twice`);
      this.loaders.push(loader);
    }
  }

  async one(account: Account, variant: AccountVariant = 'default'): Promise<Json> {
    return (await this.many([account], variant))[0];
  }

  /** A whole page in one statement at most: every relation the variant shows, in a UNION ALL. */
  async many(accounts: Account[], variant: AccountVariant = 'default'): Promise<Json[]> {
    if (accounts.length === 0) return [];
    const loaders = this.loaders.filter((loader) => loader.variants.includes(variant));
    const selects = loaders.flatMap((loader) => loader.select(accounts, variant));
    const rows = selects.length > 0 ? await this.core.read(selects) : NO_ROWS;
    const loaded = loaders.map((loader) => loader.render(accounts, variant, rows));
    return accounts.map((account) => {
      const fields: Json = this.columns(account, variant);
      loaders.forEach((loader, i) => Object.assign(fields, loaded[i].get(account.id) ?? loader.empty(variant)));
      return ordered(fields);
    });
  }

  private columns(account: Account, variant: AccountVariant): Json {
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
      ...(variant === 'admin' ? { confirmation_key: account.confirmation_key } : {}),
    };
  }
}

function ordered(fields: Json): Json {
  const json: Json = {};
  for (const key of KEY_ORDER) if (Object.hasOwn(fields, key)) json[key] = fields[key];
  for (const key of Object.keys(fields)) if (!Object.hasOwn(json, key)) json[key] = fields[key];
  return json;
}
