import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabaseEnv } from '../support/app';
import { ConsoleFixture, freshConsole, runCli } from '../support/cli';

/**
 * Issue 18: this service's migrations table is `flexiapi_migrations`, so that
 * Laravel's `migrations` tells a PHP FlexiAPI database; an install of this
 * service made before has TypeORM's table under the old name, renamed at start.
 */
describe('the migrations table', () => {
  let c: ConsoleFixture;
  beforeAll(async () => {
    ({ fixture: c } = await freshConsole());
  });
  afterAll(() => c.close());

  it("of an earlier install (TypeORM's under Laravel's name) is renamed, its rows kept, nothing run again", async () => {
    const before = await c.appliedMigrations();
    const mysql = c.db.options.type === 'mysql';
    await c.db.query(mysql ? 'RENAME TABLE flexiapi_migrations TO migrations' : 'ALTER TABLE flexiapi_migrations RENAME TO migrations');
    const migrated = await c.cli('db:migrate');
    expect([migrated.code, migrated.stderr]).toEqual([0, '']);
    expect(migrated.stdout.trim().split('\n')).toEqual([
      'Migrations table renamed: migrations -> flexiapi_migrations',
      'Nothing to migrate',
    ]);
    expect(await c.appliedMigrations()).toEqual(before);
    const again = await c.cli('db:migrate');
    expect(again.stdout.trim()).toBe('Nothing to migrate');
  });
});

describe('a Laravel migrations table on SQLite', () => {
  const sqlite = process.env.DB_CONNECTION !== 'mysql';
  (sqlite ? it : it.skip)(
    'is refused in one line: a PHP database is converted on MySQL/MariaDB only (SQLite only: on MariaDB see adopt-reference)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'flexiapi-laravel-'));
      try {
        const env = freshDatabaseEnv(dir, 'laravel.sqlite');
        const Database = (await import('better-sqlite3')).default;
        const db = new Database(env.DB_DATABASE);
        db.exec(
          "CREATE TABLE migrations (id INTEGER PRIMARY KEY, migration VARCHAR(255) NOT NULL, batch INTEGER NOT NULL); INSERT INTO migrations VALUES (1, '2014_10_12_000000_create_users_table', 1)",
        );
        db.close();
        const migrated = await runCli(env, dir, 'db:migrate');
        expect(migrated.code).toBe(1);
        expect(migrated.stderr.trim().split('\n')).toEqual([expect.stringContaining('MySQL/MariaDB only')]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
