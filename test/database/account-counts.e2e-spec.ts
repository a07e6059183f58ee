import { DataSource, TableColumn } from 'typeorm';
import { ACCOUNT_COUNT_TRIGGERS, restoreAccountCountTriggers } from '../../src/database/migrations/1734000000400-account-counts';
import { adminWorld, AdminWorld, DOMAIN, OTHER_DOMAIN } from '../support/admin-world';
import { ConsoleFixture, freshConsole } from '../support/cli';
import { createAccount, createSpace } from '../support/fixtures';

const MIGRATION = 'AccountCounts1734000000400';

/** Accounts written with an operator's own SQL, bypassing the application. */
async function insertRaw(db: DataSource, domain: string, ...usernames: string[]): Promise<void> {
  for (const username of usernames) await db.query('INSERT INTO accounts (username, domain) VALUES (?, ?)', [username, domain]);
}

/** `account_counts` as a map, and the real counts, to compare. */
async function counted(db: DataSource): Promise<Record<string, number>> {
  const rows = await db.query<
    {
      domain: string;
      accounts: unknown;
    }[]
  >('SELECT domain, SUM(accounts) AS accounts FROM account_counts GROUP BY domain HAVING SUM(accounts) <> 0');
  return Object.fromEntries(rows.map((row) => [row.domain, Number(row.accounts)]));
}
async function actual(db: DataSource): Promise<Record<string, number>> {
  const rows = await db.query<{ domain: string; n: unknown }[]>('SELECT domain, COUNT(*) AS n FROM accounts GROUP BY domain');
  return Object.fromEntries(rows.map((row) => [row.domain, Number(row.n)]));
}

async function triggers(db: DataSource): Promise<string[]> {
  const rows = await (db.options.type === 'mysql'
    ? db.query<{ name: string }[]>('SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()')
    : db.query<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'trigger'"));
  return rows.map((row) => row.name).sort();
}

describe(`migration ${MIGRATION}`, () => {
  let c: ConsoleFixture;
  beforeAll(async () => {
    ({ fixture: c } = await freshConsole());
  });
  afterAll(() => c.close());

  const applied = () => c.appliedMigrations();

  it('keeps its triggers once every migration has run (a later table rebuild would drop them on SQLite)', async () => {
    expect(await triggers(c.db)).toEqual(expect.arrayContaining(ACCOUNT_COUNT_TRIGGERS));
  });

  it('counts the rows already there, and is reversible', async () => {
    await createSpace(c.db, 'a.example.org');
    await createSpace(c.db, 'b.example.org');
    // later migrations (other work) are undone first, then redone (see nonces-migration.e2e-spec.ts)
    while ((await applied()).includes(MIGRATION)) await c.db.undoLastMigration({ transaction: 'none' });
    expect(await triggers(c.db)).toEqual([]);
    await insertRaw(c.db, 'a.example.org', 'a1', 'a2', 'a3');
    await insertRaw(c.db, 'b.example.org', 'b1');

    await c.db.runMigrations({ transaction: 'each' });
    // as src/database/migrate.ts does after any run (a later migration may rebuild `accounts` on SQLite)
    await restoreAccountCountTriggers(c.db);
    expect(await applied()).toContain(MIGRATION);
    expect(await counted(c.db)).toEqual(await actual(c.db));
    expect(await counted(c.db)).toMatchObject({ 'a.example.org': 3, 'b.example.org': 1 });
    // consecutive accounts of a Space are counted on different rows (no single hot row)
    const slots = await c.db.query<unknown[]>('SELECT slot FROM account_counts WHERE domain = ?', ['a.example.org']);
    expect(slots).toHaveLength(3);

    while ((await applied()).includes(MIGRATION)) await c.db.undoLastMigration({ transaction: 'none' });
    expect(await triggers(c.db)).toEqual([]);
    await c.db.runMigrations({ transaction: 'each' });
    // as src/database/migrate.ts does after any run (a later migration may rebuild `accounts` on SQLite)
    await restoreAccountCountTriggers(c.db);
    expect(await counted(c.db)).toEqual(await actual(c.db));
  });

  it('gets its triggers back after a later migration rebuilds `accounts` (SQLite drops them with the old table)', async () => {
    const runner = c.db.createQueryRunner();
    try {
      await runner.addColumn('accounts', new TableColumn({ name: 'rebuild_probe', type: 'integer', isNullable: true }));
      await restoreAccountCountTriggers(c.db);
      expect(await triggers(c.db)).toEqual(expect.arrayContaining(ACCOUNT_COUNT_TRIGGERS));
      await insertRaw(c.db, 'b.example.org', 'b2');
      expect(await counted(c.db)).toEqual(await actual(c.db));
    } finally {
      await runner.dropColumn('accounts', 'rebuild_probe');
      await restoreAccountCountTriggers(c.db);
      await runner.release();
    }
    await c.db.query('DELETE FROM accounts WHERE username = ?', ['b2']);
    expect(await counted(c.db)).toEqual(await actual(c.db));
  });

  it('stays exact through SQL inserts, deletes, domain changes and a Space deletion', async () => {
    await createSpace(c.db, 'c.example.org');
    await insertRaw(c.db, 'c.example.org', 'c1', 'c2');
    await createAccount(c.db, { domain: 'c.example.org' });
    await c.db.query('DELETE FROM accounts WHERE username = ?', ['a1']);
    await c.db.query('UPDATE accounts SET domain = ? WHERE username = ?', ['c.example.org', 'a2']);
    // an update that leaves the domain alone changes nothing
    await c.db.query('UPDATE accounts SET display_name = ? WHERE username = ?', ['Bee', 'b1']);
    expect(await counted(c.db)).toEqual(await actual(c.db));
    expect(await counted(c.db)).toMatchObject({ 'a.example.org': 1, 'b.example.org': 1, 'c.example.org': 4 });

    // the accounts go with their Space (a foreign key's cascade, which runs no trigger on MySQL)
    await c.db.query('DELETE FROM spaces WHERE domain = ?', ['c.example.org']);
    expect(await counted(c.db)).toEqual(await actual(c.db));
    expect(await counted(c.db)).not.toHaveProperty(['c.example.org']);
  });
});

describe('GET /api/accounts total', () => {
  let w: AdminWorld;
  beforeAll(async () => {
    w = await adminWorld();
  });
  afterAll(() => w.t.close());

  const total = async (as: AdminWorld['asAdmin']) => {
    const res = await as.get('/api/accounts');
    expect(res.status).toBe(200);
    return res.body.total as number;
  };
  const countOf = async (domain?: string) =>
    Number(
      (
        await (domain === undefined
          ? w.t.db.query<{ n: unknown }[]>('SELECT COUNT(*) AS n FROM accounts')
          : w.t.db.query<{ n: unknown }[]>('SELECT COUNT(*) AS n FROM accounts WHERE domain = ?', [domain]))
      )[0].n,
    );

  it('follows accounts written by the API and by SQL, per Space and for a super admin', async () => {
    const before = await total(w.asAdmin);
    expect(before).toBe(await countOf(DOMAIN));
    await insertRaw(w.t.db, DOMAIN, 'sql1', 'sql2', 'sql3');
    const created = await w.asAdmin.post('/api/accounts', { username: 'byapi', password: 'testtest', algorithm: 'SHA-256' });
    expect(created.status).toBe(200);
    expect(await total(w.asAdmin)).toBe(before + 4);

    await w.t.db.query('DELETE FROM accounts WHERE username = ?', ['sql1']);
    await w.t.db.query('UPDATE accounts SET domain = ? WHERE username = ?', [OTHER_DOMAIN, 'sql2']);
    expect(await total(w.asAdmin)).toBe(before + 2);
    expect(await total(w.asAdmin)).toBe(await countOf(DOMAIN));
    expect(await total(w.asSuper)).toBe(await countOf());
  });
});
