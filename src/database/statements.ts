import { DataSource, QueryFailedError } from 'typeorm';
import { markPoolError } from './database-errors';
import { sqliteTransactionsSettled } from './sqlite-transactions';
import { metrics, Metrics } from '../metrics/metrics';

type Rows = Record<string, unknown>[];
/** What a write reports: the rows it changed (MySQL: matched) and the id it generated or set. */
export interface WriteResult {
  affected: number;
  insertId: number;
}
/** `read`: the rows of a SELECT (or of a RETURNING clause); `changes`: the number of rows a write changed; `write`: both figures */
type Mode = 'read' | 'changes' | 'write';
type Runner = (sql: string, parameters: unknown[], mode: Mode) => Promise<Rows | number | WriteResult>;

interface SqliteStatement {
  all(...parameters: unknown[]): Rows;
  run(...parameters: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  readonly inTransaction: boolean;
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
  const runner =
    dataSource.options.type === 'better-sqlite3'
      ? sqliteRunner(dataSource)
      : dataSource.options.type === 'mysql'
        ? mysqlRunner(dataSource, timeoutMs)
        : undefined;
  if (runner) runners.set(dataSource, metrics ? timed(runner, metrics) : runner);
}

/** METRICS_ENABLED: each statement's time in the query latency histogram (when off, the runner is unwrapped). */
function timed(run: Runner, m: Metrics): Runner {
  return (sql, parameters, mode) => {
    const start = performance.now();
    const result = run(sql, parameters, mode);
    const seconds = () => (performance.now() - start) / 1000;
    result.then(
      () => m.observeQuery(sql, seconds(), true),
      () => m.observeQuery(sql, seconds(), false),
    );
    return result;
  };
}

/** The rows of a fixed SELECT (parameters `?`), on both engines. */
export function selectRows(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<Rows> {
  const run = runners.get(dataSource);
  if (!run) return dataSource.query<Rows>(sql, parameters);
  dataSource.logger.logQuery(sql, parameters);
  return run(sql, parameters, 'read') as Promise<Rows>;
}

/** Runs a fixed INSERT/UPDATE/DELETE outside a transaction; the number of rows it changed. */
export async function changeRows(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<number> {
  const run = runners.get(dataSource);
  if (run) {
    dataSource.logger.logQuery(sql, parameters);
    return (await run(sql, parameters, 'changes')) as number;
  }
  return (await writeWithQueryRunner(dataSource, sql, parameters)).affected;
}

/**
 * Runs a fixed INSERT outside a transaction; the rows it changed and the id
 * the driver reports (mysql2's `insertId`, better-sqlite3's `lastInsertRowid`).
 */
export async function writeRows(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<WriteResult> {
  const run = runners.get(dataSource);
  if (!run) return writeWithQueryRunner(dataSource, sql, parameters);
  dataSource.logger.logQuery(sql, parameters);
  return (await run(sql, parameters, 'write')) as WriteResult;
}

async function writeWithQueryRunner(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<WriteResult> {
  const runner = dataSource.createQueryRunner();
  try {
    const result = await runner.query(sql, parameters, true);
    const raw = result.raw as number | bigint | { insertId?: number | string } | undefined;
    const insertId = typeof raw === 'object' && raw !== null ? raw.insertId : raw;
    return { affected: result.affected ?? 0, insertId: Number(insertId ?? 0) };
  } finally {
    await runner.release();
  }
}

function sqliteRunner(dataSource: DataSource): Runner {
  const caches = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();
  return async (sql, parameters, mode) => {
    // read each time: the driver opens its connection again after a close
    const connectionOf = () => (dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    // a write never joins another request's open transaction (its rollback would undo an acknowledged write)
    if (mode !== 'read') while (connectionOf().inTransaction) await sqliteTransactionsSettled(dataSource);
    const connection = connectionOf();
    let cache = caches.get(connection);
    if (!cache) caches.set(connection, (cache = new Map<string, SqliteStatement>()));
    try {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= SQLITE_CACHE) cache.clear();
        cache.set(sql, (statement = connection.prepare(sql)));
      }
      if (mode === 'read') return statement.all(...parameters);
      const result = statement.run(...parameters);
      return mode === 'changes' ? result.changes : { affected: result.changes, insertId: Number(result.lastInsertRowid) };
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
  return async (sql, parameters, mode) => {
    const connection = await acquire();
    return new Promise<Rows | number | WriteResult>((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        connection.destroy();
        reject(
          new QueryFailedError(
            sql,
            parameters,
            Object.assign(new Error('Query inactivity timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT', fatal: true }),
          ),
        );
      }, timeoutMs);
      try {
        connection.execute(sql, parameters, (error, rows) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          connection.release();
          if (error) reject(new QueryFailedError(sql, parameters, error));
          else if (mode === 'read') resolve(rows as Rows);
          else {
            const header = rows as { affectedRows: number; insertId: number | string };
            resolve(mode === 'changes' ? header.affectedRows : { affected: header.affectedRows, insertId: Number(header.insertId) });
          }
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
