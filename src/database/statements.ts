import { DataSource, QueryFailedError } from 'typeorm';
import { markPoolError } from './database-errors';

type Rows = Record<string, unknown>[];
/** `read`: the rows of a SELECT; otherwise the number of rows a write changed */
type Runner = (sql: string, parameters: unknown[], read: boolean) => Promise<Rows | number>;

interface SqliteStatement {
  all(...parameters: unknown[]): Rows;
  run(...parameters: unknown[]): { changes: number };
}

interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

interface MysqlConnection {
  execute(sql: string, values: unknown[], callback: (error: Error | null, rows?: unknown) => void): unknown;
  release(): void;
  destroy(): void;
}

interface MysqlPool {
  getConnection(callback: (error: Error | null, connection?: MysqlConnection) => void): void;
}

/** the installed runner of each data source (server only; elsewhere `dataSource.query`) */
const runners = new WeakMap<DataSource, Runner>();

/** better-sqlite3 statements kept per text; past this many, the cache starts over */
const SQLITE_CACHE = 256;

/**
 * Hot statements of fixed text (authentication, the account and its
 * relations, DIGEST's nonce counts) run at the driver level on TypeORM's own connection, without a
 * query runner per call (issue 9): on SQLite a better-sqlite3 statement
 * prepared once per text; on MySQL/MariaDB mysql2's `execute()` (prepared on
 * the server, cached per pooled connection) on TypeORM's pool, whose options
 * (timezone, big numbers) are TypeORM's, so rows hydrate as before. Each
 * statement is still reported to TypeORM's logger (DB_QUERY_COUNT_HEADER),
 * and its errors are QueryFailedErrors as TypeORM's (database-errors.ts).
 * Not for transactions: those keep their manager.
 */
export function installStatements(dataSource: DataSource, timeoutMs: number): void {
  if (dataSource.options.type === 'better-sqlite3') runners.set(dataSource, sqliteRunner(dataSource));
  else if (dataSource.options.type === 'mysql') runners.set(dataSource, mysqlRunner(dataSource, timeoutMs));
}

/** The rows of a fixed SELECT (parameters `?`), on both engines. */
export function selectRows(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<Rows> {
  const run = runners.get(dataSource);
  if (!run) return dataSource.query(sql, parameters) as Promise<Rows>;
  dataSource.logger.logQuery(sql, parameters);
  return run(sql, parameters, true) as Promise<Rows>;
}

/** Runs a fixed INSERT/UPDATE/DELETE outside a transaction; the number of rows it changed. */
export async function changeRows(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<number> {
  const run = runners.get(dataSource);
  if (run) {
    dataSource.logger.logQuery(sql, parameters);
    return (await run(sql, parameters, false)) as number;
  }
  const runner = dataSource.createQueryRunner();
  try {
    return (await runner.query(sql, parameters, true)).affected ?? 0;
  } finally {
    await runner.release();
  }
}

function sqliteRunner(dataSource: DataSource): Runner {
  const caches = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();
  return async (sql, parameters, read) => {
    // read each time: the driver opens its connection again after a close
    const connection = (dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    let cache = caches.get(connection);
    if (!cache) caches.set(connection, (cache = new Map()));
    try {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= SQLITE_CACHE) cache.clear();
        cache.set(sql, (statement = connection.prepare(sql)));
      }
      return read ? statement.all(...parameters) : statement.run(...parameters).changes;
    } catch (error) {
      throw new QueryFailedError(sql, parameters, error as Error);
    }
  };
}

/**
 * The pool's `getConnection` carries the acquire timeout (timeouts.ts); the
 * statement gets its own: mysql2's `execute()` has none, and a connection
 * whose statement timed out (a stopped server) is destroyed, as a query's is.
 */
function mysqlRunner(dataSource: DataSource, timeoutMs: number): Runner {
  const pool = (dataSource.driver as unknown as { pool: MysqlPool }).pool;
  const acquire = () =>
    new Promise<MysqlConnection>((resolve, reject) =>
      pool.getConnection((error, connection) => (error ? reject(markPoolError(error)) : resolve(connection!))),
    );
  return async (sql, parameters, read) => {
    const connection = await acquire();
    return new Promise<Rows | number>((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        connection.destroy();
        reject(new QueryFailedError(sql, parameters, Object.assign(new Error('Query inactivity timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT', fatal: true })));
      }, timeoutMs);
      try {
        connection.execute(sql, parameters, (error, rows) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          connection.release();
          if (error) reject(new QueryFailedError(sql, parameters, error as Error));
          else resolve(read ? (rows as Rows) : (rows as { affectedRows: number }).affectedRows);
        });
      } catch (error) {
        // a bad parameter (undefined …) throws before anything is sent
        done = true;
        clearTimeout(timer);
        connection.release();
        reject(new QueryFailedError(sql, parameters, error as Error));
      }
    });
  };
}
