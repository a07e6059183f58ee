import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { placeholders, RowsForIds } from '../database/fixed-sql';
import type { AccountRelationLoader } from '../accounts/account.serializer';
import { ALL_VARIANTS, groupByAccount } from '../accounts/account.serializer';
import { AccountAction } from '../accounts/entities/account-action.entity';
import { AccountAccountType } from './entities/account-account-type.entity';
import { AccountType } from './entities/account-type.entity';
import { allFresh, isFresh } from '../accounts/core/fresh-accounts';

/** `types` and `actions` of the account JSON (accounts.md §1), one query each per page, of fixed SQL text (issue 9). */
@Injectable()
export class AccountTypesLoaders {
  private readonly typesSql: (ids: number) => string;
  private readonly actionRows: RowsForIds<AccountAction>;

  constructor(private readonly dataSource: DataSource) {
    const q = (name: string) => dataSource.driver.escape(name);
    const links = q(dataSource.getMetadata(AccountAccountType).tableName);
    const types = q(dataSource.getMetadata(AccountType).tableName);
    this.typesSql = (ids) =>
      `SELECT l.account_id AS account_id, t.id AS id, t.${q('key')} AS type_key FROM ${links} l ` +
      `INNER JOIN ${types} t ON t.id = l.account_type_id WHERE l.account_id IN (${placeholders(ids)}) ORDER BY t.id ASC`;
    this.actionRows = new RowsForIds(dataSource, AccountAction, (select, table, ids) => `SELECT ${select} FROM ${table} r WHERE r.account_id IN (${ids}) ORDER BY r.id ASC`);
  }

  /** The account's types, in type id order. */
  readonly types: AccountRelationLoader = {
    key: 'types',
    variants: ALL_VARIANTS,
    empty: () => ({ types: [] }),
    load: async (accounts) => {
      // an account created by this request has no types yet
      if (allFresh(accounts)) return new Map();
      const ids = accounts.map((a) => a.id);
      const rows = (await this.dataSource.query(this.typesSql(ids.length), ids)) as { account_id: number; id: number; type_key: string }[];
      const out = new Map<number, Record<string, unknown>>();
      for (const [accountId, list] of groupByAccount(rows)) {
        out.set(accountId, { types: list.map((row) => ({ id: Number(row.id), key: row.type_key })) });
      }
      return out;
    },
  };

  /** The DTMF actions, shown only for accounts with a DTMF protocol. */
  readonly actions: AccountRelationLoader = {
    key: 'actions',
    variants: ALL_VARIANTS,
    empty: () => ({ actions: [] }),
    load: async (accounts) => {
      const dtmf = accounts.filter((a) => a.dtmf_protocol !== null && !isFresh(a)).map((a) => a.id);
      if (dtmf.length === 0) return new Map();
      const rows = await this.actionRows.load(dtmf);
      const out = new Map<number, Record<string, unknown>>();
      for (const [accountId, list] of groupByAccount(rows)) {
        out.set(accountId, { actions: list.map((a) => ({ id: a.id, key: a.key, code: a.code })) });
      }
      return out;
    },
  };
}
