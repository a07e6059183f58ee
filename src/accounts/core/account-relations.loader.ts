import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RowsForIds } from '../../database/fixed-sql';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { iso, plainDateTime } from '../../common/serialize';
import type { AccountRelationLoader, Json } from '../account.serializer';
import { ALL_VARIANTS, groupByAccount } from '../account.serializer';
import { Account } from '../entities/account.entity';
import { AccountDictionaryEntry } from '../entities/account-dictionary-entry.entity';
import { ActivationExpiration } from '../entities/activation-expiration.entity';
import { EmailChangeCode } from '../entities/email-change-code.entity';
import { Password } from '../entities/password.entity';
import { PhoneChangeCode } from '../entities/phone-change-code.entity';
import { ProvisioningToken } from '../entities/provisioning-token.entity';
import { allFresh, writtenRows } from './fresh-accounts';

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
 * pending email/phone change codes (accounts.md §1), one query each per page,
 * of fixed SQL text (no query builder per request, issue 9).
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
    // the latest row per account among those matching `condition`
    const latest = <T extends { account_id: number }>(entity: new () => T, table: string, condition: string) =>
      new RowsForIds(
        dataSource,
        entity,
        (select, quoted, ids) =>
          `SELECT ${select} FROM ${quoted} r WHERE r.id IN ` +
          `(SELECT MAX(l.id) FROM ${table} l WHERE l.account_id IN (${ids}) AND ${condition} GROUP BY l.account_id)`,
      );
    this.rows = {
      passwords: all(Password),
      dictionary: all(AccountDictionaryEntry),
      activationExpirations: all(ActivationExpiration),
      provisioningTokens: latest(ProvisioningToken, 'provisioning_tokens', 'l.used = 0'),
      emailChangeCodes: latest(EmailChangeCode, 'email_change_codes', 'l.code IS NOT NULL'),
      phoneChangeCodes: latest(PhoneChangeCode, 'phone_change_codes', 'l.code IS NOT NULL'),
    };
    this.loaders = [this.passwords(), this.provisioningToken(), this.dictionary(), this.activationExpiration(), this.emailChangeCode(), this.phoneChangeCode()];
  }

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

  private provisioningToken(): AccountRelationLoader {
    return {
      key: 'provisioning_token',
      variants: ALL_VARIANTS,
      empty: () => ({ provisioning_token: null, provisioning_token_expire_at: null }),
      load: async (accounts) => {
        const minutes = this.settings.provisioningTokenExpirationMinutes;
        const rows = writtenRows(accounts, 'provisioningTokens') ?? (await this.rows.provisioningTokens.load(ids(accounts)));
        return mapValues(latestByAccount(rows), (token) => ({
          provisioning_token: token.token ?? null,
          provisioning_token_expire_at:
            minutes > 0 && token.created_at ? iso(new Date(new Date(token.created_at).getTime() + minutes * 60_000)) : null,
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

  private activationExpiration(): AccountRelationLoader {
    return {
      key: 'activation_expiration',
      variants: ALL_VARIANTS,
      empty: () => ({ confirmation_key_expires: null, activation_expiration: null }),
      load: async (accounts) => {
        const rows = writtenRows(accounts, 'activationExpirations') ?? (await this.rows.activationExpirations.load(ids(accounts)));
        return mapValues(latestByAccount(rows), (expiration) => ({
          confirmation_key_expires: plainDateTime(expiration.expires),
          activation_expiration: {
            id: expiration.id,
            account_id: expiration.account_id,
            expires: plainDateTime(expiration.expires),
            created_at: iso(expiration.created_at),
            updated_at: iso(expiration.updated_at),
          },
        }));
      },
    };
  }

  private emailChangeCode(): AccountRelationLoader {
    return {
      key: 'email_change_code',
      variants: ALL_VARIANTS,
      empty: () => ({ email_change_code: null }),
      load: async (accounts, variant) => {
        if (allFresh(accounts)) return new Map();
        const rows = await this.rows.emailChangeCodes.load(ids(accounts));
        return mapValues(latestByAccount(rows), (row) => ({ email_change_code: changeCode({ email: row.email }, row, variant === 'show') }));
      },
    };
  }

  private phoneChangeCode(): AccountRelationLoader {
    return {
      key: 'phone_change_code',
      variants: ['list', 'show'],
      empty: () => ({ phone_change_code: null }),
      load: async (accounts, variant) => {
        if (allFresh(accounts)) return new Map();
        const rows = await this.rows.phoneChangeCodes.load(ids(accounts));
        return mapValues(latestByAccount(rows), (row) => ({ phone_change_code: changeCode({ phone: row.phone }, row, variant === 'show') }));
      },
    };
  }
}

function ids(accounts: Account[]): number[] {
  return accounts.map((a) => a.id);
}

/** One row per account; with several, the last one wins (as a Map built from the rows). */
function latestByAccount<T extends { account_id: number }>(rows: T[]): Map<number, T> {
  return new Map(rows.map((row) => [row.account_id, row]));
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
