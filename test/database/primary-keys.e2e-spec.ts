import { DataSource } from 'typeorm';
import { ConsoleFixture, freshConsole } from '../support/cli';

/**
 * Issue 18 item 2: Galera refuses writes to a table without a primary key,
 * so every table of a freshly migrated database has one (TypeORM's
 * migrations table included).
 */
async function tablesWithoutPrimaryKey(db: DataSource): Promise<{ tables: string[]; without: string[] }> {
  if (db.options.type === 'mysql') {
    const rows = await db.query<{ name: string; keyed: unknown }[]>(
      `SELECT t.TABLE_NAME AS name,
              EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS c
                      WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.CONSTRAINT_TYPE = 'PRIMARY KEY') AS keyed
       FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'`,
    );
    return { tables: rows.map((row) => row.name), without: rows.filter((row) => Number(row.keyed) !== 1).map((row) => row.name) };
  }
  // SQLite's own tables (sqlite_sequence …) are the engine's, not ours
  const tables = (
    await db.query<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
  ).map((row) => row.name);
  const without: string[] = [];
  for (const table of tables) {
    const columns = await db.query<{ pk: number }[]>('SELECT pk FROM pragma_table_info(?)', [table]);
    if (!columns.some((column) => column.pk > 0)) without.push(table);
  }
  return { tables, without };
}

describe('a freshly migrated database', () => {
  let c: ConsoleFixture;
  beforeAll(async () => {
    ({ fixture: c } = await freshConsole());
  });
  afterAll(() => c.close());

  it('has a primary key on every table (Galera refuses writes to the others)', async () => {
    const { tables, without } = await tablesWithoutPrimaryKey(c.db);
    expect(tables).toEqual(
      expect.arrayContaining([c.db.options.migrationsTableName ?? 'migrations', 'accounts', 'account_counts', 'account_account_type']),
    );
    expect(without).toEqual([]);
  });
});
