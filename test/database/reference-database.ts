import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, Connection } from 'mysql2/promise';

/** The schema and rows the PHP FlexiAPI leaves at reference commit 9cb24ca (its header: passwords 'secret', the admin's key). */
export const REFERENCE_DUMP = join(__dirname, 'fixtures', 'flexiapi-9cb24ca-schema.mysql.sql');
export const REFERENCE_ADMIN_KEY = 'IoQwvbw0lTrBGGKX3ryLjZoBRgCw2kouRqGF8k5s';
export const REFERENCE_PASSWORD = 'secret';
/** The last Laravel migration of the reference: a database without it is older */
export const LAST_REFERENCE_MIGRATION = '2024_12_02_142311_create_reset_password_email_tokens_table';

const server = () => ({
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 3306),
  user: process.env.DB_USERNAME ?? 'root',
  password: process.env.DB_PASSWORD ?? '',
});

/** A connection to the MariaDB server (no schema chosen), several statements per query allowed. */
export const serverConnection = (): Promise<Connection> => createConnection({ ...server(), multipleStatements: true, timezone: 'Z' });

/** A new schema holding the reference dump; its name. */
export async function loadReference(connection: Connection, prepare = ''): Promise<string> {
  const name = `flexiapi_php_${randomBytes(4).toString('hex')}`;
  await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await connection.query(`USE \`${name}\`; ${readFileSync(REFERENCE_DUMP, 'utf8')}`);
  if (prepare) await connection.query(prepare);
  return name;
}

const rows = async (connection: Connection, sql: string, schema: string): Promise<unknown[]> =>
  (await connection.query(sql, [schema]))[0] as unknown[];

/**
 * A schema as information_schema describes it, normalised (no counters, no
 * schema name): tables, columns, indexes, foreign keys, triggers.
 */
export async function schemaDump(connection: Connection, schema: string): Promise<Record<string, unknown[]>> {
  return {
    tables: await rows(
      connection,
      'SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME',
      schema,
    ),
    columns: await rows(
      connection,
      `SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_KEY, EXTRA
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
      schema,
    ),
    indexes: await rows(
      connection,
      `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, INDEX_TYPE
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
      schema,
    ),
    foreignKeys: await rows(
      connection,
      `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.ORDINAL_POSITION, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
       FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
       WHERE k.TABLE_SCHEMA = ? ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
      schema,
    ),
    triggers: await rows(
      connection,
      `SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, ACTION_ORDER, ACTION_STATEMENT
       FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY TRIGGER_NAME`,
      schema,
    ),
    migrations:
      ((await connection.query(`SELECT name FROM \`${schema}\`.flexiapi_migrations ORDER BY id`).catch(() => [[]]))[0] as unknown[]) ?? [],
  };
}

/** Every table's rows, as one checksum per table (the same data gives the same sums). */
export async function dataDump(connection: Connection, schema: string): Promise<Record<string, unknown>> {
  const tables = (await rows(
    connection,
    "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
    schema,
  )) as {
    t: string;
  }[];
  const sums: Record<string, unknown> = {};
  for (const { t } of tables) {
    const [[row]] = (await connection.query(`CHECKSUM TABLE \`${schema}\`.\`${t}\` EXTENDED`)) as unknown as [{ Checksum: unknown }[]];
    sums[t] = row.Checksum;
  }
  return sums;
}
