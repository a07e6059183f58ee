import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import { selectRows } from './statements';

/**
 * The columns of an entity for hot-path SQL written once (fixed text, no
 * query builder per request): `select` lists them as `alias_column`, and
 * `hydrate` turns such a raw row back into the entity with the driver's own
 * conversions (SQLite's 0/1 booleans and date strings …), as TypeORM's query
 * builder would. The same text runs on both engines: identifiers are quoted
 * by the driver and parameters are `?` for better-sqlite3 and mysql2 alike.
 */
export class EntityColumns<T extends ObjectLiteral> {
  readonly select: string;
  private readonly metadata: EntityMetadata;

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
    readonly alias: string,
  ) {
    this.metadata = dataSource.getMetadata(target);
    const q = (name: string) => dataSource.driver.escape(name);
    this.select = this.metadata.columns
      .map((column) => `${q(alias)}.${q(column.databaseName)} AS ${q(`${alias}_${column.databaseName}`)}`)
      .join(', ');
  }

  /** The quoted table name, for the FROM and JOIN clauses. */
  get table(): string {
    return this.dataSource.driver.escape(this.metadata.tableName);
  }

  hydrate(raw: Record<string, unknown>): T {
    const entity = this.metadata.create() as T;
    for (const column of this.metadata.columns) {
      const value = raw[`${this.alias}_${column.databaseName}`];
      if (value !== undefined) column.setEntityValue(entity, this.dataSource.driver.prepareHydratedValue(value, column));
    }
    return entity;
  }
}

/** Escapes an identifier for the engine (table and column names of fixed SQL). */
export const quoted = (dataSource: DataSource, name: string): string => dataSource.driver.escape(name);

/** `?, ?, …`: the placeholders of a list of `count` parameters. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

/**
 * A fixed INSERT of one or more rows of an entity (the columns named in the
 * first row, in that order), its values converted by the driver as TypeORM's
 * `save()` would (SQLite's 0/1 booleans and date strings …), without
 * `save()`'s listeners, re-reads and per-call SQL building. Returns the first
 * row's generated id (better-sqlite3's `lastInsertRowid`, mysql2's `insertId`);
 * run it on the transaction's query runner.
 */
export async function insertRows<T extends ObjectLiteral>(
  runner: QueryRunner,
  target: EntityTarget<T>,
  rows: Partial<T>[],
): Promise<number> {
  const metadata = runner.connection.getMetadata(target);
  const driver = runner.connection.driver;
  const names = Object.keys(rows[0]);
  const columns = names.map((name) => {
    const column = metadata.findColumnWithPropertyName(name);
    if (!column) throw new Error(`${metadata.name} has no column ${name}`);
    return column;
  });
  const parameters: unknown[] = [];
  for (const row of rows)
    for (const column of columns) parameters.push(driver.preparePersistentValue(row[column.propertyName as keyof T], column));
  const tuple = `(${placeholders(columns.length)})`;
  const sql =
    `INSERT INTO ${driver.escape(metadata.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) ` +
    `VALUES ${rows.map(() => tuple).join(', ')}`;
  const result = await runner.query(sql, parameters, true);
  const raw = result.raw as number | bigint | { insertId?: number } | undefined;
  return Number(typeof raw === 'object' && raw !== null ? raw.insertId : raw);
}

/**
 * `EXISTS` lookups batched into one statement: the checks asked while the
 * current microtasks run (class-validator starts every async rule of a body
 * before awaiting any) go out together on the next tick as
 * `SELECT EXISTS (…) AS e0, EXISTS (…) AS e1 …`, each check keeping its own
 * answer; the same text runs on both engines (issue 9).
 */
export class ExistenceChecks {
  private pending: { subquery: string; parameters: unknown[]; settle: (exists: boolean) => void; fail: (error: unknown) => void }[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /** Whether `subquery` (a `SELECT 1 FROM … WHERE …`) has a row. */
  check(subquery: string, parameters: unknown[]): Promise<boolean> {
    return new Promise((settle, fail) => {
      if (this.pending.push({ subquery, parameters, settle, fail }) === 1) process.nextTick(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const sql = `SELECT ${batch.map((check, i) => `EXISTS (${check.subquery}) AS e${i}`).join(', ')}`;
    try {
      const rows = await selectRows(
        this.dataSource,
        sql,
        batch.flatMap((check) => check.parameters),
      );
      batch.forEach((check, i) => check.settle(Number(rows[0][`e${i}`]) === 1));
    } catch (error) {
      for (const check of batch) check.fail(error);
    }
  }
}
