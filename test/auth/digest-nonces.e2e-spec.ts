import request from 'supertest';
import { Nonce } from '../../src/auth/entities/nonce.entity';
import { issueNonce } from '../../src/auth/digest/nonce';
import { MAX_NC } from '../../src/auth/digest/nonce-counts';
import { startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { authorization, challenges, fromOf, NONCE_KEY, OPAQUE, wwwAuthenticate } from '../support/digest-client';

const ME = '/api/accounts/me';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Deviation 24: signed nonces, no row before authentication, an end. */
describe('DIGEST nonces (deviation 24)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const rows = (f: AccountFixture) => t.db.getRepository(Nonce).findBy({ account_id: f.account.id });

  async function nonceFor(f: AccountFixture): Promise<string> {
    const res = await http(t).get(ME).set('From', fromOf(f));
    expect(res.status).toBe(401);
    return challenges(res)[0].nonce;
  }

  function attempt(f: AccountFixture, nonce: string, nc = 1, password = f.password): request.Test {
    return http(t)
      .get(ME)
      .set('From', fromOf(f))
      .set(
        'Authorization',
        authorization({
          username: f.account.username,
          password,
          realm: f.account.domain,
          nonce,
          opaque: OPAQUE,
          method: 'GET',
          uri: ME,
          nc,
          algorithm: 'SHA-256',
        }),
      );
  }

  describe('challenges', () => {
    it('write no row, however many are asked for', async () => {
      const f = await createAccount(t.db);
      const before = await t.db.getRepository(Nonce).count();
      const answers = await Promise.all(Array.from({ length: 20 }, () => http(t).get(ME).set('From', fromOf(f))));
      expect(answers.map((r) => r.status)).toEqual(Array(20).fill(401));
      expect(new Set(answers.map((r) => challenges(r)[0].nonce)).size).toBe(20);
      expect(await t.db.getRepository(Nonce).count()).toBe(before);
    });

    it('carry no stale parameter on a first challenge', async () => {
      const f = await createAccount(t.db);
      const res = await http(t).get(ME).set('From', fromOf(f));
      expect(wwwAuthenticate(res)[0]).not.toContain('stale');
    });
  });

  describe('the first authenticated use', () => {
    it('inserts the row with its nc; later uses advance it; a replay fails and spends the nonce', async () => {
      const f = await createAccount(t.db);
      const nonce = await nonceFor(f);
      expect((await attempt(f, nonce, 1)).status).toBe(200);
      expect((await rows(f)).map((r) => [r.nonce, r.nc])).toEqual([[nonce, 1]]);
      expect((await attempt(f, nonce, 2)).status).toBe(200);
      expect((await rows(f))[0].nc).toBe(2);

      const replay = await attempt(f, nonce, 2);
      expect(replay.status).toBe(401);
      expect(replay.body).toEqual({ message: 'Nonce replayed' });
      expect(challenges(replay)[0].nonce).not.toBe(nonce);
      expect((await rows(f))[0].nc).toBe(MAX_NC);
      expect((await attempt(f, nonce, 3)).body).toEqual({ message: 'Nonce replayed' });
    });

    it('lets exactly one of ten parallel first uses with the same nc through', async () => {
      const f = await createAccount(t.db);
      const nonce = await nonceFor(f);
      const results = await Promise.all(Array.from({ length: 10 }, () => attempt(f, nonce, 1)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 401)).toHaveLength(9);
      for (const r of results.filter((x) => x.status === 401)) expect(r.body).toEqual({ message: 'Nonce replayed' });
      expect(await rows(f)).toHaveLength(1);
    });

    it('writes nothing for a wrong password', async () => {
      const f = await createAccount(t.db);
      const nonce = await nonceFor(f);
      const res = await attempt(f, nonce, 1, 'wrong-password');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Unauthorized' });
      expect(await rows(f)).toEqual([]);
    });
  });

  describe('forged and altered nonces', () => {
    async function refused(f: AccountFixture, nonce: string): Promise<void> {
      const res = await attempt(f, nonce);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Nonce invalid' });
      expect(challenges(res)[0].nonce).toMatch(/^[0-9a-f]{40}$/);
      expect(await rows(f)).toEqual([]);
    }

    it('refuses a nonce signed with another key', async () => {
      const f = await createAccount(t.db);
      await refused(f, issueNonce('not-the-app-key', f.account.id, nowSeconds()));
    });

    it('refuses a nonce with one digit altered, in the time, the salt or the MAC', async () => {
      const f = await createAccount(t.db);
      const nonce = await nonceFor(f);
      for (const i of [7, 12, 39]) {
        await refused(f, nonce.slice(0, i) + (nonce[i] === 'a' ? 'b' : 'a') + nonce.slice(i + 1));
      }
    });

    it('refuses a nonce back-dated into the future, so that it would never expire', async () => {
      const f = await createAccount(t.db);
      const nonce = await nonceFor(f);
      await refused(f, 'ffffffff' + nonce.slice(8));
    });

    it('refuses the nonce of another account', async () => {
      const owner = await createAccount(t.db);
      const other = await createAccount(t.db);
      await refused(other, await nonceFor(owner));
    });
  });

  describe('expiry (DIGEST_NONCE_LIFETIME_SECONDS, default 300)', () => {
    it('answers an expired nonce 401 Nonce expired with a fresh challenge carrying stale=true, which works', async () => {
      const f = await createAccount(t.db, { algorithms: ['MD5', 'SHA-256'] });
      const old = issueNonce(NONCE_KEY, f.account.id, nowSeconds() - 301);
      const res = await attempt(f, old);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Nonce expired' });
      const headers = wwwAuthenticate(res);
      expect(headers).toHaveLength(2);
      for (const header of headers) expect(header).toMatch(/,stale=true$/);
      const fresh = challenges(res)[0];
      expect(fresh.nonce).not.toBe(old);
      expect(await rows(f)).toEqual([]);
      const retried = await attempt(f, fresh.nonce);
      expect(retried.status).toBe(200);
      expect(wwwAuthenticate(retried)[0]).not.toContain('stale');
    });

    it('still accepts a nonce within its lifetime', async () => {
      const f = await createAccount(t.db);
      expect((await attempt(f, issueNonce(NONCE_KEY, f.account.id, nowSeconds() - 290))).status).toBe(200);
    });

    it('answers an expired nonce with a wrong password Unauthorized, without stale (RFC 7616 §3.3)', async () => {
      const f = await createAccount(t.db);
      const res = await attempt(f, issueNonce(NONCE_KEY, f.account.id, nowSeconds() - 301), 1, 'wrong-password');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Unauthorized' });
      expect(wwwAuthenticate(res)[0]).not.toContain('stale');
    });
  });
});

describe('DIGEST nonces with DIGEST_NONCE_LIFETIME_SECONDS=2', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ DIGEST_NONCE_LIFETIME_SECONDS: '2' });
  });
  afterAll(() => t.close());

  it('ends a nonce in use once its lifetime is over', async () => {
    const f = await createAccount(t.db);
    const first = await http(t).get(ME).set('From', fromOf(f));
    const { nonce } = challenges(first)[0];
    const use = (nc: number) =>
      http(t)
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
    expect((await use(1)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3100));
    const late = await use(2);
    expect(late.status).toBe(401);
    expect(late.body).toEqual({ message: 'Nonce expired' });
    expect(wwwAuthenticate(late)[0]).toMatch(/,stale=true$/);
  });
});
