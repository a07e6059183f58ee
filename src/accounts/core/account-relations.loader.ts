import { Injectable } from '@nestjs/common';
import { DataSource, ObjectLiteral } from 'typeorm';
import { EntityColumns, placeholders } from '../../database/fixed-sql';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { iso, plainDateTime } from '../../common/serialize';
import type { AccountRelationLoader, AccountVariant, Json } from '../account.serializer';
import { ALL_VARIANTS, groupByAccount } from '../account.serializer';
import { Account } from '../entities/account.entity';
import { AccountDictionaryEntry } from '../entities/account-dictionary-entry.entity';
import { ActivationExpiration } from '../entities/activation-expiration.entity';
import { EmailChangeCode } from '../entities/email-change-code.entity';
import { Password } from '../entities/password.entity';
import { PhoneChangeCode } from '../entities/phone-change-code.entity';
import { ProvisioningToken } from '../entities/provisioning-token.entity';
import { writtenRows } from './fresh-accounts';

interface ChangeCodeRow {
  code: string | null;
  created_at: Date | null;
  updated_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

/**
 * The parts of the account JSON stored in tables the accounts module owns:
 * passwords, provisioning token, dictionary, activation expiration and the
 * pending email/phone change codes (accounts.md §1), of fixed SQL text (no
 * query builder per request, issue 9): one statement per page for the
 * passwords and the dictionary, one for all the relations of at most one row.
 */
@Injectable()
export class AccountCoreRelations {
  readonly loaders: readonly AccountRelationLoader[];

  constructor(
    dataSource: DataSource,
    @InjectSettings() private readonly settings: Settings,
  ) {
    this.manyRows = new ManyRowRelations(dataSource);
    this.oneRow = new OneRowRelations(dataSource);
    this.loaders = [this.passwordsAndDictionary(), this.oneRowRelations()];
  }

  private readonly manyRows: ManyRowRelations;
  private readonly oneRow: OneRowRelations;

  /**
   * The passwords (in the variants that show them) and the dictionary: one
   * statement for the page, the two tables' rows in a UNION ALL.
   */
  private passwordsAndDictionary(): AccountRelationLoader {
    const withPasswords = (variant: AccountVariant) => variant === 'default' || variant === 'admin' || variant === 'recover';
    return {
      key: 'passwords_and_dictionary',
      variants: ALL_VARIANTS,
      empty: (variant) => ({ ...(withPasswords(variant) ? { passwords: [] } : {}), dictionary: {} }),
      load: async (accounts, variant) => {
        const passwords = withPasswords(variant);
        const written = writtenRows(accounts, 'dictionary');
        const rows = written
          ? { passwords: writtenRows(accounts, 'passwords') ?? [], dictionary: written }
          : await this.manyRows.load(ids(accounts), passwords);
        const out = new Map<number, Json>();
        const passwordsOf = groupByAccount(rows.passwords);
        const dictionaryOf = groupByAccount(rows.dictionary);
        for (const accountId of new Set([...passwordsOf.keys(), ...dictionaryOf.keys()])) {
          const dictionary: Record<string, string> = {};
          for (const row of dictionaryOf.get(accountId) ?? []) dictionary[row.key] = row.value;
          out.set(accountId, {
            ...(passwords
              ? {
                  passwords: (passwordsOf.get(accountId) ?? []).map((p) =>
                    variant === 'recover' ? { password: p.password, algorithm: p.algorithm } : { algorithm: p.algorithm },
                  ),
                }
              : {}),
            dictionary,
          });
        }
        return out;
      },
    };
  }

  /**
   * The relations of at most one row shown per account (the current
   * provisioning token, the activation expiration, the pending email change
   * code and, in the admin list and show, the phone one), in one statement
   * for the page: an entry for every account, so `empty` is never used.
   */
  private oneRowRelations(): AccountRelationLoader {
    const withPhone = (variant: AccountVariant) => variant === 'list' || variant === 'show';
    return {
      key: 'one_row_relations',
      variants: ALL_VARIANTS,
      empty: (variant) => ({
        ...this.token(undefined),
        ...this.expiration(undefined),
        email_change_code: null,
        ...(withPhone(variant) ? { phone_change_code: null } : {}),
      }),
      load: async (accounts, variant) => {
        const phone = withPhone(variant);
        const written = writtenRows(accounts, 'provisioningTokens');
        // just created: the token and expiration written, no change code yet
        const rows: OneRows[] = written
          ? accounts.map((account) => ({
              account_id: account.id,
              token: written.find((t) => t.account_id === account.id),
              expiration: writtenRows([account], 'activationExpirations')?.[0],
            }))
          : await this.oneRow.load(ids(accounts), phone);
        const out = new Map<number, Json>();
        for (const row of rows) {
          out.set(row.account_id, {
            ...this.token(row.token),
            ...this.expiration(row.expiration),
            email_change_code: row.emailCode ? changeCode({ email: row.emailCode.email }, row.emailCode, variant === 'show') : null,
            ...(phone ? { phone_change_code: row.phoneCode ? changeCode({ phone: row.phoneCode.phone }, row.phoneCode, variant === 'show') : null } : {}),
          });
        }
        return out;
      },
    };
  }

  private token(token: ProvisioningToken | undefined): Json {
    if (!token) return { provisioning_token: null, provisioning_token_expire_at: null };
    const minutes = this.settings.provisioningTokenExpirationMinutes;
    return {
      provisioning_token: token.token ?? null,
      provisioning_token_expire_at: minutes > 0 && token.created_at ? iso(new Date(new Date(token.created_at).getTime() + minutes * 60_000)) : null,
    };
  }

  private expiration(expiration: ActivationExpiration | undefined): Json {
    if (!expiration) return { confirmation_key_expires: null, activation_expiration: null };
    return {
      confirmation_key_expires: plainDateTime(expiration.expires),
      activation_expiration: {
        id: expiration.id,
        account_id: expiration.account_id,
        expires: plainDateTime(expiration.expires),
        created_at: iso(expiration.created_at),
        updated_at: iso(expiration.updated_at),
      },
    };
  }
}

interface PasswordRow {
  account_id: number;
  algorithm: string;
  password: string;
}

interface DictionaryRow {
  account_id: number;
  key: string;
  value: string;
}

/**
 * The passwords and the dictionary entries of a page of accounts in one
 * statement (a UNION ALL of both tables, id order within each); fixed text
 * per (page length, with the passwords or not).
 */
class ManyRowRelations {
  private readonly texts = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  private sql(count: number, passwords: boolean): string {
    const key = `${count}:${passwords}`;
    let text = this.texts.get(key);
    if (text !== undefined) return text;
    const q = (name: string) => this.dataSource.driver.escape(name);
    const table = (entity: new () => ObjectLiteral) => q(this.dataSource.getMetadata(entity).tableName);
    const ids = placeholders(count);
    const dictionary =
      `SELECT 1 AS kind, d.account_id AS account_id, d.id AS id, d.${q('key')} AS a, d.${q('value')} AS b ` +
      `FROM ${table(AccountDictionaryEntry)} d WHERE d.account_id IN (${ids})`;
    text = passwords
      ? `SELECT 0 AS kind, p.account_id AS account_id, p.id AS id, p.algorithm AS a, p.password AS b ` +
        `FROM ${table(Password)} p WHERE p.account_id IN (${ids}) UNION ALL ${dictionary} ORDER BY kind, id`
      : `${dictionary} ORDER BY id`;
    // page sizes are few; an unusual length is built again rather than kept
    if (this.texts.size < 64) this.texts.set(key, text);
    return text;
  }

  async load(accountIds: number[], passwords: boolean): Promise<{ passwords: PasswordRow[]; dictionary: DictionaryRow[] }> {
    const parameters = passwords ? [...accountIds, ...accountIds] : accountIds;
    const rows = (await this.dataSource.query(this.sql(accountIds.length, passwords), parameters)) as {
      kind: number | string;
      account_id: number | string;
      a: string;
      b: string;
    }[];
    const out = { passwords: [] as PasswordRow[], dictionary: [] as DictionaryRow[] };
    for (const row of rows) {
      const accountId = Number(row.account_id);
      if (Number(row.kind) === 0) out.passwords.push({ account_id: accountId, algorithm: row.a, password: row.b });
      else out.dictionary.push({ account_id: accountId, key: row.a, value: row.b });
    }
    return out;
  }
}

interface OneRows {
  account_id: number;
  token?: ProvisioningToken;
  expiration?: ActivationExpiration;
  emailCode?: EmailChangeCode;
  phoneCode?: PhoneChangeCode;
}

/**
 * One LEFT JOIN per relation on its latest matching row (the last id wins,
 * as when the rows were read one relation at a time), for a page of account
 * ids; fixed text per (page length, with the phone code or not).
 */
class OneRowRelations {
  private readonly token: EntityColumns<ProvisioningToken>;
  private readonly expiration: EntityColumns<ActivationExpiration>;
  private readonly emailCode: EntityColumns<EmailChangeCode>;
  private readonly phoneCode: EntityColumns<PhoneChangeCode>;
  private readonly texts = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {
    this.token = new EntityColumns(dataSource, ProvisioningToken, 't');
    this.expiration = new EntityColumns(dataSource, ActivationExpiration, 'x');
    this.emailCode = new EntityColumns(dataSource, EmailChangeCode, 'e');
    this.phoneCode = new EntityColumns(dataSource, PhoneChangeCode, 'p');
  }

  private sql(count: number, phone: boolean): string {
    const key = `${count}:${phone}`;
    let text = this.texts.get(key);
    if (text !== undefined) return text;
    const accounts = this.dataSource.driver.escape(this.dataSource.getMetadata(Account).tableName);
    const latest = (c: EntityColumns<ObjectLiteral>, condition: string) =>
      `LEFT JOIN ${c.table} ${c.alias} ON ${c.alias}.id = (SELECT MAX(l.id) FROM ${c.table} l WHERE l.account_id = a.id${condition})`;
    const joined = phone ? [this.token, this.expiration, this.emailCode, this.phoneCode] : [this.token, this.expiration, this.emailCode];
    text =
      `SELECT a.id AS account_id, ${joined.map((c) => c.select).join(', ')} FROM ${accounts} a ` +
      `${latest(this.token, ' AND l.used = 0')} ${latest(this.expiration, '')} ${latest(this.emailCode, ' AND l.code IS NOT NULL')} ` +
      `${phone ? latest(this.phoneCode, ' AND l.code IS NOT NULL') : ''} WHERE a.id IN (${placeholders(count)})`;
    // page sizes are few; an unusual length is built again rather than kept
    if (this.texts.size < 64) this.texts.set(key, text);
    return text;
  }

  async load(accountIds: number[], phone: boolean): Promise<OneRows[]> {
    const rows = (await this.dataSource.query(this.sql(accountIds.length, phone), accountIds)) as Record<string, unknown>[];
    const some = <T extends ObjectLiteral>(c: EntityColumns<T>, row: Record<string, unknown>) =>
      row[`${c.alias}_id`] === null || row[`${c.alias}_id`] === undefined ? undefined : c.hydrate(row);
    return rows.map((row) => ({
      account_id: Number(row.account_id),
      token: some(this.token, row),
      expiration: some(this.expiration, row),
      emailCode: some(this.emailCode, row),
      phoneCode: phone ? some(this.phoneCode, row) : undefined,
    }));
  }
}

function ids(accounts: Account[]): number[] {
  return accounts.map((a) => a.id);
}

function changeCode(subject: Json, row: ChangeCodeRow, withCode: boolean): Json {
  return {
    ...(withCode ? { code: row.code } : {}),
    ...subject,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    ip: row.ip,
    user_agent: row.user_agent,
  };
}
