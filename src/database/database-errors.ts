import { QueryFailedError } from 'typeorm';
import { FieldError } from '../common/errors';

/**
 * The one place that reads driver errors (better-sqlite3, mysql2): which
 * unique index a write hit, and whether the database is away.
 */

interface UniqueIndex {
  name: string;
  table: string;
  columns: string[];
  /** the input field whose `unique` rule the index enforces; none: no input names it */
  field?: string;
}

/** Every unique index of the migrations (SQLite names the columns, MySQL the index). */
const UNIQUE_INDEXES: UniqueIndex[] = [
  { name: 'spaces_domain_unique', table: 'spaces', columns: ['domain'], field: 'domain' },
  { name: 'spaces_host_unique', table: 'spaces', columns: ['host'], field: 'host' },
  { name: 'accounts_username_domain_unique', table: 'accounts', columns: ['username', 'domain'], field: 'username' },
  {
    name: 'account_dictionary_entries_account_id_key_unique',
    table: 'account_dictionary_entries',
    columns: ['account_id', 'key'],
    field: 'key',
  },
  { name: 'account_types_space_id_key_unique', table: 'account_types', columns: ['space_id', 'key'], field: 'key' },
  { name: 'passwords_account_id_algorithm_unique', table: 'passwords', columns: ['account_id', 'algorithm'] },
  { name: 'api_keys_account_id_unique', table: 'api_keys', columns: ['account_id'] },
  { name: 'api_keys_key_hash_unique', table: 'api_keys', columns: ['key_hash'] },
  { name: 'auth_tokens_token_unique', table: 'auth_tokens', columns: ['token'] },
  { name: 'accounts_tombstones_username_domain_unique', table: 'accounts_tombstones', columns: ['username', 'domain'] },
  { name: 'activation_expirations_account_id_unique', table: 'activation_expirations', columns: ['account_id'] },
  { name: 'account_account_type_unique', table: 'account_account_type', columns: ['account_id', 'account_type_id'] },
  { name: 'vcards_storage_account_id_uuid_unique', table: 'vcards_storage', columns: ['account_id', 'uuid'] },
  { name: 'contacts_lists_space_id_title_unique', table: 'contacts_lists', columns: ['space_id', 'title'], field: 'title' },
];

/** What better-sqlite3 and mysql2 put on their errors. */
type DriverError = { code?: string; errno?: number; message?: string };

const driverError = (error: unknown): DriverError | undefined => {
  if (error instanceof QueryFailedError) return error.driverError as DriverError;
  return typeof error === 'object' && error !== null ? error : undefined;
};

export const driverCode = (error: unknown): string => driverError(error)?.code ?? '';

/** SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY, or MySQL ER_DUP_ENTRY (1062). */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverCode(error);
  return (
    code === 'ER_DUP_ENTRY' ||
    driverError(error)?.errno === 1062 ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** SQLITE_CONSTRAINT_FOREIGNKEY, or MySQL ER_NO_REFERENCED_ROW_2 (1452): the row referred to is gone. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = driverCode(error);
  return code === 'ER_NO_REFERENCED_ROW_2' || driverError(error)?.errno === 1452 || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * The field error a unique violation stands for (the DTO's `unique` rule lost
 * a race), or undefined when it is not one or its index is not known.
 */
export function uniqueFieldError(error: unknown): FieldError | undefined {
  const field = UNIQUE_INDEXES.find((i) => i.name === violatedIndex(error))?.field;
  return field === undefined ? undefined : { field, rule: 'unique' };
}

/** The name of the unique index a write violated, or undefined. */
export function violatedIndex(error: unknown): string | undefined {
  if (!isUniqueViolation(error)) return undefined;
  const message = driverError(error)?.message ?? '';
  // MySQL: "Duplicate entry 'x' for key 'name'" (MySQL 8: 'table.name'); SQLite: "UNIQUE constraint failed: t.a, t.b"
  const key = /for key '(?:[^'.]+\.)?([^']+)'/.exec(message)?.[1];
  const columns = /constraint failed: (.+)$/.exec(message)?.[1];
  return UNIQUE_INDEXES.find((i) => i.name === key || i.columns.map((c) => `${i.table}.${c}`).join(', ') === columns)?.name;
}

/**
 * Retried as a whole by the caller: InnoDB chose this transaction as a
 * deadlock victim, or Galera refused it at commit because another node's
 * write to the same rows was certified first (both are 1213).
 */
export const isDeadlock = (error: unknown): boolean => driverCode(error) === 'ER_LOCK_DEADLOCK' || driverError(error)?.errno === 1213;

/** Codes of a database that is down, unreachable, stopped or too slow (mysql2, node sockets, SQLite). */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_QUERY_INTERRUPTED',
  // 1927: the server closed the session (KILL, or a Galera node leaving the cluster)
  'ER_CONNECTION_KILLED',
  // 1047 "WSREP has not yet prepared node for application use": a Galera node out of the primary component, or still joining
  'ER_UNKNOWN_COM_ERROR',
  'DB_ACQUIRE_TIMEOUT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** Errors the pool gave before any query ran (TypeORM passes them on unwrapped). */
const fromPool = new WeakSet<object>();

export function markPoolError<T>(error: T): T {
  if (typeof error === 'object' && error !== null) fromPool.add(error);
  return error;
}

/**
 * The database did not answer (in time): the request may succeed later (503,
 * deviation 28). Only errors of the database itself: a mail server's
 * ECONNREFUSED stays a 500.
 */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof QueryFailedError) && !(typeof error === 'object' && error !== null && fromPool.has(error))) return false;
  // a deadlock or Galera certification conflict left after the retries (or in a write that has none): it may pass later
  return isConnectionFailure(error) || isDeadlock(error);
}

/** The error says the database could not be reached or did not answer (whatever raised it). */
export function isConnectionFailure(error: unknown): boolean {
  const code = driverCode(error);
  if (UNAVAILABLE.has(code) || code.startsWith('SQLITE_BUSY')) return true;
  // mysql2 reports a connection that died between queries with this text only
  return /Can't add new command when connection is in closed state|Connection lost|Pool is closed/i.test(
    String((error as Error)?.message ?? ''),
  );
}

/** Seconds a client should wait before retrying after a 503 of the database. */
export const RETRY_AFTER_SECONDS = 5;

/** How the exception filter answers a database error; undefined: not one it knows (a 500). */
export type DatabaseFault = { unique: FieldError } | { conflict: true } | { unavailable: true };

export function databaseFault(error: unknown): DatabaseFault | undefined {
  const unique = uniqueFieldError(error);
  if (unique) return { unique };
  // an index no route's input names: still the client's conflict, never a 500
  if (isUniqueViolation(error)) return { conflict: true };
  if (isUnavailable(error)) return { unavailable: true };
  return undefined;
}
