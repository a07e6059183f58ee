import { Injectable } from '@nestjs/common';
import { DataSource, ObjectLiteral } from 'typeorm';
import { EntityColumns, placeholders, RowsForIds } from '../../database/fixed-sql';
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
 * query builder per request, issue 9): one query per page for the passwords,
 * one for the dictionary, one for all the relations of at most one row.
 */
@Injectable()
export class AccountCoreRelations {
  readonly loaders: readonly AccountRelationLoader[];
  private readonly rows;

  constructor(
    dataSource: DataSource,
    @InjectSettings() private readonly settings: Settings,
  ) {
    const all = <T extends { account_id: number }>(entity: new () => T) =>
      new RowsForIds(dataSource, entity, (select, table, ids) => `SELECT ${select} FROM ${table} r WHERE r.account_id IN (${ids}) ORDER BY r.id ASC`);
    this.rows = {
      passwords: all(Password),
      dictionary: all(AccountDictionaryEntry),
    };
    this.oneRow = new OneRowRelations(dataSource);
    this.loaders = [this.passwords(), this.dictionary(), this.oneRowRelations()];
  }

  private readonly oneRow: OneRowRelations;

  private passwords(): AccountRelationLoader {
    return {
      key: 'passwords',
      variants: ['default', 'admin', 'recover'],
      empty: () => ({ passwords: [] }),
      load: async (accounts, variant) => {
        const rows = writtenRows(accounts, 'passwords') ?? (await this.rows.passwords.load(ids(accounts)));
        return mapValues(groupByAccount(rows), (list) => ({
          passwords: list.map((p) => (variant === 'recover' ? { password: p.password, algorithm: p.algorithm } : { algorithm: p.algorithm })),
        }));
      },
    };
  }

  private dictionary(): AccountRelationLoader {
    return {
      key: 'dictionary',
      variants: ALL_VARIANTS,
      empty: () => ({ dictionary: {} }),
      load: async (accounts) => {
        const rows = writtenRows(accounts, 'dictionary') ?? (await this.rows.dictionary.load(ids(accounts)));
        return mapValues(groupByAccount(rows), (entries) => {
          const dictionary: Record<string, string> = {};
          for (const entry of entries) dictionary[entry.key] = entry.value;
          return { dictionary };
        });
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

function mapValues<K, V>(map: Map<K, V>, render: (value: V) => Json): Map<K, Json> {
  return new Map([...map].map(([key, value]) => [key, render(value)]));
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
