import request from 'supertest';
import { Nonce } from '../../src/auth/entities/nonce.entity';
import { DigestAlgorithm } from '../../src/common/digest-hash';
import { DOMAIN, startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, createSpace, http } from '../support/fixtures';
import { authorization, challenges, fromOf, OPAQUE, wwwAuthenticate } from '../support/digest-client';

const ME = '/api/accounts/me';
const CHALLENGE = /^Digest realm="[^"]+",qop="auth",algorithm=(MD5|SHA-256),nonce="[0-9a-f]{40}",opaque="[^"]+"$/;

interface Attempt {
  nonce: string;
  nc?: number;
  algorithm?: DigestAlgorithm;
  password?: string;
  realm?: string;
  uri?: string;
  path?: string;
  from?: string;
  overrides?: Record<string, string | undefined>;
}

describe('DIGEST authentication (auth.md §3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  /** A first request without Authorization: its 401 carries the challenges. */
  async function challenged(f: AccountFixture): Promise<request.Response> {
    const res = await http(t).get(ME).set('From', fromOf(f));
    expect(res.status).toBe(401);
    return res;
  }

  async function nonceFor(f: AccountFixture): Promise<string> {
    return challenges(await challenged(f))[0].nonce;
  }

  function attempt(f: AccountFixture, a: Attempt): request.Test {
    const path = a.path ?? ME;
    return http(t)
      .get(path)
      .set('From', a.from ?? fromOf(f))
      .set(
        'Authorization',
        authorization({
          username: f.account.username,
          password: a.password ?? f.password,
          realm: a.realm ?? f.account.domain,
          nonce: a.nonce,
          opaque: OPAQUE,
          method: 'GET',
          uri: a.uri ?? path,
          nc: a.nc ?? 1,
          algorithm: a.algorithm,
          overrides: a.overrides,
        }),
      );
  }

  describe('identifying the account (§3.1)', () => {
    it('answers 401 without a From header, with no challenge', async () => {
      const res = await http(t).get(ME);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'From header is required or invalid token' });
      expect(res.headers['www-authenticate']).toBeUndefined();
    });

    it('answers 401 with an empty From header', async () => {
      const res = await http(t).get(ME).set('From', '');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'From header is required or invalid token' });
    });

    it('answers 404 for an unknown account', async () => {
      const res = await http(t).get(ME).set('From', 'sip:missing@username');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
    });

    it('answers 404 for a From without @', async () => {
      const res = await http(t).get(ME).set('From', 'sip:missing');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
    });

    it('reads a From with parameters and percent-escapes', async () => {
      const f = await createAccount(t.db, { username: 'from.parsing', algorithms: ['MD5'] });
      const nonce = await nonceFor(f);
      const res = await attempt(f, { nonce, from: `sip:from%2Eparsing@${DOMAIN};tag=abc` });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(f.account.id);
    });
  });

  describe('challenges (§3.2–3.4)', () => {
    it('answers 401 Unauthenticated request with challenges and stores nothing (deviation 24)', async () => {
      const f = await createAccount(t.db, { algorithms: ['SHA-256'] });
      const res = await challenged(f);
      expect(res.body).toEqual({ message: 'Unauthenticated request' });
      const headers = wwwAuthenticate(res);
      expect(headers).toHaveLength(1);
      expect(headers[0]).toMatch(CHALLENGE);
      const [c] = challenges(res);
      expect(c).toMatchObject({ realm: DOMAIN, qop: 'auth', algorithm: 'SHA-256', opaque: OPAQUE });
      expect(await t.db.getRepository(Nonce).countBy({ account_id: f.account.id })).toBe(0);
    });

    it('offers MD5 then SHA-256 for an account with both rows, with one nonce', async () => {
      const f = await createAccount(t.db, { algorithms: ['MD5', 'SHA-256'] });
      const res = await challenged(f);
      const headers = wwwAuthenticate(res);
      expect(headers).toHaveLength(2);
      expect(headers[0]).toContain('algorithm=MD5');
      expect(headers[1]).toContain('algorithm=SHA-256');
      const [md5, sha] = challenges(res);
      expect(md5.nonce).toBe(sha.nonce);
    });

    it('gives a new nonce with every 401', async () => {
      const f = await createAccount(t.db, { algorithms: ['MD5'] });
      const first = await nonceFor(f);
      const second = await nonceFor(f);
      expect(first).not.toBe(second);
    });

    it('sends no challenge for an account without password', async () => {
      const f = await createAccount(t.db, { algorithms: [] });
      const res = await challenged(f);
      expect(res.body).toEqual({ message: 'Unauthenticated request' });
      expect(res.headers['www-authenticate']).toBeUndefined();
    });

    it('treats a non-Digest Authorization as absent when JWT is off', async () => {
      const f = await createAccount(t.db, { algorithms: ['MD5'] });
      const res = await http(t).get(ME).set('From', fromOf(f)).set('Authorization', 'Bearer 1234');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Unauthenticated request' });
      expect(challenges(res)[0].algorithm).toBe('MD5');
    });

    it('offers both algorithms for a CLRTXT password', async () => {
      const f = await createAccount(t.db, { algorithms: ['CLRTXT'] });
      const res = await challenged(f);
      expect(challenges(res).map((c) => c.algorithm)).toEqual(['MD5', 'SHA-256']);
    });
  });

  describe.each(['MD5', 'SHA-256'] as const)('full %s handshake', (algorithm) => {
    it('authenticates with nc 1, then nc 2 on the same nonce, then refuses a replayed nc', async () => {
      const f = await createAccount(t.db, { algorithms: [algorithm] });
      const first = await challenged(f);
      const { nonce } = challenges(first)[0];
      expect(challenges(first)[0].algorithm).toBe(algorithm);

      const ok1 = await attempt(f, { nonce, nc: 1, algorithm });
      expect(ok1.status).toBe(200);
      expect(ok1.body).toMatchObject({ id: f.account.id, username: f.account.username });
      // the success carries the challenges with the same nonce: the client goes on with nc + 1
      expect(challenges(ok1)).toEqual([{ realm: DOMAIN, qop: 'auth', algorithm, nonce, opaque: OPAQUE }]);

      const ok2 = await attempt(f, { nonce: challenges(ok1)[0].nonce, nc: 2, algorithm });
      expect(ok2.status).toBe(200);
      expect(challenges(ok2)[0].nonce).toBe(nonce);

      const replay = await attempt(f, { nonce, nc: 2, algorithm });
      expect(replay.status).toBe(401);
      expect(replay.body).toEqual({ message: 'Nonce replayed' });
      const fresh = challenges(replay)[0];
      expect(fresh.algorithm).toBe(algorithm);
      expect(fresh.nonce).not.toBe(nonce);
      // the replayed nonce is spent: even a higher nc fails
      const later = await attempt(f, { nonce, nc: 3, algorithm });
      expect(later.status).toBe(401);
      expect(later.body).toEqual({ message: 'Nonce replayed' });
    });

    it('lets only one of two concurrent requests with the same nc through', async () => {
      const f = await createAccount(t.db, { algorithms: [algorithm] });
      const nonce = await nonceFor(f);
      const results = await Promise.all([attempt(f, { nonce, nc: 1, algorithm }), attempt(f, { nonce, nc: 1, algorithm })]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
      expect(results.find((r) => r.status === 401)!.body).toEqual({ message: 'Nonce replayed' });
    });

    it('records the nc: after nc 5 a lower nc is a replay (deviation 20)', async () => {
      const f = await createAccount(t.db, { algorithms: [algorithm] });
      const nonce = await nonceFor(f);
      expect((await attempt(f, { nonce, nc: 5, algorithm })).status).toBe(200);
      const row = await t.db.getRepository(Nonce).findOneBy({ nonce });
      expect(row!.nc).toBe(5);
      const lower = await attempt(f, { nonce, nc: 3, algorithm });
      expect(lower.status).toBe(401);
      expect(lower.body).toEqual({ message: 'Nonce replayed' });
    });
  });

  describe('nonce checks (§3.5 step 1)', () => {
    it('refuses the nonce of another account', async () => {
      const owner = await createAccount(t.db, { algorithms: ['MD5'] });
      const other = await createAccount(t.db, { algorithms: ['MD5'] });
      const nonce = await nonceFor(owner);
      const res = await attempt(other, { nonce });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Nonce invalid' });
      // the owner can still use it
      expect((await attempt(owner, { nonce })).status).toBe(200);
    });

    it('answers Nonce invalid without a nonce parameter', async () => {
      const f = await createAccount(t.db, { algorithms: ['MD5'] });
      const res = await attempt(f, { nonce: 'x', overrides: { nonce: undefined } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Nonce invalid' });
    });

    it('answers Nonce invalid for an unknown nonce', async () => {
      const f = await createAccount(t.db, { algorithms: ['MD5'] });
      const res = await attempt(f, { nonce: 'abcdefghijklmnopqrstuvwxyz012345' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Nonce invalid' });
    });
  });

  describe('parameter validation (§3.5 step 3)', () => {
    let f: AccountFixture;
    beforeAll(async () => {
      f = await createAccount(t.db, { algorithms: ['MD5'] });
    });

    it('answers 422 on realm for a wrong realm', async () => {
      const res = await attempt(f, { nonce: await nonceFor(f), realm: 'other.realm' });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['realm']);
      expect(res.body.errors.realm).toEqual(['The selected realm is invalid.']);
    });

    it('answers 422 on opaque for a wrong opaque', async () => {
      const res = await attempt(f, { nonce: await nonceFor(f), overrides: { opaque: 'd3Jvbmc=' } });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['opaque']);
    });

    it('answers 422 on algorithm for an unknown algorithm', async () => {
      const res = await attempt(f, { nonce: await nonceFor(f), overrides: { algorithm: 'SHA-512' } });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['algorithm']);
    });

    it('answers 422 on qop for another qop', async () => {
      const res = await attempt(f, { nonce: await nonceFor(f), overrides: { qop: 'auth-int' } });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['qop']);
    });

    it('answers 422 on username when it is not the From user', async () => {
      const res = await attempt(f, { nonce: await nonceFor(f), overrides: { username: 'someone' } });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['username']);
    });

    it('answers 422 on cnonce when it is missing', async () => {
      const res = await attempt(f, { nonce: await nonceFor(f), overrides: { cnonce: undefined } });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ message: 'The cnonce field is required.', errors: { cnonce: ['The cnonce field is required.'] } });
    });

    it('answers 422 on uri for a response computed for another path (deviation 21)', async () => {
      const res = await attempt(f, { nonce: await nonceFor(f), uri: '/api/accounts/me/devices' });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['uri']);
    });

    it('accepts a uri with the query string, or the path alone', async () => {
      const withQuery = await attempt(f, { nonce: await nonceFor(f), path: `${ME}?a=1`, uri: `${ME}?a=1` });
      expect(withQuery.status).toBe(200);
      const pathAlone = await attempt(f, { nonce: await nonceFor(f), path: `${ME}?a=1`, uri: ME });
      expect(pathAlone.status).toBe(200);
    });

    it('writes nothing for a request that fails: the nonce and its count stay usable (deviation 24)', async () => {
      const nonce = await nonceFor(f);
      expect((await attempt(f, { nonce, realm: 'other.realm' })).status).toBe(422);
      expect(await t.db.getRepository(Nonce).countBy({ nonce })).toBe(0);
      expect((await attempt(f, { nonce, nc: 1 })).status).toBe(200);
    });
  });

  describe('password choice and verification (§3.5 steps 4–6)', () => {
    it('answers Wrong algorithm to an MD5 answer for a SHA-256-only account', async () => {
      const f = await createAccount(t.db, { algorithms: ['SHA-256'] });
      const res = await attempt(f, { nonce: await nonceFor(f), algorithm: 'MD5' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Wrong algorithm' });
      expect(challenges(res).map((c) => c.algorithm)).toEqual(['SHA-256']);
    });

    it('answers Unauthorized to a wrong password, with a new nonce', async () => {
      const f = await createAccount(t.db, { algorithms: ['MD5'] });
      const nonce = await nonceFor(f);
      const res = await attempt(f, { nonce, password: 'wrong-password' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Unauthorized' });
      const [c] = challenges(res);
      expect(c.algorithm).toBe('MD5');
      expect(c.nonce).not.toBe(nonce);
    });

    it('answers Unauthorized to a response in upper case (case-sensitive compare)', async () => {
      const f = await createAccount(t.db, { algorithms: ['MD5'] });
      const nonce = await nonceFor(f);
      const header = authorization({
        username: f.account.username,
        password: f.password,
        realm: DOMAIN,
        nonce,
        opaque: OPAQUE,
        method: 'GET',
        uri: ME,
      }).replace(/response="([0-9a-f]+)"/, (_m, r: string) => `response="${r.toUpperCase()}"`);
      const res = await http(t).get(ME).set('From', fromOf(f)).set('Authorization', header);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Unauthorized' });
    });

    it('authenticates a CLRTXT account with SHA-256 and answers with both challenges again', async () => {
      const f = await createAccount(t.db, { algorithms: ['CLRTXT'] });
      const nonce = await nonceFor(f);
      const res = await attempt(f, { nonce, algorithm: 'SHA-256' });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(f.account.id);
      expect(challenges(res).map((c) => [c.algorithm, c.nonce])).toEqual([
        ['MD5', nonce],
        ['SHA-256', nonce],
      ]);
    });

    it('authenticates a CLRTXT account with MD5', async () => {
      const f = await createAccount(t.db, { algorithms: ['CLRTXT'] });
      const res = await attempt(f, { nonce: await nonceFor(f), algorithm: 'MD5' });
      expect(res.status).toBe(200);
    });

    it('uses the row of the requested algorithm when the account has both', async () => {
      const f = await createAccount(t.db, { algorithms: ['MD5', 'SHA-256'] });
      const nonce = await nonceFor(f);
      expect((await attempt(f, { nonce, nc: 1, algorithm: 'SHA-256' })).status).toBe(200);
      expect((await attempt(f, { nonce, nc: 2, algorithm: 'MD5' })).status).toBe(200);
    });

    it('hashes the request method: a POST answered with a GET response is refused', async () => {
      await createSpace(t.db, 'digest-super.test', { super: true });
      const f = await createAccount(t.db, { domain: 'digest-super.test', admin: true, algorithms: ['MD5'] });
      const from = fromOf(f);
      const first = await http(t).post('/api/spaces').set('From', from);
      expect(first.status).toBe(401);
      const { nonce } = challenges(first)[0];
      const header = (method: string, nc: number) =>
        authorization({
          username: f.account.username,
          password: f.password,
          realm: f.account.domain,
          nonce,
          opaque: OPAQUE,
          method,
          uri: '/api/spaces',
          nc,
        });
      const wrong = await http(t).post('/api/spaces').set('From', from).set('Authorization', header('GET', 1)).send({});
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual({ message: 'Unauthorized' });
      // authenticated: the endpoint's own validation answers
      const right = await http(t).post('/api/spaces').set('From', from).set('Authorization', header('POST', 2)).send({});
      expect(right.status).toBe(422);
      expect(right.body.errors).toEqual({ domain: ['The domain field is required.'] });
    });

    it('finds the account in any domain, then the cross-Space rule refuses another Space host', async () => {
      await createSpace(t.db, 'digest-cross.test');
      const f = await createAccount(t.db, { domain: 'digest-cross.test', algorithms: ['MD5'] });
      const first = await challenged(f);
      expect(challenges(first)[0].realm).toBe('digest-cross.test');
      const res = await attempt(f, { nonce: challenges(first)[0].nonce });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Unauthorized area' });
    });

    it('authenticates an account of another Space on its own Host', async () => {
      await createSpace(t.db, 'digest-other.test');
      const f = await createAccount(t.db, { domain: 'digest-other.test', algorithms: ['MD5'] });
      const first = await http(t).get(ME, 'digest-other.test').set('From', fromOf(f));
      expect(first.status).toBe(401);
      const [c] = challenges(first);
      // realm = the account's domain
      expect(c.realm).toBe('digest-other.test');
      const res = await http(t)
        .get(ME, 'digest-other.test')
        .set('From', fromOf(f))
        .set(
          'Authorization',
          authorization({
            username: f.account.username,
            password: f.password,
            realm: c.realm,
            nonce: c.nonce,
            opaque: OPAQUE,
            method: 'GET',
            uri: ME,
          }),
        );
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(f.account.id);
    });
  });
});

describe('DIGEST with ACCOUNT_REALM set', () => {
  const REALM = 'realm.test';
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ ACCOUNT_REALM: REALM });
  });
  afterAll(() => t.close());

  async function handshake(f: AccountFixture, algorithm: DigestAlgorithm, realm: string) {
    const first = await http(t).get(ME).set('From', fromOf(f));
    expect(first.status).toBe(401);
    const c = challenges(first).find((x) => x.algorithm === algorithm)!;
    return http(t)
      .get(ME)
      .set('From', fromOf(f))
      .set(
        'Authorization',
        authorization({
          username: f.account.username,
          password: f.password,
          realm,
          nonce: c.nonce,
          opaque: OPAQUE,
          method: 'GET',
          uri: ME,
          algorithm,
        }),
      );
  }

  it('uses the setting as the challenges realm', async () => {
    const f = await createAccount(t.db, { algorithms: ['CLRTXT'] });
    const res = await http(t).get(ME).set('From', fromOf(f));
    expect(challenges(res).map((c) => c.realm)).toEqual([REALM, REALM]);
  });

  it('authenticates a CLRTXT account with a SHA-256 answer computed with that realm', async () => {
    const f = await createAccount(t.db, { algorithms: ['CLRTXT'] });
    const res = await handshake(f, 'SHA-256', REALM);
    expect(res.status).toBe(200);
    expect(challenges(res).map((c) => c.algorithm)).toEqual(['MD5', 'SHA-256']);
  });

  it('authenticates a hashed password stored with that realm', async () => {
    const f = await createAccount(t.db, { algorithms: ['SHA-256'], realm: REALM });
    expect((await handshake(f, 'SHA-256', REALM)).status).toBe(200);
  });

  it('refuses an answer computed with the domain as realm', async () => {
    const f = await createAccount(t.db, { algorithms: ['CLRTXT'] });
    const res = await handshake(f, 'SHA-256', DOMAIN);
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(['realm']);
  });
});
