import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

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

/**
 * A SELECT of an entity's rows for a list of ids (a page's accounts), its
 * text built once per list length: `sql` gets the column list (alias `r`),
 * the quoted table and the `?, ?, …` placeholders of the ids.
 */
export class RowsForIds<T extends ObjectLiteral> {
  private readonly columns: EntityColumns<T>;
  private readonly texts = new Map<number, string>();

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<T>,
    private readonly sql: (select: string, table: string, placeholders: string) => string,
  ) {
    this.columns = new EntityColumns(dataSource, target, 'r');
  }

  async load(ids: readonly number[]): Promise<T[]> {
    if (ids.length === 0) return [];
    let text = this.texts.get(ids.length);
    if (text === undefined) {
      text = this.sql(this.columns.select, this.columns.table, ids.map(() => '?').join(', '));
      // page sizes are few; an unusual length is built again rather than kept
      if (this.texts.size < 32) this.texts.set(ids.length, text);
    }
    const rows = (await this.dataSource.query(text, [...ids])) as Record<string, unknown>[];
    return rows.map((row) => this.columns.hydrate(row));
  }
}

/** `?, ?, …`: the placeholders of a list of `count` parameters. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

/** Runs a fixed INSERT/UPDATE/DELETE and returns the number of rows it changed (both engines). */
export async function execute(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<number> {
  const runner = dataSource.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    return result.affected ?? 0;
  } finally {
    await runner.release();
  }
}
