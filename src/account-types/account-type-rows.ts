import type { DataSource, ObjectLiteral } from 'typeorm';
import { Account } from '../account-core/entities/account.entity';
import { relationColumns, RelationRows } from '../account-core/relation-rows';
import { groupByAccount } from '../account-core/account-relation-loader';
import { Space } from '../account-core/entities/space.entity';
import { AccountAccountType } from './entities/account-account-type.entity';
import { AccountType } from './entities/account-type.entity';

/** A type as the account JSON and the vCards show it. */
export interface AccountTypeRef {
  id: number;
  key: string;
}

/**
 * The `type` member of a relations statement (src/account-core/relation-rows.ts):
 * the types of the accounts whose id is `IN (ids)`, where `ids` is placeholders
 * or a subquery (a set of any size in one statement, e.g. every contact of a
 * vCard list). Only types of the account's own Space count: an account moved
 * to another domain shows none of its former Space's (deviation 19).
 */
export function accountTypesMember(dataSource: DataSource): (ids: string) => string {
  const q = (name: string) => dataSource.driver.escape(name);
  const table = (entity: new () => ObjectLiteral) => q(dataSource.getMetadata(entity).tableName);
  return (ids) =>
    `SELECT ${relationColumns('type', { account_id: 'l.account_id', id: 't.id', s1: `t.${q('key')}` })} FROM ${table(AccountAccountType)} l ` +
    `INNER JOIN ${table(AccountType)} t ON t.id = l.account_type_id INNER JOIN ${table(Account)} a ON a.id = l.account_id ` +
    `INNER JOIN ${table(Space)} s ON s.id = t.space_id AND s.domain = a.domain WHERE l.account_id IN (${ids})`;
}

/** The `type` rows of a relations statement, per account, in type id order. */
export function typesByAccount(rows: RelationRows): Map<number, AccountTypeRef[]> {
  const out = new Map<number, AccountTypeRef[]>();
  for (const [accountId, list] of groupByAccount(rows.get('type') ?? []))
    out.set(
      accountId,
      list.map((row) => ({ id: row.id, key: row.s1! })),
    );
  return out;
}
