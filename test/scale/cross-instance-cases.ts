import request from 'supertest';
import { ApiKey } from '../../src/account-core/entities/api-key.entity';
import { sha256 } from '../../src/auth/api-keys.service';
import { AccountCreationToken } from '../../src/tokens/entities/account-creation-token.entity';
import { APP_KEY, HOST, sleep, TestApp } from '../support/app';
import { runCli } from '../support/cli';
import { AccountFixture, createAccount, createSpace, createSuperAdmin, createToken, spaceBody } from '../support/fixtures';
import { authorization, challenges, fromOf, OPAQUE } from '../support/digest-client';
import { TwoInstances } from '../support/two-instances';

const LIMIT = 30;
const ME = '/api/accounts/me';
const today = () => new Date().toISOString().slice(0, 10);

let clients = 0;
/** A client of its own (X-Forwarded-For from the trusted test): each test counts on its own rate-limit counter. */
function client(host = HOST) {
  const ip = `10.19.0.${++clients}`;
  return (t: TestApp) => {
    const agent = request(t.url);
    const prepare = (test: request.Test) => test.set('Host', host).set('X-Forwarded-For', ip).set('Accept', 'application/json');
    return {
      get: (path: string) => prepare(agent.get(path)),
      post: (path: string) => prepare(agent.post(path)),
      put: (path: string) => prepare(agent.put(path)),
      delete: (path: string) => prepare(agent.delete(path)),
    };
  };
}

/** Waits until `check` holds, polling; answers the time it took (ms), or throws past `withinMs`. */
async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > withinMs) throw new Error(`not within ${withinMs} ms`);
    await sleep(25);
  }
  return Date.now() - start;
}

/**
 * Issue 19: the cross-instance suite. Two instances behind one address, on
 * one MySQL/MariaDB schema (or one Galera node each) and one Redis
 * (REDIS_SHARED_STATE), as an operator runs them. A Space cache of 60 s: what
 * the test sees within a second came through Redis. Registers its cases (and
 * the start and close of its instances) in the caller's `describe`; `start`
 * brings up the two instances with the environment the cases need.
 */
export function crossInstanceCases(start: (env: Record<string, string>) => Promise<TwoInstances>): void {
  let two: TwoInstances;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    two = await start({
      APP_API_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      APP_TRUSTED_PROXIES: '127.0.0.1',
      APP_SPACE_CACHE_SECONDS: '60',
    });
    ({ a, b } = two);
  }, 120_000);
  afterAll(() => two?.close(), 60_000);

  it("counts a client's rate limit across both instances", async () => {
    const as = client();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await as(i % 2 === 0 ? a : b).get('/api/ping')).status);
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    for (const t of [a, b]) {
      const over = await as(t).get('/api/ping');
      expect([over.status, over.body]).toEqual([429, { message: 'Too Many Attempts.' }]);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    }
    // another client has its own counter
    const other = await client()(b).get('/api/ping');
    expect([other.status, other.headers['x-ratelimit-remaining']]).toEqual([200, String(LIMIT - 1)]);
  });

  describe('a Space change on one instance reaches the other within a second', () => {
    let root: AccountFixture;
    beforeAll(async () => {
      root = await createSuperAdmin(a.db, 'root.scale.test');
    });

    it('disabled (expired) through A: refused on B', async () => {
      await createSpace(a.db, 'expiring.scale.test', { host: 'expiring.host.test' });
      const user = await createAccount(a.db, { domain: 'expiring.scale.test' });
      const asUser = client('expiring.host.test');
      expect((await asUser(b).get(ME).set('x-api-key', user.apiKey)).status).toBe(200); // B caches the Space
      const put = await client('root.scale.test')(a)
        .put('/api/spaces/expiring.scale.test')
        .set('x-api-key', root.apiKey)
        .send(spaceBody({ host: 'expiring.host.test', expire_at: today() }));
      expect(put.status).toBe(200);
      let refused: request.Response | undefined;
      const ms = await within(1000, async () => (refused = await asUser(b).get(ME).set('x-api-key', user.apiKey)).status === 403);
      expect(refused!.body).toEqual({ message: 'The related Space has expired' });
      expect(ms).toBeLessThan(1000);
    });

    it('deleted through B: unknown on A', async () => {
      await createSpace(a.db, 'deleted.scale.test', { host: 'deleted.host.test' });
      const info = () => client('deleted.host.test')(a).get('/api/accounts/nobody@deleted.scale.test/info');
      expect((await info()).status).toBe(404); // resolved, and cached by A
      expect((await info()).body).not.toEqual({ message: 'Host not configured' });
      const del = await client('root.scale.test')(b).delete('/api/spaces/deleted.scale.test').set('x-api-key', root.apiKey);
      expect(del.status).toBe(200);
      await within(1000, async () => (await info()).body.message === 'Host not configured');
    });

    it('moved by the console (spaces:create-update, its own process): both see the new host', async () => {
      await createSpace(a.db, 'console.scale.test', { host: 'old.console.test' });
      const old = (t: TestApp) => client('old.console.test')(t).get('/api/accounts/nobody@console.scale.test/info');
      for (const t of [a, b]) expect((await old(t)).body).not.toEqual({ message: 'Host not configured' });
      const cli = await runCli(
        { ...two.env, APP_KEY, APP_SIP_DOMAIN: a.settings.sipDomain, APP_DEFAULT_HOST: a.settings.defaultHost },
        '/tmp',
        'spaces:create-update',
        'console.scale.test',
        'new.console.test',
      );
      expect([cli.code, cli.stderr]).toEqual([0, '']);
      for (const t of [a, b]) await within(1000, async () => (await old(t)).body.message === 'Host not configured');
      expect((await client('new.console.test')(b).get('/api/accounts/nobody@console.scale.test/info')).body).not.toEqual({
        message: 'Host not configured',
      });
    });
  });

  it('a DIGEST nonce issued by A is answered on B; its replay on A is refused', async () => {
    const f = await createAccount(a.db);
    const as = client();
    const challenge = await as(a).get(ME).set('From', fromOf(f));
    expect(challenge.status).toBe(401);
    const { nonce } = challenges(challenge).find((c) => c.algorithm === 'SHA-256') ?? challenges(challenge)[0];
    const answer = (t: TestApp, nc: number) =>
      as(t)
        .get(ME)
        .set('From', fromOf(f))
        .set(
          'Authorization',
          authorization({
            username: f.account.username,
            password: f.password,
            realm: f.account.domain,
            nonce,
            opaque: OPAQUE,
            method: 'GET',
            uri: ME,
            nc,
            algorithm: 'SHA-256',
          }),
        );
    expect((await answer(b, 1)).status).toBe(200);
    const replay = await answer(a, 1);
    expect([replay.status, replay.body]).toEqual([401, { message: 'Nonce replayed' }]);
  });

  it('a token consumed on A is gone on B', async () => {
    const { token } = await createToken(a.db);
    const [first, second] = [await createAccount(a.db), await createAccount(a.db)];
    const as = client();
    expect(
      (await as(a).post('/api/account_creation_tokens/consume').set('x-api-key', first.apiKey).send({ account_creation_token: token }))
        .status,
    ).toBe(200);
    expect(
      (await as(b).post('/api/account_creation_tokens/consume').set('x-api-key', second.apiKey).send({ account_creation_token: token }))
        .status,
    ).toBe(404);
  });

  it('20 parallel uses of one token, split across both, give exactly one winner', async () => {
    const { token } = await createToken(a.db);
    const users: AccountFixture[] = [];
    for (let i = 0; i < 20; i++) users.push(await createAccount(a.db));
    const as = client();
    const responses = await Promise.all(
      users.map((u, i) =>
        as(i % 2 === 0 ? a : b)
          .post('/api/account_creation_tokens/consume')
          .set('x-api-key', u.apiKey)
          .send({ account_creation_token: token }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(404)]);
    const winner = responses.find((r) => r.status === 200)!.body as { account_id: number };
    expect(await a.db.getRepository(AccountCreationToken).findOneByOrFail({ token })).toMatchObject({
      used: true,
      account_id: winner.account_id,
    });
  });

  // last: it stops both instances
  it('stopping both loses no API key usage', async () => {
    const f = await createAccount(a.db);
    const as = client();
    const uses = 12;
    const answers = await Promise.all(
      Array.from({ length: uses }, (_, i) =>
        as(i % 2 === 0 ? a : b)
          .get(ME)
          .set('x-api-key', f.apiKey),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(uses).fill(200));
    // at once: the uses are still pending (written within a second) on both
    await two.stop();
    const row = await two.db.getRepository(ApiKey).findOneByOrFail({ key_hash: sha256(f.apiKey) });
    expect(row.requests).toBe(uses);
  });
}
