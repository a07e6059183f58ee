import { ApiKey } from '../../src/account-core/entities/api-key.entity';
import { sha256 } from '../../src/auth/api-keys.service';
import { USAGE_WRITE_INTERVAL_MS } from '../../src/auth/api-key-usage';
import { HOST, sleep, startApp, TestApp } from '../support/app';
import { createAccount, http } from '../support/fixtures';
import { wwwAuthenticate } from '../support/digest-client';

const ME = '/api/accounts/me';

describe('API key authentication (auth.md §2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const keyRow = (key: string) => t.db.getRepository(ApiKey).findOneBy({ key_hash: sha256(key) });

  it('authenticates with the x-api-key header', async () => {
    const f = await createAccount(t.db);
    const res = await http(t).get(ME).set('x-api-key', f.apiKey);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: f.account.id, username: f.account.username });
  });

  it('authenticates with the x-api-key cookie', async () => {
    const f = await createAccount(t.db);
    const res = await http(t).get(ME).set('Cookie', `x-api-key=${f.apiKey}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(f.account.id);
  });

  it('prefers the header over the cookie', async () => {
    const f = await createAccount(t.db);
    const other = await createAccount(t.db);
    const res = await http(t).get(ME).set('x-api-key', f.apiKey).set('Cookie', `x-api-key=${other.apiKey}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(f.account.id);
    const wrongHeader = await http(t).get(ME).set('x-api-key', 'not-a-key').set('Cookie', `x-api-key=${other.apiKey}`);
    expect(wrongHeader.status).toBe(401);
  });

  it('ignores the From header', async () => {
    const f = await createAccount(t.db);
    const res = await http(t).get(ME).set('x-api-key', f.apiKey).set('From', 'sip:missing@nowhere');
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(f.account.id);
  });

  it('answers 401 Invalid API Key to an unknown key, without challenge and without trying DIGEST', async () => {
    const f = await createAccount(t.db, { algorithms: ['MD5'] });
    const res = await http(t).get(ME).set('x-api-key', 'unknown-key').set('From', `sip:${f.account.username}@${f.account.domain}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid API Key' });
    expect(wwwAuthenticate(res)).toEqual([]);
  });

  it('accepts a key bound to the client IP', async () => {
    const f = await createAccount(t.db, { apiKeyIp: '127.0.0.1' });
    expect((await http(t).get(ME).set('x-api-key', f.apiKey)).status).toBe(200);
  });

  it('refuses a key bound to another IP', async () => {
    const f = await createAccount(t.db, { apiKeyIp: '10.1.2.3' });
    const res = await http(t).get(ME).set('x-api-key', f.apiKey);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid API Key' });
  });

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const f = await createAccount(t.db, { apiKeyIp: '10.1.2.3' });
    const res = await http(t).get(ME).set('x-api-key', f.apiKey).set('X-Forwarded-For', '10.1.2.3');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid API Key' });
  });

  it('refuses a key once its stored IP is changed', async () => {
    const f = await createAccount(t.db, { apiKeyIp: '127.0.0.1' });
    expect((await http(t).get(ME).set('x-api-key', f.apiKey)).status).toBe(200);
    await t.db.getRepository(ApiKey).update({ key_hash: sha256(f.apiKey) }, { ip: '192.168.0.1' });
    const res = await http(t).get(ME).set('x-api-key', f.apiKey);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid API Key' });
  });

  it('counts requests and records the last use, within a second (deviation 29)', async () => {
    const f = await createAccount(t.db);
    const longAgo = new Date(Date.now() - 30 * 60_000);
    longAgo.setUTCMilliseconds(0);
    await t.db.getRepository(ApiKey).update({ key_hash: sha256(f.apiKey) }, { last_used_at: longAgo });
    const before = Date.now() - 2000;
    expect((await http(t).get(ME).set('x-api-key', f.apiKey)).status).toBe(200);
    expect((await http(t).get(ME).set('x-api-key', f.apiKey)).status).toBe(200);
    // written together, within a second
    await sleep(USAGE_WRITE_INTERVAL_MS + 500);
    const row = await keyRow(f.apiKey);
    expect(row!.requests).toBe(2);
    expect(row!.last_used_at!.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('writes the uses not yet written when the server stops (deviation 29)', async () => {
    const f = await createAccount(t.db);
    // a second server on the same database, stopped right after the uses
    const other = await startApp({ DB_DATABASE: t.settings.db.database });
    try {
      for (let i = 0; i < 3; i++) expect((await http(other).get(ME).set('x-api-key', f.apiKey)).status).toBe(200);
    } finally {
      await other.close();
    }
    expect((await keyRow(f.apiKey))!.requests).toBe(3);
  });

  it('refuses a key unused for longer than APP_API_KEY_EXPIRATION_MINUTES (60 by default) and deletes it', async () => {
    const f = await createAccount(t.db);
    await t.db.getRepository(ApiKey).update({ key_hash: sha256(f.apiKey) }, { last_used_at: new Date(Date.now() - 61 * 60_000) });
    const res = await http(t).get(ME).set('x-api-key', f.apiKey);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid API Key' });
    expect(await keyRow(f.apiKey)).toBeNull();
  });

  it('still accepts a key used within the expiration delay', async () => {
    const f = await createAccount(t.db);
    await t.db.getRepository(ApiKey).update({ key_hash: sha256(f.apiKey) }, { last_used_at: new Date(Date.now() - 59 * 60_000) });
    expect((await http(t).get(ME).set('x-api-key', f.apiKey)).status).toBe(200);
  });

  it('never expires a console-style key (expires = false)', async () => {
    const f = await createAccount(t.db);
    await t.db
      .getRepository(ApiKey)
      .update({ key_hash: sha256(f.apiKey) }, { expires: false, last_used_at: new Date('2000-01-01T00:00:00Z') });
    const res = await http(t).get(ME).set('x-api-key', f.apiKey);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(f.account.id);
  });

  it('stores only the digest of the key', async () => {
    const f = await createAccount(t.db);
    expect(await t.db.getRepository(ApiKey).findOneBy({ key_hash: f.apiKey })).toBeNull();
    expect(await keyRow(f.apiKey)).not.toBeNull();
  });
});

describe('API keys with APP_API_KEY_EXPIRATION_MINUTES=0', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ APP_API_KEY_EXPIRATION_MINUTES: '0' });
  });
  afterAll(() => t.close());

  it('never expires keys', async () => {
    const f = await createAccount(t.db);
    await t.db.getRepository(ApiKey).update({ key_hash: sha256(f.apiKey) }, { last_used_at: new Date('2000-01-01T00:00:00Z') });
    expect((await http(t).get(ME).set('x-api-key', f.apiKey)).status).toBe(200);
  });
});

describe('API key client IP behind APP_TRUSTED_PROXIES', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ APP_TRUSTED_PROXIES: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('takes the client IP from X-Forwarded-For sent by a trusted proxy', async () => {
    const f = await createAccount(t.db, { apiKeyIp: '10.1.2.3' });
    const res = await http(t).get(ME).set('x-api-key', f.apiKey).set('X-Forwarded-For', '10.1.2.3');
    expect(res.status).toBe(200);
    const other = await http(t).get(ME).set('x-api-key', f.apiKey).set('X-Forwarded-For', '10.9.9.9');
    expect(other.status).toBe(401);
    expect(other.body).toEqual({ message: 'Invalid API Key' });
  });
});

describe('X-Forwarded-Host and -Proto', () => {
  it('are believed from APP_TRUSTED_PROXIES only: they pick the Space and build the generated URLs', async () => {
    const trusting = await startApp({ APP_TRUSTED_PROXIES: '127.0.0.1' });
    const plain = await startApp();
    try {
      for (const t of [trusting, plain]) {
        const admin = await createAccount(t.db, { admin: true });
        const res = await http(t)
          .get('/api/accounts', 'internal.backend:8080')
          .set('X-Forwarded-Host', `${HOST}:8443`)
          .set('X-Forwarded-Proto', 'https')
          .set('x-api-key', admin.apiKey);
        if (t === trusting) {
          expect(res.status).toBe(200);
          expect(res.body.first_page_url).toBe(`https://${HOST}:8443/api/accounts?page=1`);
        } else {
          expect(res.status).toBe(404);
          expect(res.body).toEqual({ message: 'Host not configured' });
        }
      }
    } finally {
      await trusting.close();
      await plain.close();
    }
  });
});
