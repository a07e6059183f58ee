import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
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
 * pending email/phone change codes (accounts.md §1), one query each per page.
 */
@Injectable()
export class AccountCoreRelations {
  readonly loaders: readonly AccountRelationLoader[];

  constructor(
    private readonly dataSource: DataSource,
    @InjectSettings() private readonly settings: Settings,
  ) {
    this.loaders = [this.passwords(), this.provisioningToken(), this.dictionary(), this.activationExpiration(), this.emailChangeCode(), this.phoneChangeCode()];
  }

  private passwords(): AccountRelationLoader {
    return {
      key: 'passwords',
      variants: ['default', 'admin', 'recover'],
      empty: () => ({ passwords: [] }),
      load: async (accounts, variant) => {
        const rows = await this.dataSource.manager.find(Password, { where: { account_id: In(ids(accounts)) }, order: { id: 'ASC' } });
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
        const rows = await this.latest(ProvisioningToken, 'provisioning_tokens', accounts, 'l.used = :unused', { unused: false });
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
        const rows = await this.dataSource.manager.find(AccountDictionaryEntry, { where: { account_id: In(ids(accounts)) }, order: { id: 'ASC' } });
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
        const rows = await this.dataSource.manager.find(ActivationExpiration, { where: { account_id: In(ids(accounts)) } });
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
        const rows = await this.latest(EmailChangeCode, 'email_change_codes', accounts, 'l.code IS NOT NULL');
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
        const rows = await this.latest(PhoneChangeCode, 'phone_change_codes', accounts, 'l.code IS NOT NULL');
        return mapValues(latestByAccount(rows), (row) => ({ phone_change_code: changeCode({ phone: row.phone }, row, variant === 'show') }));
      },
    };
  }

  /** The latest row per account of a table, among those matching `condition`. */
  private latest<T extends { account_id: number }>(
    entity: new () => T,
    table: string,
    accounts: Account[],
    condition: string,
    params: Record<string, unknown> = {},
  ): Promise<T[]> {
    return this.dataSource.manager
      .getRepository(entity)
      .createQueryBuilder('r')
      .where(`r.id IN (SELECT MAX(l.id) FROM ${table} l WHERE l.account_id IN (:...ids) AND ${condition} GROUP BY l.account_id)`, {
        ids: ids(accounts),
        ...params,
      })
      .getMany();
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
