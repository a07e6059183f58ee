import type { DataSource } from 'typeorm';
import { retryTransaction } from './retry';
import { selectRows, writeRows } from './statements';

/**
 * One statement that inserts a row, or updates the row of the same unique
 * key, and tells which it did and the row's id, without reading first
 * (issue 17: the ingestion of Flexisip's statistics). Neither engine says it
 * directly, so the update branch leaves a mark:
 *
 * - MySQL/MariaDB: `id = LAST_INSERT_ID(id + EXISTING) - EXISTING` keeps the
 *   id and makes the answer's `insertId` that id plus EXISTING (MySQL's
 *   `id = LAST_INSERT_ID(id)` idiom, shifted); an insert's own id is below it.
 *   The affected-rows count cannot tell: with CLIENT_FOUND_ROWS (mysql2's
 *   default) an unchanged update counts 1, as an insert does.
 * - SQLite: the update branch passes the id through `flexiapi_upsert_mark()`
 *   and `RETURNING` reads `flexiapi_upsert_marked()`, two functions of the
 *   connection (`registerUpsertFunctions`); better-sqlite3 runs the whole
 *   statement synchronously, so no other statement comes in between.
 *
 * The statement is an `INSERT … SELECT … WHERE …`: when the SELECT finds no
 * row (a parent that does not exist, or outside the caller's scope), nothing
 * is written and the outcome is `undefined`.
 */
const EXISTING = 2 ** 52;

export interface Upserted {
  id: number;
  created: boolean;
}

export interface UpsertShape {
  /** `INSERT INTO table (…) SELECT … FROM … WHERE …`, the same text on both engines */
  insert: string;
  table: string;
  /** the unique key's columns (SQLite names the conflict target) */
  key: string[];
  /**
   * the update branch's assignments (`column = expression`), written with
   * `fresh(column)` for the value the INSERT brought and `old(column)` for
   * the stored one; may be empty (a replay changes nothing)
   */
  assignments: (fresh: (column: string) => string, old: (column: string) => string) => string[];
}

const isMysql = (dataSource: DataSource): boolean => dataSource.options.type === 'mysql';

/** The statement's text for the data source's engine (built once, run many times). */
export function upsertSql(dataSource: DataSource, shape: UpsertShape): string {
  const old = (column: string) => `${shape.table}.${column}`;
  if (isMysql(dataSource)) {
    const assignments = shape.assignments((column) => `VALUES(${column})`, old);
    return `${shape.insert} ON DUPLICATE KEY UPDATE ${[...assignments, `${old('id')} = LAST_INSERT_ID(${old('id')} + ${EXISTING}) - ${EXISTING}`].join(', ')}`;
  }
  const assignments = shape.assignments((column) => `excluded.${column}`, old);
  return (
    `${shape.insert} ON CONFLICT (${shape.key.join(', ')}) DO UPDATE SET ${[...assignments, `id = flexiapi_upsert_mark(${old('id')})`].join(', ')} ` +
    'RETURNING id, flexiapi_upsert_marked() AS updated'
  );
}

/** Runs a statement of `upsertSql`; InnoDB deadlocks between concurrent upserts of one key are retried. */
export function runUpsert(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<Upserted | undefined> {
  return retryTransaction(async () => {
    if (isMysql(dataSource)) {
      const { affected, insertId } = await writeRows(dataSource, sql, parameters);
      if (insertId >= EXISTING) return { id: insertId - EXISTING, created: false };
      return affected > 0 ? { id: insertId, created: true } : undefined;
    }
    const [row] = await selectRows(dataSource, sql, parameters);
    return row ? { id: Number(row.id), created: Number(row.updated) !== 1 } : undefined;
  });
}

interface SqliteFunctions {
  function(name: string, options: { deterministic: boolean }, fn: (...args: unknown[]) => unknown): unknown;
}

/** The SQLite side of `upsertSql`, on each connection TypeORM opens (data-source-options.ts). */
export function registerUpsertFunctions(db: SqliteFunctions): void {
  let marked = false;
  db.function('flexiapi_upsert_mark', { deterministic: false }, (value) => {
    marked = true;
    return value;
  });
  db.function('flexiapi_upsert_marked', { deterministic: false }, () => {
    const was = marked;
    marked = false;
    return was ? 1 : 0;
  });
}
