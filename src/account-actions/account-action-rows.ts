import type { DataSource, ObjectLiteral } from 'typeorm';
import { groupByAccount } from '../account-core/account-relation-loader';
import { relationColumns, RelationRows } from '../account-core/relation-rows';
import { Account } from '../account-core/entities/account.entity';
import { AccountAction } from './entities/account-action.entity';

/** An action as the account JSON and the vCards show it. */
export interface AccountActionRef {
  id: number;
  key: string;
  code: string;
}

/**
 * The `action` member of a relations statement (src/account-core/relation-rows.ts):
 * the actions of the accounts whose id is `IN (ids)`, where `ids` is
 * placeholders or a subquery (a set of any size in one statement). Only
 * accounts with a DTMF protocol show actions (accounts.md §1).
 */
export function accountActionsMember(dataSource: DataSource): (ids: string) => string {
  const q = (name: string) => dataSource.driver.escape(name);
  const table = (entity: new () => ObjectLiteral) => q(dataSource.getMetadata(entity).tableName);
  return (ids) =>
    `SELECT ${relationColumns('action', { account_id: 'r.account_id', id: 'r.id', s1: `r.${q('key')}`, s2: 'r.code' })} FROM ${table(AccountAction)} r ` +
    `INNER JOIN ${table(Account)} a ON a.id = r.account_id WHERE r.account_id IN (${ids}) AND a.dtmf_protocol IS NOT NULL`;
}

/** The `action` rows of a relations statement, per account, in action id order. */
export function actionsByAccount(rows: RelationRows): Map<number, AccountActionRef[]> {
  const out = new Map<number, AccountActionRef[]>();
  for (const [accountId, list] of groupByAccount(rows.get('action') ?? [])) {
    out.set(
      accountId,
      list.map((row) => ({ id: row.id, key: row.s1!, code: row.s2! })),
    );
  }
  return out;
}
