import { Injectable } from '@nestjs/common';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { iso } from '../common/serialize';
import { Account } from './entities/account.entity';
import { AccountCoreRelations } from './core/account-relations.loader';
import type { RelationRows, RelationSelect } from './core/relation-rows';

/**
 * Which account JSON (accounts.md §1):
 * - `default` §1.1 (`/me`, search, activate …);
 * - `admin` §1.2, default + `confirmation_key` (admin create/update);
 * - `list` §1.3 without codes (admin list items);
 * - `show` §1.3 with the pending change codes (admin show);
 * - `recover` default with the stored hashes in `passwords` (dangerous recover).
 */
export type AccountVariant = 'default' | 'admin' | 'list' | 'show' | 'recover';

export const ALL_VARIANTS: readonly AccountVariant[] = ['default', 'admin', 'list', 'show', 'recover'];

export type Json = Record<string, unknown>;

/**
 * The part of the account JSON that a module owns (types, actions, contacts …).
 * The relations of a page are read in ONE statement: each loader gives its
 * SELECTs, members of a UNION ALL in generic columns (core/relation-rows.ts),
 * then renders its part from the rows of its kinds. The owning module
 * registers it with `AccountSerializer.register` in its `onModuleInit`; the
 * accounts code never imports it.
 */
export interface AccountRelationLoader {
  /** for errors and debugging: the relation's name */
  readonly key: string;
  /** the variants that show it; for the others it is neither queried nor rendered */
  readonly variants: readonly AccountVariant[];
  /** the fields of an account without rows in the relation (a new object each call) */
  empty(variant: AccountVariant): Json;
  /**
   * Its members of the page's relations statement; none when the page needs
   * no read (no account can have rows, or their rows were just written).
   */
  select(accounts: Account[], variant: AccountVariant): RelationSelect[];
  /** The fields of each account that has rows, keyed by account id, from the statement's rows. */
  render(accounts: Account[], variant: AccountVariant, rows: RelationRows): Map<number, Json>;
}

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

/** Rows grouped by their `account_id`, in row order: a loader's usual first step. */
export function groupByAccount<T extends { account_id: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const accountId = Number(row.account_id);
    const list = out.get(accountId);
    if (list) list.push(row);
    else out.set(accountId, [row]);
  }
  return out;
}

function ordered(fields: Json): Json {
  const json: Json = {};
  for (const key of KEY_ORDER) if (Object.hasOwn(fields, key)) json[key] = fields[key];
  for (const key of Object.keys(fields)) if (!Object.hasOwn(json, key)) json[key] = fields[key];
  return json;
}
