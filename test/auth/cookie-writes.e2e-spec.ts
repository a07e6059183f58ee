import request from 'supertest';
import { Account } from '../../src/account-core/entities/account.entity';
import { Password } from '../../src/account-core/entities/password.entity';
import { ProvisioningToken } from '../../src/account-core/entities/provisioning-token.entity';
import { ApiKey } from '../../src/account-core/entities/api-key.entity';
import { AuthToken } from '../../src/auth/entities/auth-token.entity';
import { sha256 } from '../../src/auth/api-keys.service';
import { USAGE_WRITE_INTERVAL_MS } from '../../src/auth/api-key-usage';
import { HOST, sleep, startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, http } from '../support/fixtures';

const NO_JSON = { message: 'A request authenticated by the x-api-key cookie must have a JSON content type' };
const FOREIGN = { message: 'A request authenticated by the x-api-key cookie must come from the Space host' };
const NEW_ACCOUNT = 'username=forged&password=secret123&algorithm=SHA-256&admin=1';

/** Deviation 25: writes authenticated by the `x-api-key` cookie alone cannot be forged from another site. */
describe('writes authenticated by the x-api-key cookie (deviation 25)', () => {
  let t: TestApp;
  let admin: AccountFixture;
  beforeAll(async () => {
    // as the README advises for older Linphone clients: the provisioning routes then take a plain browser GET
    t = await startApp({ ACCOUNT_PROVISIONING_USE_X_LINPHONE_PROVISIONING_HEADER: 'false' });
    admin = await createAccount(t.db, { admin: true });
  });
  afterAll(() => t.close());

  const withCookie = (test: request.Test) => test.set('Cookie', `x-api-key=${admin.apiKey}`);
  const created = (username: string) => t.db.getRepository(Account).findOneBy({ username });
  // the count once the uses so far are written (coalesced within a second, deviation 29)
  const uses = async () => {
    await sleep(USAGE_WRITE_INTERVAL_MS + 500);
    return (await t.db.getRepository(ApiKey).findOneByOrFail({ key_hash: sha256(admin.apiKey) })).requests;
  };

  describe('are refused 403 without a JSON content type', () => {
    it('a cross-site form post creates nothing and does not count as a use of the key', async () => {
      const before = await uses();
      const res = await withCookie(http(t).post('/api/accounts')).type('form').send(NEW_ACCOUNT);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(NO_JSON);
      expect(await created('forged')).toBeNull();
      expect(await uses()).toBe(before);
    });

    it('a JSON text sent as text/plain (a CORS-simple type)', async () => {
      const res = await withCookie(http(t).post('/api/accounts'))
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify({ username: 'forged', password: 'secret123', algorithm: 'SHA-256' }));
      expect(res.status).toBe(403);
      expect(res.body).toEqual(NO_JSON);
      expect(await created('forged')).toBeNull();
    });

    it('a multipart form', async () => {
      const res = await withCookie(http(t).post('/api/accounts')).field('username', 'forged').field('password', 'secret123');
      expect(res.status).toBe(403);
      expect(await created('forged')).toBeNull();
    });

    it('a query string with no body and no content type', async () => {
      const res = await withCookie(http(t).post(`/api/accounts?${NEW_ACCOUNT}`));
      expect(res.status).toBe(403);
      expect(res.body).toEqual(NO_JSON);
      expect(await created('forged')).toBeNull();
    });

    it('a DELETE with no content type', async () => {
      const victim = await createAccount(t.db);
      const res = await withCookie(http(t).delete(`/api/accounts/${victim.account.id}`));
      expect(res.status).toBe(403);
      expect(await created(victim.account.username)).not.toBeNull();
    });
  });

  describe('with a JSON content type', () => {
    it('never take the query string as the body', async () => {
      const res = await withCookie(http(t).post(`/api/accounts?${NEW_ACCOUNT}`)).set('Content-Type', 'application/json');
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(expect.arrayContaining(['username', 'password']));
      expect(await created('forged')).toBeNull();
    });

    it('take the JSON body alone: a query cannot add fields to it', async () => {
      const res = await withCookie(http(t).post('/api/accounts?admin=1&activated=1')).send({
        username: 'cookiejson',
        password: 'secret123',
        algorithm: 'SHA-256',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ username: 'cookiejson', admin: false, activated: false });
    });

    it('are accepted from the Space origin, any scheme or port', async () => {
      const res = await withCookie(http(t).post('/api/accounts'))
        .set('Origin', `https://${HOST.toUpperCase()}:8443`)
        .send({ username: 'sameorigin', password: 'secret123', algorithm: 'SHA-256' });
      expect(res.status).toBe(200);
    });

    it.each(['https://evil.example', 'null', `http://${HOST}.evil.example`, 'not an origin'])(
      'are refused 403 from Origin %s',
      async (origin) => {
        const res = await withCookie(http(t).post('/api/accounts'))
          .set('Origin', origin)
          .send({ username: 'crossorigin', password: 'secret123', algorithm: 'SHA-256' });
        expect(res.status).toBe(403);
        expect(res.body).toEqual(FOREIGN);
        expect(await created('crossorigin')).toBeNull();
      },
    );

    it('a DELETE with a JSON content type and no body is accepted', async () => {
      const victim = await createAccount(t.db);
      const res = await withCookie(http(t).delete(`/api/accounts/${victim.account.id}`)).set('Content-Type', 'application/json');
      expect(res.status).toBe(200);
      expect(await created(victim.account.username)).toBeNull();
    });
  });

  describe('reads are not concerned', () => {
    it('GET with the cookie, any Origin and no content type', async () => {
      const res = await withCookie(http(t).get('/api/accounts/me')).set('Origin', 'https://evil.example');
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(admin.account.id);
    });

    it('HEAD with the cookie', async () => {
      const res = await withCookie(request(t.url).head('/api/accounts/me').set('Host', HOST));
      expect(res.status).toBe(200);
    });
  });

  describe('GETs that change something are writes (@ChangesState)', () => {
    const newAuthToken = async (): Promise<string> => (await http(t).post('/api/accounts/auth_token')).body.token;

    it("a cross-site link cannot attach an attacker's pairing token to the cookie's account", async () => {
      const token = await newAuthToken();
      const res = await withCookie(http(t).get(`/api/accounts/auth_token/${token}/attach`)).set('Origin', 'https://evil.example');
      expect(res.status).toBe(403);
      expect(res.body).toEqual(NO_JSON);
      expect((await t.db.getRepository(AuthToken).findOneByOrFail({ token })).account_id).toBeNull();
      // nothing attached: redeeming the token gives the attacker no key
      expect((await http(t).get(`/api/accounts/me/api_key/${token}`)).status).toBe(404);
    });

    it("nor replace the key or the provisioning token of the cookie's account", async () => {
      const before = await uses();
      for (const path of ['/api/accounts/me/api_key', '/api/accounts/me/provision']) {
        const res = await withCookie(http(t).get(path));
        expect(res.status).toBe(403);
        expect(res.body).toEqual(NO_JSON);
      }
      expect(await uses()).toBe(before);
    });

    it("nor reset the cookie's account password through /provisioning/me?reset_password (issue 15)", async () => {
      const hash = async () => (await t.db.getRepository(Password).findOneByOrFail({ account_id: admin.account.id })).password;
      const before = await hash();
      for (const path of ['/provisioning/me?reset_password', '/provisioning/me?reset_password=1&x=y']) {
        const plain = await withCookie(http(t).get(path));
        expect([plain.status, plain.body]).toEqual([403, NO_JSON]);
        const foreign = await withCookie(http(t).get(path)).set('Origin', 'https://evil.example');
        expect([foreign.status, foreign.body]).toEqual([403, NO_JSON]);
      }
      expect(await hash()).toBe(before);
      // without reset_password it is a read: the cookie alone is enough
      const read = await withCookie(http(t).get('/provisioning/me'));
      expect([read.status, read.headers['content-type']]).toEqual([200, 'application/xml']);
      expect(await hash()).toBe(before);
    });

    it('nor give another account a new provisioning token through /api/accounts/{id}/provision (issue 15)', async () => {
      const victim = await createAccount(t.db);
      const tokens = () => t.db.getRepository(ProvisioningToken).countBy({ account_id: victim.account.id });
      const before = await tokens();
      const res = await withCookie(http(t).get(`/api/accounts/${victim.account.id}/provision`));
      expect([res.status, res.body]).toEqual([403, NO_JSON]);
      expect(await tokens()).toBe(before);
      // the Space's own page, with a JSON content type, can
      const own = await withCookie(http(t).get(`/api/accounts/${victim.account.id}/provision`)).set('Content-Type', 'application/json');
      expect(own.status).toBe(200);
      expect(await tokens()).toBe(before + 1);
    });

    it("the Space's own page can still attach with the cookie and a JSON content type", async () => {
      const token = await newAuthToken();
      const res = await withCookie(http(t).get(`/api/accounts/auth_token/${token}/attach`)).set('Content-Type', 'application/json');
      expect(res.status).toBe(200);
      expect((await t.db.getRepository(AuthToken).findOneByOrFail({ token })).account_id).toBe(admin.account.id);
    });

    it('the x-api-key header is not concerned', async () => {
      const token = await newAuthToken();
      expect((await http(t).get(`/api/accounts/auth_token/${token}/attach`).set('x-api-key', admin.apiKey)).status).toBe(200);
    });
  });

  describe('requests authenticated by the x-api-key header keep the reference input rules', () => {
    it('a form post creates the account', async () => {
      const res = await http(t)
        .post('/api/accounts')
        .set('x-api-key', admin.apiKey)
        .type('form')
        .send('username=headerform&password=secret123&algorithm=SHA-256');
      expect(res.status).toBe(200);
      expect(res.body.username).toBe('headerform');
    });

    it('a query string stands in for the body, and the header wins over a cookie', async () => {
      const res = await withCookie(http(t).post('/api/accounts?username=headerquery&password=secret123&algorithm=SHA-256'))
        .set('x-api-key', admin.apiKey)
        .set('Origin', 'https://evil.example');
      expect(res.status).toBe(200);
      expect(res.body.username).toBe('headerquery');
    });
  });
});

describe('the x-api-key cookie set by the API key routes (deviation 25)', () => {
  const cookieOf = (res: request.Response) =>
    ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('x-api-key='));

  it('is HttpOnly and SameSite=Lax, and Secure only over HTTPS as told by a trusted proxy', async () => {
    const plain = await startApp();
    const proxied = await startApp({ APP_TRUSTED_PROXIES: '127.0.0.1' });
    try {
      const newKey = async (app: TestApp, proto?: string) => {
        const { apiKey } = await createAccount(app.db);
        let test = http(app).get('/api/accounts/me/api_key').set('x-api-key', apiKey);
        if (proto) test = test.set('X-Forwarded-Proto', proto);
        const res = await test;
        expect(res.status).toBe(200);
        return cookieOf(res)!;
      };
      for (const cookie of [await newKey(plain), await newKey(plain, 'https'), await newKey(proxied), await newKey(proxied, 'http')]) {
        expect(cookie).toMatch(/; HttpOnly(;|$)/);
        expect(cookie).toMatch(/; SameSite=Lax(;|$)/);
        expect(cookie).not.toMatch(/Secure/i);
      }
      const secure = await newKey(proxied, 'https');
      expect(secure).toMatch(/; HttpOnly(;|$)/);
      expect(secure).toMatch(/; SameSite=Lax(;|$)/);
      expect(secure).toMatch(/; Secure(;|$)/);
    } finally {
      await plain.close();
      await proxied.close();
    }
  });
});
