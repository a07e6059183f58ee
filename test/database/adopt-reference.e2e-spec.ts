import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { Connection } from 'mysql2/promise';
import { freshDatabaseEnv, sleep, startApp, TestApp } from '../support/app';
import { progressLines, runCli, withoutProgress } from '../support/cli';
import { digestGet } from '../support/digest-client';
import { AccountFixture } from '../support/fixtures';
import {
  dataDump,
  LAST_REFERENCE_MIGRATION,
  loadReference,
  REFERENCE_ADMIN_KEY,
  REFERENCE_PASSWORD,
  schemaDump,
  serverConnection,
} from './reference-database';

/**
 * Issue 18 item 1: a database of the PHP FlexiAPI (reference 9cb24ca, a
 * MySQL dump) is converted in place by `npm start` and `db:migrate`.
 */
const onMariadb = process.env.DB_CONNECTION === 'mysql';
const describeOnMariadb = onMariadb ? describe : describe.skip;
const SIP = 'sip.example.org';
const ROOT = resolve(__dirname, '..', '..');

if (!onMariadb) {
  it.skip('adopting a PHP FlexiAPI database: MariaDB only (the reference fixture is a MySQL dump; set DB_CONNECTION=mysql)', () =>
    undefined);
}

describeOnMariadb('adopting a PHP FlexiAPI database in place', () => {
  let server: Connection;
  const dir = mkdtempSync(join(tmpdir(), 'flexiapi-adopt-'));
  const schemas: string[] = [];
  /** the console's settings on `schema` (the same APP_KEY and SIP domain as the servers') */
  const envOn = (schema: string): Record<string, string> => ({ ...freshDatabaseEnv(dir), APP_SIP_DOMAIN: SIP, DB_DATABASE: schema });
  const load = async (prepare = '') => {
    const schema = await loadReference(server, prepare);
    schemas.push(schema);
    return schema;
  };
  /** a fresh install's schema, made by `db:migrate` on an empty database */
  let fresh: Awaited<ReturnType<typeof schemaDump>>;

  beforeAll(async () => {
    server = await serverConnection();
    const schema = `flexiapi_fresh_${Date.now()}`;
    schemas.push(schema);
    const migrated = await runCli(envOn(schema), dir, 'db:migrate');
    expect(migrated.code).toBe(0);
    fresh = await schemaDump(server, schema);
  });

  afterAll(async () => {
    for (const schema of schemas) await server.query(`DROP DATABASE IF EXISTS \`${schema}\``);
    await server.end();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('a start on the reference database', () => {
    let schema: string;
    let t: TestApp;
    const as = (username: string, domain = SIP): AccountFixture =>
      ({ account: { username, domain }, password: REFERENCE_PASSWORD }) as unknown as AccountFixture;
    const client = () => {
      const agent = request(t.url);
      return { get: (path: string, host = SIP) => agent.get(path).set('Host', host) };
    };

    beforeAll(async () => {
      schema = await load();
      // the reference key was last used in 2024: its expiry is not what is tested here
      t = await startApp({ APP_SIP_DOMAIN: SIP, DB_DATABASE: schema, APP_API_KEY_EXPIRATION_MINUTES: '0' });
    });
    afterAll(() => t?.close());

    it('converts it, its schema then being a fresh install’s', async () => {
      expect(await schemaDump(server, schema)).toEqual(fresh);
    });

    it('lets its accounts in by DIGEST, MD5 and SHA-256, with the reference passwords', async () => {
      for (const [account, domain] of [
        ['alice', SIP],
        ['admin', SIP],
        ['carol', 'other.example.org'],
      ]) {
        for (const algorithm of ['MD5', 'SHA-256'] as const) {
          const res = await digestGet(client(), as(account, domain), '/api/accounts/me', { algorithm, host: domain });
          expect([account, algorithm, res.status, res.body.username]).toEqual([account, algorithm, 200, account]);
        }
      }
    });

    it('lets the admin in with the API key the PHP service gave, stored now as its hash', async () => {
      const res = await client().get('/api/accounts/me').set('x-api-key', REFERENCE_ADMIN_KEY);
      expect([res.status, res.body.username]).toEqual([200, 'admin']);
      const [[stored]] = (await server.query(`SELECT key_hash, expires FROM \`${schema}\`.api_keys WHERE id = 1`)) as unknown as [
        { key_hash: string; expires: number }[],
      ];
      expect(stored.key_hash).not.toContain(REFERENCE_ADMIN_KEY);
      // bound to an IP: a key made through the API, which expires when unused (deviation 16)
      expect(Number(stored.expires)).toBe(1);
    });

    it('lists the accounts with their ids, dictionary, types and contacts', async () => {
      const res = await client().get('/api/accounts').set('x-api-key', REFERENCE_ADMIN_KEY);
      expect(res.status).toBe(200);
      const accounts = (res.body.data ?? res.body) as Record<string, unknown>[];
      const byName = Object.fromEntries(accounts.map((a) => [a.username, a]));
      expect(byName.admin).toMatchObject({ id: 1, admin: true });
      expect(byName.bob).toMatchObject({ id: 3, activated: false });
      expect(byName.alice).toMatchObject({
        id: 2,
        dictionary: { language: 'fr' },
        types: [expect.objectContaining({ id: 1, key: 'door' })],
      });
      const alice = (await client().get('/api/accounts/2').set('x-api-key', REFERENCE_ADMIN_KEY)).body as Record<string, unknown>;
      expect(alice).toMatchObject({ id: 2, username: 'alice', phone: '+33612345678', dtmf_protocol: 'rfc2833' });
      expect(alice.dictionary).toEqual({ language: 'fr' });
      expect(alice.types).toEqual([expect.objectContaining({ id: 1, key: 'door' })]);
      expect(alice.actions).toEqual([expect.objectContaining({ id: 1, key: 'open_door', code: '12ab' })]);
      const contacts = await client().get('/api/accounts/2/contacts').set('x-api-key', REFERENCE_ADMIN_KEY);
      expect(contacts.status).toBe(200);
      expect((contacts.body as { id: number }[]).map((c) => c.id)).toEqual([1]);
      const lists = await client().get('/api/contacts_lists').set('x-api-key', REFERENCE_ADMIN_KEY);
      expect(lists.body).toEqual([expect.objectContaining({ id: 1, title: 'Support' })]);
    });

    it('keeps every row: statistics, tokens, countries', async () => {
      const [[counts]] = (await server.query(
        `SELECT (SELECT COUNT(*) FROM \`${schema}\`.statistics_messages) AS messages, (SELECT COUNT(*) FROM \`${schema}\`.statistics_message_devices) AS message_devices,
                (SELECT COUNT(*) FROM \`${schema}\`.statistics_calls) AS calls, (SELECT COUNT(*) FROM \`${schema}\`.statistics_call_devices) AS call_devices,
                (SELECT COUNT(*) FROM \`${schema}\`.accounts) AS accounts, (SELECT COUNT(*) FROM \`${schema}\`.passwords) AS passwords,
                (SELECT COUNT(*) FROM \`${schema}\`.account_creation_tokens) AS creation_tokens, (SELECT COUNT(*) FROM \`${schema}\`.contacts_list_contact) AS list_contacts,
                (SELECT COUNT(*) FROM \`${schema}\`.account_contacts_list) AS list_accounts, (SELECT space_id FROM \`${schema}\`.account_types WHERE id = 1) AS type_space,
                (SELECT space_id FROM \`${schema}\`.contacts_lists WHERE id = 1) AS list_space`,
      )) as unknown as [Record<string, unknown>[]];
      expect(Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)]))).toEqual({
        messages: 1,
        message_devices: 1,
        calls: 1,
        call_devices: 1,
        accounts: 4,
        passwords: 8,
        creation_tokens: 1,
        list_contacts: 1,
        list_accounts: 1,
        type_space: 1,
        list_space: 1,
      });
    });

    it('changes nothing on a second start', async () => {
      await t.close();
      const before = { schema: await schemaDump(server, schema), data: await dataDump(server, schema) };
      t = await startApp({ APP_SIP_DOMAIN: SIP, DB_DATABASE: schema, APP_API_KEY_EXPIRATION_MINUTES: '0' });
      const migrated = await runCli(envOn(schema), dir, 'db:migrate');
      expect([migrated.code, migrated.stdout.trim()]).toEqual([0, 'Nothing to migrate']);
      expect({ schema: await schemaDump(server, schema), data: await dataDump(server, schema) }).toEqual(before);
    });
  });

  it('shows its progress, one line per tenth in a log, and says what it did', async () => {
    const schema = await load();
    const migrated = await runCli(envOn(schema), dir, 'db:migrate');
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('PHP FlexiAPI database converted');
    expect(withoutProgress(migrated.stderr).trim()).toBe('');
    const lines = progressLines(migrated.stderr);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.at(-1)).toMatch(/^Adopting the PHP database: (\d+)\/\1 \(100%\)$/);
  });

  it('refuses an older reference database in one line naming the missing migration, changing nothing', async () => {
    const schema = await load(`DELETE FROM migrations WHERE migration = '${LAST_REFERENCE_MIGRATION}'`);
    const before = { schema: await schemaDump(server, schema), data: await dataDump(server, schema) };
    const migrated = await runCli(envOn(schema), dir, 'db:migrate');
    expect(migrated.code).toBe(1);
    expect(migrated.stderr.trim().split('\n')).toEqual([expect.stringContaining(LAST_REFERENCE_MIGRATION)]);
    const started = await runMain(envOn(schema));
    expect(started.code).toBe(1);
    expect(started.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^Start failed: .*${LAST_REFERENCE_MIGRATION}`))]);
    expect({ schema: await schemaDump(server, schema), data: await dataDump(server, schema) }).toEqual(before);
  });

  it('converts once when two instances start together (the second waits, then finds it converted)', async () => {
    const schema = await load();
    const [first, second] = await Promise.all([runCli(envOn(schema), dir, 'db:migrate'), runCli(envOn(schema), dir, 'db:migrate')]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect([first.stdout, second.stdout].filter((out) => out.includes('PHP FlexiAPI database converted'))).toHaveLength(1);
    expect(await schemaDump(server, schema)).toEqual(fresh);
  });

  describe.each(['held', 'migrated', 'copied', 'committed'])('a conversion killed after step "%s"', (step) => {
    it('is converted by the next start, as if never interrupted', async () => {
      const schema = await load();
      const child = spawn(process.execPath, [join(ROOT, 'dist', 'console', 'cli.js'), 'db:migrate'], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...envOn(schema), FLEXIAPI_ADOPTION_PAUSE_AFTER: step },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const deadline = Date.now() + 20_000;
      while (!stderr.includes(`Adoption paused after step "${step}"`)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no pause: ${stderr}`);
        await sleep(20);
      }
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;

      const migrated = await runCli(envOn(schema), dir, 'db:migrate');
      expect([migrated.code, withoutProgress(migrated.stderr).trim()]).toEqual([0, '']);
      expect(await schemaDump(server, schema)).toEqual(fresh);
      const [[counts]] = (await server.query(
        `SELECT (SELECT COUNT(*) FROM \`${schema}\`.accounts) AS accounts, (SELECT COUNT(*) FROM \`${schema}\`.api_keys) AS api_keys,
                (SELECT SUM(accounts) FROM \`${schema}\`.account_counts) AS counted`,
      )) as unknown as [Record<string, unknown>[]];
      expect([Number(counts.accounts), Number(counts.api_keys), Number(counts.counted)]).toEqual([4, 1, 4]);
    });
  });
});

/** `npm start` (dist/main.js) that is expected to stop before listening. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('close', (code) => ok({ code, stderr }));
  });
}
