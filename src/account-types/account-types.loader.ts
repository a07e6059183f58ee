import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccountRelationLoader } from '../accounts/account.serializer';
import { ALL_VARIANTS, groupByAccount } from '../accounts/account.serializer';
import { AccountAction } from '../accounts/entities/account-action.entity';
import { AccountAccountType } from './entities/account-account-type.entity';
import { AccountType } from './entities/account-type.entity';
import { allFresh, isFresh } from '../accounts/core/fresh-accounts';
import { MemberText, relationColumns } from '../accounts/core/relation-rows';

/**
 * `types` and `actions` of the account JSON (accounts.md §1): their SELECTs
 * are members of the page's one relations statement (kinds `type` and
 * `action`, accounts/core/relation-rows.ts).
 */
@Injectable()
export class AccountTypesLoaders {
  private readonly typesSql: MemberText;
  private readonly actionsSql: MemberText;

  constructor(dataSource: DataSource) {
    const q = (name: string) => dataSource.driver.escape(name);
    const table = (entity: new () => object) => q(dataSource.getMetadata(entity).tableName);
    this.typesSql = new MemberText(
      (ids) =>
        `SELECT ${relationColumns('type', { account_id: 'l.account_id', id: 't.id', s1: `t.${q('key')}` })} FROM ${table(AccountAccountType)} l ` +
        `INNER JOIN ${table(AccountType)} t ON t.id = l.account_type_id WHERE l.account_id IN (${ids})`,
    );
    this.actionsSql = new MemberText(
      (ids) =>
        `SELECT ${relationColumns('action', { account_id: 'r.account_id', id: 'r.id', s1: `r.${q('key')}`, s2: 'r.code' })} ` +
        `FROM ${table(AccountAction)} r WHERE r.account_id IN (${ids})`,
    );
  }

  /** The account's types, in type id order. */
  readonly types: AccountRelationLoader = {
    key: 'types',
    variants: ALL_VARIANTS,
    empty: () => ({ types: [] }),
    // an account created by this request has no types yet
    select: (accounts) => (allFresh(accounts) ? [] : [this.typesSql.select(accounts.map((a) => a.id))]),
    render: (_accounts, _variant, rows) => {
      const out = new Map<number, Record<string, unknown>>();
      for (const [accountId, list] of groupByAccount(rows.get('type') ?? [])) {
        out.set(accountId, { types: list.map((row) => ({ id: row.id, key: row.s1 })) });
      }
      return out;
    },
  };

  /** The DTMF actions, shown only for accounts with a DTMF protocol. */
  readonly actions: AccountRelationLoader = {
    key: 'actions',
    variants: ALL_VARIANTS,
    empty: () => ({ actions: [] }),
    select: (accounts) => {
      const dtmf = accounts.filter((a) => a.dtmf_protocol !== null && !isFresh(a)).map((a) => a.id);
      return dtmf.length === 0 ? [] : [this.actionsSql.select(dtmf)];
    },
    render: (_accounts, _variant, rows) => {
      const out = new Map<number, Record<string, unknown>>();
      for (const [accountId, list] of groupByAccount(rows.get('action') ?? [])) {
        out.set(accountId, { actions: list.map((a) => ({ id: a.id, key: a.s1, code: a.s2 })) });
      }
      return out;
    },
  };
}
