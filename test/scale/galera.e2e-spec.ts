import { relative } from 'node:path';
import request from 'supertest';
import { In } from 'typeorm';
import { Account } from '../../src/account-core/entities/account.entity';
import { driverCode } from '../../src/database/database-errors';
import { retryTransaction } from '../../src/database/retry';
import { sleep, startApp, TestApp } from '../support/app';
import { digestGet } from '../support/digest-client';
import { AccountFixture, createAccount, createToken, http } from '../support/fixtures';
import { GALERA, OwnGalera } from '../support/own-galera';
import { describeWith, MARIADB_SERVER, REDIS_SERVER } from '../support/system-packages';
import { startTwoInstances } from '../support/two-instances';
import { crossInstanceCases } from './cross-instance-cases';

/**
 * Issue 19, item 4: two instances, one on each node of a two-node Galera
 * cluster of the test's own (one cluster for the whole file): first the
 * cross-instance suite (cross-instance-cases.ts), then the cluster's own
 * cases, which stop and kill nodes. Runs on DB_CONNECTION=mysql with
 * GALERA_TESTS=1 (.ci/run sets it in the MariaDB lane); skipped with one
 * line otherwise.
 */
const DATABASE = 'flexiapi_galera';
const PARALLEL = 20;

function galeraDescribe(): jest.Describe {
  const why =
    process.env.DB_CONNECTION !== 'mysql'
      ? 'DB_CONNECTION=mysql'
      : process.env.GALERA_TESTS !== '1'
        ? 'GALERA_TESTS=1 (a two-node cluster of its own: under a minute)'
        : undefined;
  if (why === undefined) return describeWith(MARIADB_SERVER, GALERA, REDIS_SERVER);
  const file = expect.getState().testPath;
  process.stdout.write(`skipped: ${file ? relative(process.cwd(), file) : 'a test file'} needs ${why}\n`);
  return describe.skip;
}

/** Polls until `check` passes. */
async function eventually(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('did not happen in time');
    await sleep(200);
  }
}

const statuses = (responses: { status: number }[]) =>
  responses.reduce<Record<number, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

const unavailable = (res: request.Response) => {
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ message: 'Service unavailable' });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
};

/** A node's counters of transactions Galera refused: failed certification, or aborted by the other node's write. */
async function conflicts(t: TestApp): Promise<number> {
  const rows: { Variable_name: string; Value: string }[] = await t.db.query(
    "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_cert_failures', 'wsrep_local_bf_aborts')",
  );
  return rows.reduce((sum, row) => sum + Number(row.Value), 0);
}

const timings: Record<string, number> = {};
async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[name] = Date.now() - started;
  }
}

galeraDescribe()('Galera: a two-node cluster of its own', () => {
  let cluster: OwnGalera;
  const started = Date.now();

  beforeAll(async () => {
    cluster = await timed('install', () => OwnGalera.install());
    await timed('bootstrap node 1', () => cluster.nodes[0].start({ bootstrap: true }));
    await timed('node 2 joins (SST)', () => cluster.nodes[1].start());
  }, 240_000);

  afterAll(async () => {
    for (const node of cluster?.nodes ?? []) node.signal('SIGCONT');
    await timed('clean stop', async () => void (await cluster?.stop()));
    await cluster?.remove();
    timings.total = Date.now() - started;
    process.stdout.write(`Galera timings (ms): ${JSON.stringify(timings)}\n`);
  }, 120_000);

  describe('the cross-instance suite, instance A on node 1 and B on node 2 (one schema, replicated)', () => {
    let suiteStart = 0;
    beforeAll(() => void (suiteStart = Date.now()));
    afterAll(() => void (timings['cross-instance suite'] = Date.now() - suiteStart));
    crossInstanceCases((env) => startTwoInstances(env, undefined, [cluster.nodes[0].env(), cluster.nodes[1].env()]));
  });

  describe('one instance on each node', () => {
    let a: TestApp;
    let b: TestApp;
    let admin: AccountFixture;

    beforeAll(async () => {
      // A first: it creates the schema and runs the migrations; B finds them done
      const env = { DB_DATABASE: DATABASE, DB_TIMEOUT_SECONDS: '2', LOG_LEVEL: 'warn' };
      a = await timed('instance A', () => startApp({ ...cluster.nodes[0].env(), ...env }));
      b = await timed('instance B', () => startApp({ ...cluster.nodes[1].env(), ...env }));
      admin = await createAccount(a.db, { admin: true });
    }, 60_000);

    afterAll(async () => {
      for (const node of cluster?.nodes ?? []) node.signal('SIGCONT');
      await b?.close();
      await a?.close();
    }, 60_000);

    const asAdmin = (t: TestApp) => ({
      create: (username: string) =>
        http(t)
          .post('/api/accounts')
          .set('x-api-key', admin.apiKey)
          .send({ username, password: 'secret', algorithm: 'SHA-256', activated: true }),
    });
    const fixture = (username: string): AccountFixture => ({
      account: { username, domain: admin.account.domain } as Account,
      password: 'secret',
      apiKey: '',
    });

    it('the cluster has two nodes, both Synced', async () => {
      for (const t of [a, b]) {
        const rows: { Variable_name: string; Value: string }[] = await t.db.query(
          "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment', 'wsrep_cluster_status')",
        );
        expect(Object.fromEntries(rows.map((r) => [r.Variable_name, r.Value]))).toEqual({
          wsrep_cluster_size: '2',
          wsrep_cluster_status: 'Primary',
          wsrep_local_state_comment: 'Synced',
        });
      }
    });

    it('writes on A are read on B: an account created on A logs in on B by DIGEST, and its API key made on A works on B', async () => {
      await asAdmin(a).create('galera_writer').expect(200);
      const me = await digestGet(http(b), fixture('galera_writer'), '/api/accounts/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ username: 'galera_writer' });

      const key = await digestGet(http(a), fixture('galera_writer'), '/api/accounts/me/api_key');
      expect(key.status).toBe(200);
      const byKey = await http(b).get('/api/accounts/me').set('x-api-key', key.text);
      expect(byKey.status).toBe(200);
      expect(byKey.body).toMatchObject({ username: 'galera_writer' });
    });

    it('a token consumed on A is gone on B', async () => {
      const { token } = await createToken(a.db);
      const body = (username: string) => ({ username, password: 'secret', algorithm: 'SHA-256', account_creation_token: token });
      await http(a).post('/api/accounts/with-account-creation-token').send(body('galera_token_a')).expect(200);
      const again = await http(b).post('/api/accounts/with-account-creation-token').send(body('galera_token_b'));
      expect(again.status).toBe(422);
      expect(again.body.errors).toEqual({ account_creation_token: ['Please provide a valid account_creation_token'] });
    });

    it(`${PARALLEL} parallel uses of one token split across A and B: exactly one winner, never a 5xx`, async () => {
      const before = (await conflicts(a)) + (await conflicts(b));
      for (let round = 1; round <= 3; round++) {
        const { token } = await createToken(a.db);
        const responses = await Promise.all(
          Array.from({ length: PARALLEL }, (_, i) =>
            http(i % 2 === 0 ? a : b)
              .post('/api/accounts/with-account-creation-token')
              .send({ username: `race${round}_${i}`, password: 'secret', algorithm: 'SHA-256', account_creation_token: token }),
          ),
        );
        expect(statuses(responses)).toEqual({ 200: 1, 422: PARALLEL - 1 });
        const winner = responses.find((r) => r.status === 200)!.body as { username: string };
        const raced = await a.db
          .getRepository(Account)
          .createQueryBuilder('a')
          .where('a.username LIKE :p', { p: `race${round}\\_%` })
          .getMany();
        expect(raced.map((r) => r.username)).toEqual([winner.username]);
      }
      // how often the two nodes collided here depends on timing (0 to a few); the next test makes one for sure
      timings['certification conflicts met in 3 rounds (count)'] = (await conflicts(a)) + (await conflicts(b)) - before;
      for (const t of [a, b]) expect(t.output()).not.toMatch(/Server Error|ER_LOCK_DEADLOCK/);
    }, 60_000);

    it('a certification conflict is error 1213 on the node that loses, and retryTransaction runs its transaction again', async () => {
      const target = await createAccount(a.db);
      await eventually(async () => (await b.db.getRepository(Account).countBy({ id: target.account.id })) === 1);
      const update = 'UPDATE accounts SET display_name = ? WHERE id = ?';
      const errors: string[] = [];
      let attempts = 0;
      const result = await retryTransaction(async () => {
        try {
          return await b.db.transaction(async (manager) => {
            attempts++;
            await manager.query(update, [`from B, attempt ${attempts}`, target.account.id]);
            // node 1 writes the same row meanwhile and commits first: B's transaction cannot be certified
            if (attempts === 1) await a.db.query(update, ['from A', target.account.id]);
            return 'committed';
          });
        } catch (error) {
          errors.push(driverCode(error));
          throw error;
        }
      });
      expect(result).toBe('committed');
      expect(errors).toEqual(['ER_LOCK_DEADLOCK']);
      expect(attempts).toBe(2);
      for (const t of [a, b]) {
        await eventually(
          async () => (await t.db.getRepository(Account).findOneByOrFail({ id: target.account.id })).display_name === 'from B, attempt 2',
        );
      }
    });

    it('node 1 stopped (SIGSTOP): node 2 alone is not primary, B answers 503 (WSREP not ready, 1047); both answer again when node 1 continues', async () => {
      const probe = (t: TestApp) => http(t).get('/api/accounts').set('x-api-key', admin.apiKey);
      await probe(b).expect(200);
      cluster.nodes[0].signal('SIGSTOP');
      try {
        // first the reads wait for node 1 (wsrep_sync_wait) past DB_TIMEOUT_SECONDS: 503; then node 2 leaves the
        // primary component once node 1 is declared inactive (evs timeouts of own-galera.ts) and refuses at once
        await eventually(async () => {
          unavailable(await probe(b));
          return b.output().includes('Database unavailable (ER_UNKNOWN_COM_ERROR): WSREP has not yet prepared node for application use');
        }, 30_000);
        const [res, ms] = await (async () => {
          const t0 = Date.now();
          return [await probe(b), Date.now() - t0] as const;
        })();
        unavailable(res);
        expect(ms).toBeLessThan(1000);
        // a load balancer's readiness probe takes B out too
        unavailable(await http(b).get('/health'));
      } finally {
        cluster.nodes[0].signal('SIGCONT');
      }
      await eventually(async () => (await probe(b)).status === 200 && (await probe(a)).status === 200);
    }, 120_000);

    it('node 2 killed mid-load: B answers 503 with Retry-After, A goes on; node 2 rejoins (IST) and B recovers; no acknowledged write is lost', async () => {
      const acknowledged: string[] = [];
      const seen: Record<'a' | 'b', Set<number>> = { a: new Set(), b: new Set() };
      const counts: Record<string, number> = {};
      let counter = 0;
      let running = true;
      const writer = (name: 'a' | 'b', t: TestApp) => async () => {
        while (running) {
          const username = `load_${name}${++counter}`;
          const res = await asAdmin(t).create(username);
          seen[name].add(res.status);
          counts[`${name}${res.status}`] = (counts[`${name}${res.status}`] ?? 0) + 1;
          if (res.status === 200) acknowledged.push(username);
          else unavailable(res);
          if (res.status !== 200) await sleep(50);
        }
      };
      // three writers on each instance
      const writers = [...[1, 2, 3].map(() => writer('a', a)()), ...[1, 2, 3].map(() => writer('b', b)())];
      let beforeKill = 0;
      let rejoined = 0;
      try {
        await sleep(1500);
        beforeKill = acknowledged.length;
        const killed = Date.now();
        await cluster.nodes[1].kill();
        await eventually(async () => (await asAdmin(b).create(`probe${++counter}`)).status === 503, 15_000);
        // node 1 weighs 2 and keeps quorum, but its commits wait until node 2 is declared gone (evs.inactive_timeout)
        const ackedByA = () => acknowledged.filter((u) => u.startsWith('load_a')).length;
        const duringA = ackedByA();
        await timed('A writes again after the kill', () => eventually(() => Promise.resolve(ackedByA() > duringA + 5), 30_000));
        timings['A stalled after the kill'] = Date.now() - killed;
        unavailable(await http(b).get('/api/accounts').set('x-api-key', admin.apiKey));

        await timed('node 2 rejoins after SIGKILL (IST)', () => cluster.nodes[1].start());
        rejoined = acknowledged.length;
        await timed('B answers again', () =>
          eventually(async () => (await http(b).get('/api/accounts').set('x-api-key', admin.apiKey)).status === 200),
        );
        await sleep(1500);
      } finally {
        running = false;
        await Promise.all(writers);
        process.stdout.write(`Galera kill mid-load, answers per instance and status: ${JSON.stringify(counts)}\n`);
      }

      expect(beforeKill).toBeGreaterThan(0);
      expect(acknowledged.length).toBeGreaterThan(rejoined);
      expect([...seen.b].sort()).toEqual([200, 503]);
      expect(seen.a.has(200)).toBe(true);
      // every acknowledged creation is on node 1 (the survivor), and on node 2 after its rejoin
      for (const t of [a, b]) {
        const stored = await t.db.getRepository(Account).findBy({ username: In(acknowledged) });
        expect(stored.map((s) => s.username).sort()).toEqual([...acknowledged].sort());
      }
      expect(cluster.nodes[1].output()).toMatch(/IST received|Receiving IST/);
    }, 180_000);
  });
});
