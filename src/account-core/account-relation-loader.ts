import type { Account } from './entities/account.entity';
import type { RelationRows, RelationSelect } from './relation-rows';

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
 * SELECTs, members of a UNION ALL in generic columns (relation-rows.ts),
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
