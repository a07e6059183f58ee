import { QueryRunner } from 'typeorm';
import { COPIED_TABLES, HELD } from './reference';

interface ColumnInfo {
  table: string;
  column: string;
  type: string;
  length: number | null;
}

const q = (name: string) => `\`${name}\``;
const held = (table: string) => q(HELD + table);

/** The most common Space among the accounts that `links` ties to the row `src` (ties: the lowest Space id). */
const spaceOf = (links: string, rowColumn: string, accountColumn: string) =>
  `(SELECT s.id FROM ${held(links)} l JOIN ${held('accounts')} a ON a.id = l.${accountColumn} JOIN ${held('spaces')} s ON s.domain = a.domain ` +
  `WHERE l.${rowColumn} = src.id GROUP BY s.id ORDER BY COUNT(*) DESC, s.id LIMIT 1)`;

/**
 * Columns this service computes instead of copying (deviation 19: account
 * types and contacts lists belong to a Space; API keys are kept as their
 * SHA-256, as api-keys.service.ts looks them up).
 */
function computed(defaultSpace: number | null): Record<string, Record<string, string>> {
  const fallback = defaultSpace === null ? 'NULL' : String(defaultSpace);
  return {
    // a key bound to no IP is one the console gave (--api-key): those never expire here (deviation 16)
    api_keys: { key_hash: 'SHA2(src.`key`, 256)', expires: '(src.ip IS NOT NULL)' },
    account_types: { space_id: `COALESCE(${spaceOf('account_account_type', 'account_type_id', 'account_id')}, ${fallback})` },
    contacts_lists: {
      space_id:
        `COALESCE(${spaceOf('account_contacts_list', 'contacts_list_id', 'account_id')}, ` +
        `${spaceOf('contacts_list_contact', 'contacts_list_id', 'contact_id')}, ${fallback})`,
    },
  };
}

/** The statement that copies one reference table into ours: the columns both have, narrower texts cut to fit. */
export function copyStatement(table: string, columns: ColumnInfo[], defaultSpace: number | null): string {
  const ours = columns.filter((c) => c.table === table);
  const theirs = new Map(columns.filter((c) => c.table === HELD + table).map((c) => [c.column, c]));
  const extra = computed(defaultSpace)[table] ?? {};
  const names: string[] = [];
  const values: string[] = [];
  for (const column of ours) {
    const source = theirs.get(column.column);
    if (extra[column.column]) values.push(extra[column.column]);
    else if (!source) continue;
    // e.g. an IP address in varchar(255) here in varchar(45): nothing real is cut
    else if (column.length !== null && source.length !== null && source.length > column.length && /char/.test(column.type))
      values.push(`LEFT(src.${q(column.column)}, ${column.length})`);
    else values.push(`src.${q(column.column)}`);
    names.push(q(column.column));
  }
  const insert = `INSERT INTO ${q(table)} (${names.join(', ')}) SELECT ${values.join(', ')} FROM ${held(table)} src`;
  if (table !== 'phone_countries') return insert;
  // our migration seeds every country: the reference's activation choices win
  const updates = names.filter((name) => name !== '`code`').map((name) => `${name} = VALUES(${name})`);
  return `${insert} ON DUPLICATE KEY UPDATE ${updates.join(', ')}`;
}

/** The Space that takes account types and contacts lists no account ties to one: APP_SIP_DOMAIN's, else a super one, else the first. */
export async function defaultSpaceId(runner: QueryRunner, sipDomain: string): Promise<number | null> {
  const rows = (await runner.query(`SELECT id FROM ${held('spaces')} ORDER BY domain = ? DESC, super DESC, id LIMIT 1`, [sipDomain])) as {
    id: number;
  }[];
  return rows.length > 0 ? Number(rows[0].id) : null;
}

/**
 * Copies every reference row into this service's freshly migrated tables,
 * in one transaction (InnoDB: all or nothing), ids kept.
 */
export async function copyRows(runner: QueryRunner, sipDomain: string, report: (done: number, total: number) => void): Promise<void> {
  const columns = (
    (await runner.query(
      `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS d, CHARACTER_MAXIMUM_LENGTH AS l FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    )) as { t: string; c: string; d: string; l: number | string | null }[]
  ).map((row) => ({ table: row.t, column: row.c, type: row.d, length: row.l === null ? null : Number(row.l) }));
  const defaultSpace = await defaultSpaceId(runner, sipDomain);
  // timestamps (UTC in the reference) read as they are stored
  await runner.query("SET time_zone = '+00:00'");
  await runner.startTransaction();
  try {
    for (const [index, table] of COPIED_TABLES.entries()) {
      try {
        await runner.query(copyStatement(table, columns, defaultSpace));
      } catch (error) {
        throw new Error(`copying table ${table}: ${(error as Error).message}`);
      }
      report(index + 1, COPIED_TABLES.length);
    }
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
}
