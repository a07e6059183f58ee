import { DataSource } from 'typeorm';
import { markPoolError } from './database-errors';

type Callback = (error: Error | null, ...rest: unknown[]) => void;

interface PooledConnection {
  query(options: unknown, values: unknown, callback?: Callback): unknown;
  release(): void;
  destroy(): void;
}

interface Pool {
  getConnection(callback: (error: Error | null, connection?: PooledConnection) => void): void;
}

const GUARDED = Symbol('query timeout installed');

/**
 * mysql2 has a connect timeout (set in the options) but no acquire timeout,
 * and its per-query timeout leaves the connection in the pool behind a
 * command that may never finish (a stopped server): the next query queued on
 * it would wait forever. So: acquiring a connection gives up after `ms`, every
 * query carries `ms` as its timeout, and a connection whose query timed out
 * is destroyed. Errors from the pool are marked as the database's own.
 */
export function installMysqlTimeouts(dataSource: DataSource, ms: number): void {
  const pool = (dataSource.driver as unknown as { pool?: Pool }).pool;
  if (!pool || dataSource.options.type !== 'mysql') return;
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (callback) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      callback(markPoolError(Object.assign(new Error('Timed out waiting for a database connection'), { code: 'DB_ACQUIRE_TIMEOUT' })));
    }, ms);
    getConnection((error, connection) => {
      if (settled) {
        // the caller has gone: give the late connection back
        connection?.release();
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (error) return callback(markPoolError(error));
      callback(null, guard(connection!, ms));
    });
  };
}

function guard(connection: PooledConnection & { [GUARDED]?: true }, ms: number): PooledConnection {
  if (connection[GUARDED]) return connection;
  connection[GUARDED] = true;
  const query = connection.query.bind(connection);
  connection.query = (options, values, callback) => {
    const withTimeout = typeof options === 'string' ? { sql: options, timeout: ms } : { timeout: ms, ...(options as object) };
    if (typeof callback !== 'function') return query(withTimeout, values);
    return query(withTimeout, values, (error, ...rest) => {
      if (error && (error as { code?: string }).code === 'PROTOCOL_SEQUENCE_TIMEOUT') connection.destroy();
      callback(error, ...rest);
    });
  };
  return connection;
}
