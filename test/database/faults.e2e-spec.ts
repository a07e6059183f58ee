import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { In } from 'typeorm';
import { Account } from '../../src/account-core/entities/account.entity';
import { APP_KEY, freePort, sleep, startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { OwnMariaDb } from '../support/own-mariadb';
import { describeWith, MARIADB_SERVER } from '../support/system-packages';

/**
 * Deviation 28 against a real MariaDB of the test's own, stopped (SIGSTOP),
 * continued and killed under the running server. Runs in both lanes.
 */
const TIMEOUT_SECONDS = 1;
// the server's own timeout plus room for a busy CI machine
const QUICK_MS = TIMEOUT_SECONDS * 1000 + 2500;

async function timed<T>(work: () => PromiseLike<T>): Promise<[T, number]> {
  const started = Date.now();
  const result = await work();
  return [result, Date.now() - started];
}

/** Polls until `check` passes (the server recovers by itself). */
async function eventually(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('did not recover in time');
    await sleep(200);
  }
}

/** `node dist/main.js` as `npm start` runs it, with its output and its exit. */
function runServer(env: Record<string, string>) {
  const started = Date.now();
  const child = spawn(process.execPath, [resolve(__dirname, '..', '..', 'dist', 'main.js')], {
    cwd: mkdtempSync(join(tmpdir(), 'flexiapi-')),
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', APP_KEY, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; ms: number }>((done) =>
    child.once('exit', (code) => done({ code, ms: Date.now() - started })),
  );
  return { child, exited, output: () => output };
}

const unavailable = (res: request.Response) => {
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ message: 'Service unavailable' });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
};

describeWith(MARIADB_SERVER)('a database that fails or hangs (own MariaDB)', () => {
  let mariadb: OwnMariaDb;
  let t: TestApp;
  let admin: AccountFixture;

  beforeAll(async () => {
    mariadb = await OwnMariaDb.install();
    await mariadb.start();
    t = await startApp({ ...mariadb.env(), DB_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS) });
    admin = await createAccount(t.db, { admin: true });
  }, 60_000);
  afterAll(async () => {
    mariadb?.signal('SIGCONT');
    await t?.close();
    await mariadb?.remove();
  });

  const accounts = () => http(t).get('/api/accounts').set('x-api-key', admin.apiKey);

  describe('GET /health', () => {
    it('200 {"status":"ok"} on any Host, outside /api', async () => {
      for (const host of ['localhost', 'unknown.example.net']) {
        const res = await http(t).get('/health', host);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ status: 'ok' });
      }
    });

    it('is in the OpenAPI document', async () => {
      const res = await http(t).get('/api/openapi.json');
      expect(Object.keys(res.body.paths)).toContain('/health');
      expect(Object.keys(res.body.paths['/health'].get.responses)).toEqual(expect.arrayContaining(['200', '503']));
    });
  });

  describe('SIGSTOP, then SIGCONT', () => {
    afterAll(() => mariadb.signal('SIGCONT'));

    it('a stopped database: /health 503 within 1 s, API requests 503 with Retry-After within the timeout, /api/ping still 200', async () => {
      await accounts().expect(200);
      mariadb.signal('SIGSTOP');

      const [health, healthMs] = await timed(() => http(t).get('/health', 'unknown.example.net'));
      unavailable(health);
      expect(healthMs).toBeLessThan(1000 + 1000);

      // a pooled connection (query timeout), then new ones (connect timeout), reads and a write
      for (const send of [
        accounts,
        accounts,
        () =>
          http(t)
            .post('/api/accounts')
            .set('x-api-key', admin.apiKey)
            .send({ username: 'during', password: 'secret', algorithm: 'SHA-256' }),
      ]) {
        const [res, ms] = await timed(send);
        unavailable(res);
        expect(ms).toBeLessThan(QUICK_MS);
      }
      const parallel = await Promise.all(Array.from({ length: 25 }, () => timed(accounts)));
      for (const [res, ms] of parallel) {
        unavailable(res);
        expect(ms).toBeLessThan(QUICK_MS * 2);
      }

      const [ping, pingMs] = await timed(() => http(t).get('/api/ping'));
      expect(ping.status).toBe(200);
      expect(pingMs).toBeLessThan(1000);
    }, 60_000);

    it('continued: the same requests answer 200 again, by themselves', async () => {
      mariadb.signal('SIGCONT');
      await eventually(async () => (await accounts()).status === 200);
      await http(t).get('/health').expect(200);
      await accounts().expect(200);
    }, 30_000);
  });

  describe('SIGKILL during writes, then a restart on the same data', () => {
    it('503s while it is down, 200s after; every acknowledged account is stored', async () => {
      const acknowledged: string[] = [];
      const statuses = new Set<number>();
      let counter = 0;
      let running = true;
      // five writers creating accounts one after another
      const writer = async () => {
        while (running) {
          const username = `load${++counter}`;
          const res = await http(t)
            .post('/api/accounts')
            .set('x-api-key', admin.apiKey)
            .send({ username, password: 'secret', algorithm: 'SHA-256' });
          statuses.add(res.status);
          if (res.status === 200) acknowledged.push(username);
          else unavailable(res);
        }
      };
      const writers = Array.from({ length: 5 }, writer);

      await sleep(1000);
      await mariadb.kill();
      const ackedBeforeKill = acknowledged.length;
      await sleep(1500);
      const during = await accounts();
      unavailable(during);

      await mariadb.start();
      await eventually(async () => (await accounts()).status === 200);
      const afterRestart = acknowledged.length;
      await sleep(1000);
      running = false;
      await Promise.all(writers);

      expect(ackedBeforeKill).toBeGreaterThan(0);
      expect(acknowledged.length).toBeGreaterThan(afterRestart);
      expect([...statuses].sort()).toEqual([200, 503]);
      const stored = await t.db.getRepository(Account).findBy({ username: In(acknowledged) });
      expect(stored.map((a) => a.username).sort()).toEqual([...acknowledged].sort());
    }, 90_000);
  });

  describe('npm start while the database is down', () => {
    it('never up: one line per attempt, then exits non-zero naming host:port within DB_CONNECT_RETRY_SECONDS', async () => {
      const port = await freePort();
      const server = runServer({
        ...mariadb.env(),
        DB_PORT: String(port),
        APP_PORT: String(await freePort()),
        DB_CONNECT_RETRY_SECONDS: '3',
      });
      const { code, ms } = await server.exited;
      const output = server.output();
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      const attempts = output.split('\n').filter((line) => line.includes(`Database not reachable at 127.0.0.1:${port} (attempt`));
      // 0.5 + 1 + 2 s of backoff fit in 3 s: three failed attempts are logged, the fourth gives up
      expect(attempts.length).toBeGreaterThanOrEqual(2);
      expect(attempts[0]).toContain('ECONNREFUSED');
      expect(output).toMatch(new RegExp(`Start failed: Database unreachable at 127\\.0\\.0\\.1:${port} after \\d+ attempt`));
      expect(ms).toBeLessThan(3000 + 5000);
    }, 30_000);

    it('up within the window: the server starts and is ready', async () => {
      await mariadb.kill();
      const port = await freePort();
      const server = runServer({ ...mariadb.env(), DB_DATABASE: 'flexiapi_late', APP_PORT: String(port), DB_CONNECT_RETRY_SECONDS: '30' });
      try {
        await eventually(() => server.output().includes('(attempt 2,'));
        expect(server.output()).toMatch(/Database not reachable at 127\.0\.0\.1:\d+ \(attempt 1, ECONNREFUSED/);
        await mariadb.start();
        await eventually(
          async () =>
            (
              await request(`http://127.0.0.1:${port}`)
                .get('/health')
                .catch(() => ({ status: 0 }))
            ).status === 200,
        );
        expect(server.child.exitCode).toBeNull();
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }, 60_000);
  });
});
