import { ApiKey } from '../../src/account-core/entities/api-key.entity';
import { sha256 } from '../../src/auth/api-keys.service';
import { startApp, TestApp } from '../support/app';
import { createAccount, http } from '../support/fixtures';
import { AuthToken } from '../../src/auth/entities/auth-token.entity';
import { minutesAgo } from '../../src/database/timestamps';

describe('auth tokens and API keys (QR-code pairing)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const newToken = async (): Promise<string> => {
    const res = await http(t).post('/api/accounts/auth_token').set('User-Agent', 'Pairing/1.0');
    expect(res.status).toBe(201);
    return res.body.token as string;
  };

  describe('POST /api/accounts/auth_token', () => {
    it('creates a 32-character token with the client origin (201)', async () => {
      const res = await http(t).post('/api/accounts/auth_token').set('User-Agent', 'curl/8.0');
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual(['token', 'ip', 'user_agent', 'updated_at', 'created_at', 'id']);
      expect(res.body.token).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(res.body).toMatchObject({ ip: '127.0.0.1', user_agent: 'curl/8.0' });
      expect(res.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000000Z$/);
      const row = await t.db.getRepository(AuthToken).findOneByOrFail({ id: res.body.id });
      expect(row.account_id).toBeNull();
    });

    it('records a null user agent when the header is absent', async () => {
      const res = await http(t).post('/api/accounts/auth_token').set('User-Agent', '');
      expect(res.status).toBe(201);
      expect(res.body.user_agent).toBeNull();
    });
  });

  describe('the pairing flow end to end', () => {
    it('auth_token → attach by a logged-in account → api_key by the token → the key works; reuse → 404', async () => {
      const { account, apiKey } = await createAccount(t.db, { username: 'pairing' });
      const token = await newToken();

      // not attached yet
      let res = await http(t).get(`/api/accounts/me/api_key/${token}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: '' });

      res = await http(t).get(`/api/accounts/auth_token/${token}/attach`).set('x-api-key', apiKey);
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      expect((await t.db.getRepository(AuthToken).findOneByOrFail({ token })).account_id).toBe(account.id);

      res = await http(t).get(`/api/accounts/me/api_key/${token}`);
      expect(res.status).toBe(200);
      expect(res.body.api_key).toMatch(/^[A-Za-z0-9]{40}$/);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('x-api-key='));
      expect(cookie).toBeDefined();
      expect(cookie).toContain(`x-api-key=${res.body.api_key}`);
      expect(cookie).toMatch(/Max-Age=3600/i);
      expect(cookie).toMatch(/Path=\//i);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(await t.db.getRepository(AuthToken).countBy({ token })).toBe(0);
      // bound to the client that redeemed the token, expiring when unused
      expect(await t.db.getRepository(ApiKey).findOneByOrFail({ key_hash: sha256(res.body.api_key) })).toMatchObject({
        account_id: account.id,
        ip: '127.0.0.1',
        expires: true,
      });

      const me = await http(t).get('/api/accounts/me').set('x-api-key', res.body.api_key);
      expect(me.status).toBe(200);
      expect(me.body.username).toBe('pairing');

      const again = await http(t).get(`/api/accounts/me/api_key/${token}`);
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ message: 'Missing elements to perform the request' });
    });
  });

  describe('GET /api/accounts/auth_token/{auth_token}/attach', () => {
    it('needs authentication (401)', async () => {
      const token = await newToken();
      const res = await http(t).get(`/api/accounts/auth_token/${token}/attach`);
      expect(res.status).toBe(401);
    });

    it('unknown token → 404 Missing elements', async () => {
      const { apiKey } = await createAccount(t.db);
      const res = await http(t).get('/api/accounts/auth_token/nope/attach').set('x-api-key', apiKey);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
    });

    it('token older than 5 minutes → 404 Missing elements', async () => {
      const { apiKey } = await createAccount(t.db);
      const token = await newToken();
      await t.db.getRepository(AuthToken).update({ token }, { created_at: minutesAgo(6) });
      const res = await http(t).get(`/api/accounts/auth_token/${token}/attach`).set('x-api-key', apiKey);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
      expect((await http(t).get(`/api/accounts/me/api_key/${token}`)).status).toBe(404);
    });

    it('already attached → 404 with an empty message', async () => {
      const first = await createAccount(t.db);
      const second = await createAccount(t.db);
      const token = await newToken();
      expect((await http(t).get(`/api/accounts/auth_token/${token}/attach`).set('x-api-key', first.apiKey)).status).toBe(200);
      const res = await http(t).get(`/api/accounts/auth_token/${token}/attach`).set('x-api-key', second.apiKey);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: '' });
      expect((await t.db.getRepository(AuthToken).findOneByOrFail({ token })).account_id).toBe(first.account.id);
    });
  });

  describe('GET /api/accounts/me/api_key/{auth_token}', () => {
    it('unknown token → 404 Missing elements', async () => {
      const res = await http(t).get('/api/accounts/me/api_key/unknown');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
    });
  });

  describe('GET /api/accounts/me/api_key', () => {
    it('answers a new key as a bare string with the cookie; the old key stops working', async () => {
      const { apiKey } = await createAccount(t.db);
      const res = await http(t).get('/api/accounts/me/api_key').set('x-api-key', apiKey);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toMatch(/^[A-Za-z0-9]{40}$/);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('x-api-key='));
      expect(cookie).toContain(`x-api-key=${res.text}`);
      expect((await http(t).get('/api/accounts/me').set('x-api-key', res.text)).status).toBe(200);
      expect((await http(t).get('/api/accounts/me').set('x-api-key', apiKey)).status).toBe(401);
    });

    it('needs authentication (401)', async () => {
      expect((await http(t).get('/api/accounts/me/api_key')).status).toBe(401);
    });
  });
});

describe('API key cookie when keys never expire (APP_API_KEY_EXPIRATION_MINUTES=0)', () => {
  it('is a session cookie: no Max-Age, no Expires', async () => {
    const t = await startApp({ APP_API_KEY_EXPIRATION_MINUTES: '0' });
    try {
      const { apiKey } = await createAccount(t.db);
      const res = await http(t).get('/api/accounts/me/api_key').set('x-api-key', apiKey);
      expect(res.status).toBe(200);
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('x-api-key='));
      expect(cookie).toContain(`x-api-key=${res.text}`);
      expect(cookie).not.toMatch(/Max-Age|Expires/i);
    } finally {
      await t.close();
    }
  });
});
