import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { iso, plainDateTime } from '../common/serialize';
import { Account } from './entities/account.entity';
import { AccountAction } from './entities/account-action.entity';
import { AccountDictionaryEntry } from './entities/account-dictionary-entry.entity';
import { ActivationExpiration } from './entities/activation-expiration.entity';
import { EmailChangeCode } from './entities/email-change-code.entity';
import { Password } from './entities/password.entity';
import { PhoneChangeCode } from './entities/phone-change-code.entity';
import { ProvisioningToken } from './entities/provisioning-token.entity';
import { AccountAccountType } from '../account-types/entities/account-account-type.entity';
import { AccountType } from '../account-types/entities/account-type.entity';

/**
 * Which account JSON (accounts.md §1):
 * - `default` §1.1 (`/me`, search, activate …);
 * - `admin` §1.2, default + `confirmation_key` (admin create/update);
 * - `list` §1.3 without codes (admin list items);
 * - `show` §1.3 with the pending change codes (admin show);
 * - `recover` default with the stored hashes in `passwords` (dangerous recover).
 */
export type AccountVariant = 'default' | 'admin' | 'list' | 'show' | 'recover';

type Json = Record<string, unknown>;

/** Everything around a set of accounts, one query per relation. */
interface Related {
  passwords: Map<number, Password[]>;
  tokens: Map<number, ProvisioningToken>;
  dictionaries: Map<number, AccountDictionaryEntry[]>;
  expirations: Map<number, ActivationExpiration>;
  emailCodes: Map<number, EmailChangeCode>;
  phoneCodes: Map<number, PhoneChangeCode>;
  types: Map<number, { id: number; key: string }[]>;
  actions: Map<number, AccountAction[]>;
}

function groupBy<T extends { account_id: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const list = out.get(row.account_id);
    if (list) list.push(row);
    else out.set(row.account_id, [row]);
  }
  return out;
}

function byAccount<T extends { account_id: number }>(rows: T[]): Map<number, T> {
  return new Map(rows.map((row) => [row.account_id, row]));
}

/** Account JSON (spec accounts.md §1). */
@Injectable()
export class AccountSerializer {
  constructor(
    @InjectSettings() private readonly settings: Settings,
    private readonly dataSource: DataSource,
  ) {}

  async one(account: Account, variant: AccountVariant = 'default'): Promise<Json> {
    return (await this.many([account], variant))[0];
  }

  /** A whole page in a fixed number of queries (`WHERE account_id IN (…)`). */
  async many(accounts: Account[], variant: AccountVariant = 'default'): Promise<Json[]> {
    if (accounts.length === 0) return [];
    const related = await this.load(accounts, variant);
    return accounts.map((account) => this.render(account, related, variant));
  }

  private render(account: Account, related: Related, variant: AccountVariant): Json {
    const token = related.tokens.get(account.id);
    const expiration = related.expirations.get(account.id);
    const minutes = this.settings.provisioningTokenExpirationMinutes;
    const dictionary: Record<string, string> = {};
    for (const entry of related.dictionaries.get(account.id) ?? []) dictionary[entry.key] = entry.value;
    const withCodes = variant === 'show';

    const json: Json = {
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
      confirmation_key_expires: expiration ? plainDateTime(expiration.expires) : null,
      provisioning_token: token?.token ?? null,
      provisioning_token_expire_at:
        token && minutes > 0 && token.created_at ? iso(new Date(new Date(token.created_at).getTime() + minutes * 60_000)) : null,
      dictionary,
    };
    if (variant === 'admin') json.confirmation_key = account.confirmation_key;
    if (variant !== 'list' && variant !== 'show') {
      json.passwords = (related.passwords.get(account.id) ?? []).map((p) =>
        variant === 'recover' ? { password: p.password, algorithm: p.algorithm } : { algorithm: p.algorithm },
      );
    }
    json.activation_expiration = expiration
      ? {
          id: expiration.id,
          account_id: expiration.account_id,
          expires: plainDateTime(expiration.expires),
          created_at: iso(expiration.created_at),
          updated_at: iso(expiration.updated_at),
        }
      : null;
    const emailCode = related.emailCodes.get(account.id);
    json.email_change_code = emailCode ? changeCode({ email: emailCode.email }, emailCode, withCodes) : null;
    if (variant === 'list' || variant === 'show') {
      const phoneCode = related.phoneCodes.get(account.id);
      json.phone_change_code = phoneCode ? changeCode({ phone: phoneCode.phone }, phoneCode, withCodes) : null;
    }
    json.types = related.types.get(account.id) ?? [];
    json.actions =
      account.dtmf_protocol === null
        ? []
        : (related.actions.get(account.id) ?? []).map((a) => ({ id: a.id, key: a.key, code: a.code }));
    return json;
  }

  private async load(accounts: Account[], variant: AccountVariant): Promise<Related> {
    const ids = accounts.map((a) => a.id);
    const dtmf = accounts.filter((a) => a.dtmf_protocol !== null).map((a) => a.id);
    const withActions = dtmf.length > 0 ? dtmf : undefined;
    const m = this.dataSource.manager;
    const withPasswords = variant !== 'list' && variant !== 'show';
    const withPhoneCode = variant === 'list' || variant === 'show';
    // the latest row per account of a table, among those matching `condition`
    const latest = <T extends { account_id: number }>(
      entity: new () => T,
      table: string,
      condition: string,
      params: Record<string, unknown> = {},
    ): Promise<T[]> =>
      m
        .getRepository(entity)
        .createQueryBuilder('r')
        .where(
          `r.id IN (SELECT MAX(l.id) FROM ${table} l WHERE l.account_id IN (:...ids) AND ${condition} GROUP BY l.account_id)`,
          { ids, ...params },
        )
        .getMany();

    const [passwords, tokens, dictionary, expirations, emailCodes, phoneCodes, types, actions] = await Promise.all([
      withPasswords ? m.find(Password, { where: { account_id: In(ids) }, order: { id: 'ASC' } }) : Promise.resolve([]),
      latest(ProvisioningToken, 'provisioning_tokens', 'l.used = :unused', { unused: false }),
      m.find(AccountDictionaryEntry, { where: { account_id: In(ids) }, order: { id: 'ASC' } }),
      m.find(ActivationExpiration, { where: { account_id: In(ids) } }),
      latest(EmailChangeCode, 'email_change_codes', 'l.code IS NOT NULL'),
      withPhoneCode ? latest(PhoneChangeCode, 'phone_change_codes', 'l.code IS NOT NULL') : Promise.resolve([]),
      m
        .createQueryBuilder(AccountAccountType, 'link')
        .innerJoin(AccountType, 'type', 'type.id = link.account_type_id')
        .select(['link.account_id AS account_id', 'type.id AS id', 'type.key AS type_key'])
        .where('link.account_id IN (:...ids)', { ids })
        .orderBy('type.id', 'ASC')
        .getRawMany<{ account_id: number; id: number; type_key: string }>(),
      // actions are shown only for accounts with a DTMF protocol
      withActions ? m.find(AccountAction, { where: { account_id: In(withActions) }, order: { id: 'ASC' } }) : Promise.resolve([]),
    ]);
    const typeMap = new Map<number, { id: number; key: string }[]>();
    for (const row of types) {
      const accountId = Number(row.account_id);
      const list = typeMap.get(accountId) ?? [];
      list.push({ id: Number(row.id), key: row.type_key });
      typeMap.set(accountId, list);
    }
    return {
      passwords: groupBy(passwords),
      tokens: byAccount(tokens),
      dictionaries: groupBy(dictionary),
      expirations: byAccount(expirations),
      emailCodes: byAccount(emailCodes),
      phoneCodes: byAccount(phoneCodes),
      types: typeMap,
      actions: groupBy(actions),
    };
  }
}

function changeCode(
  subject: Json,
  row: { code: string | null; created_at: Date | null; updated_at: Date | null; ip: string | null; user_agent: string | null },
  withCode: boolean,
): Json {
  return {
    ...(withCode ? { code: row.code } : {}),
    ...subject,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    ip: row.ip,
    user_agent: row.user_agent,
  };
}
