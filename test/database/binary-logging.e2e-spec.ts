import { createConnection, Connection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { ACCOUNT_COUNT_TRIGGERS } from '../../src/database/migrations/1734000000400-account-counts';
import { AdminWorld, adminWorld, DOMAIN, OTHER_DOMAIN, SUPER_DOMAIN } from '../support/admin-world';
import { envOf, runCli } from '../support/cli';
import { OwnMariaDb } from '../support/own-mariadb';
import { describeWith, MARIADB_SERVER } from '../support/system-packages';

/**
 * Issue 18 item 2: a production MariaDB logs its writes (replication,
 * Galera) and the service's user has its own schema's privileges only
 * (GRANT ALL ON schema.*): the server refuses that user the `account_counts`
 * triggers. The service starts anyway and its totals stay exact; once the
 * operator allows the triggers, a start creates them and counts again.
 * Runs in both lanes (the server is the test's own).
 */
const SCHEMA = 'flexiapi_binlog';
const USER = { DB_USERNAME: 'flexiapi', DB_PASSWORD: 'flexiapi-secret', DB_DATABASE: SCHEMA };

async function triggers(db: DataSource): Promise<string[]> {
  const rows = await db.query<{ name: string }[]>(
    'SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()',
  );
  return rows.map((row) => row.name).sort();
}

const countOf = async (db: DataSource, domain?: string) =>
  Number(
    (
      await (domain === undefined
        ? db.query<{ n: unknown }[]>('SELECT COUNT(*) AS n FROM accounts')
        : db.query<{ n: unknown }[]>('SELECT COUNT(*) AS n FROM accounts WHERE domain = ?', [domain]))
    )[0].n,
  );

describeWith(MARIADB_SERVER)('MariaDB with binary logging, a user with its schema privileges only (own MariaDB)', () => {
  let mariadb: OwnMariaDb;
  let root: Connection;
  let w: AdminWorld;

  beforeAll(async () => {
    mariadb = await OwnMariaDb.install({ logBin: true });
    await mariadb.start();
    root = await createConnection({ host: '127.0.0.1', port: mariadb.port, user: 'root' });
    await root.query(`CREATE DATABASE ${SCHEMA} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await root.query(`CREATE USER '${USER.DB_USERNAME}'@'%' IDENTIFIED BY '${USER.DB_PASSWORD}'`);
    await root.query(`GRANT ALL ON ${SCHEMA}.* TO '${USER.DB_USERNAME}'@'%'`);
    w = await adminWorld({ ...mariadb.env(), ...USER });
  }, 90_000);
  afterAll(async () => {
    await w?.t.close();
    await root?.end();
    await mariadb?.remove();
  });

  const total = async (as: AdminWorld['asAdmin']) => {
    const res = await as.get('/api/accounts');
    expect(res.status).toBe(200);
    return res.body.total as number;
  };

  it('starts without the triggers the server refuses that user', async () => {
    const [[server]] = (await root.query('SELECT @@log_bin AS logBin, @@log_bin_trust_function_creators AS trust')) as unknown as [
      { logBin: number; trust: number }[],
    ];
    expect(server).toEqual({ logBin: 1, trust: 0 });
    // what the migration met: the server refuses this user any trigger
    await expect(w.t.db.query('CREATE TRIGGER probe AFTER INSERT ON spaces FOR EACH ROW SET @x = 1')).rejects.toMatchObject({
      errno: 1419,
    });
    expect(await triggers(w.t.db)).toEqual([]);
  });

  it('keeps totals exact through parallel creations and deletions, by the API and by SQL', async () => {
    const before = await total(w.asAdmin);
    expect(before).toBe(await countOf(w.t.db, DOMAIN));
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        w.asAdmin.post('/api/accounts', { username: `par${i}`, password: 'secret', algorithm: 'SHA-256' }),
      ),
    );
    expect(created.map((res) => res.status)).toEqual(created.map(() => 200));
    await w.t.db.query('INSERT INTO accounts (username, domain) VALUES (?, ?), (?, ?)', ['sql1', DOMAIN, 'sql2', OTHER_DOMAIN]);
    const deleted = await Promise.all(created.slice(0, 10).map((res) => w.asAdmin.delete(`/api/accounts/${res.body.id as number}`)));
    expect(deleted.map((res) => res.status)).toEqual(deleted.map(() => 200));

    expect(await total(w.asAdmin)).toBe(before + 24 + 1 - 10);
    expect(await total(w.asAdmin)).toBe(await countOf(w.t.db, DOMAIN));
    expect(await total(w.asSuper)).toBe(await countOf(w.t.db));
    // past the last page too
    const far = await w.asAdmin.get('/api/accounts?page=50');
    expect(far.body).toMatchObject({ data: [], total: await countOf(w.t.db, DOMAIN) });
  });

  it('creates the triggers and counts again at the next start once the operator allows them', async () => {
    await root.query('SET GLOBAL log_bin_trust_function_creators = 1');
    // the console migrates as `npm start` does, with the same user
    const migrated = await runCli(envOf(w.t.settings), mariadb.dir, 'db:migrate');
    expect(migrated.code).toBe(0);
    expect(await triggers(w.t.db)).toEqual([...ACCOUNT_COUNT_TRIGGERS].sort());
    const counted = await w.t.db.query<{ domain: string; n: unknown }[]>(
      'SELECT domain, SUM(accounts) AS n FROM account_counts GROUP BY domain',
    );
    const kept = Object.fromEntries(counted.map((row) => [row.domain, Number(row.n)]));
    for (const domain of [DOMAIN, OTHER_DOMAIN, SUPER_DOMAIN]) expect(kept[domain]).toBe(await countOf(w.t.db, domain));
    // from now on, the triggers keep them
    await w.t.db.query('INSERT INTO accounts (username, domain) VALUES (?, ?)', ['sql3', DOMAIN]);
    const [{ n }] = await w.t.db.query<{ n: unknown }[]>('SELECT SUM(accounts) AS n FROM account_counts WHERE domain = ?', [DOMAIN]);
    expect(Number(n)).toBe(await countOf(w.t.db, DOMAIN));

    // one trigger gone (an operator's hand): the next start makes it again and counts again
    await root.query(`DROP TRIGGER ${SCHEMA}.accounts_count_delete`);
    await w.t.db.query('DELETE FROM accounts WHERE username = ?', ['sql3']);
    expect((await runCli(envOf(w.t.settings), mariadb.dir, 'db:migrate')).code).toBe(0);
    expect(await triggers(w.t.db)).toEqual([...ACCOUNT_COUNT_TRIGGERS].sort());
    const [{ again }] = await w.t.db.query<{ again: unknown }[]>('SELECT SUM(accounts) AS again FROM account_counts WHERE domain = ?', [
      DOMAIN,
    ]);
    expect(Number(again)).toBe(await countOf(w.t.db, DOMAIN));
  });
});
