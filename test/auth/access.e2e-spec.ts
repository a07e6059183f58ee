import { Space } from '../../src/account-core/entities/space.entity';
import { Account } from '../../src/account-core/entities/account.entity';
import { DOMAIN, HOST, startApp, TestApp } from '../support/app';
import { createAccount, createSpace, http } from '../support/fixtures';

const ME = '/api/accounts/me';

/** today at 12:00 UTC: the Space is expired from 00:00 UTC of that day */
function today(): Date {
  const d = new Date();
  d.setUTCHours(12, 0, 0, 0);
  return d;
}

function tomorrow(): Date {
  return new Date(today().getTime() + 24 * 3600_000);
}

describe('access checks (auth.md §4, §5, roles, cross-Space)', () => {
  let t: TestApp;
  const SUPER = 'super.test';
  const EXPIRING = 'expiring.test';
  const OTHER = 'other.test';

  beforeAll(async () => {
    t = await startApp();
    await createSpace(t.db, SUPER, { super: true });
    await createSpace(t.db, EXPIRING);
    await createSpace(t.db, OTHER);
  });
  afterAll(() => t.close());

  const setExpiry = (domain: string, expire_at: Date | null) => t.db.getRepository(Space).update({ domain }, { expire_at });

  describe('blocked check', () => {
    it('answers 403 Account blocked to a blocked account', async () => {
      const f = await createAccount(t.db, { blocked: true });
      const res = await http(t).get(ME).set('x-api-key', f.apiKey);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Account blocked' });
    });

    it('lets the account in again once unblocked', async () => {
      const f = await createAccount(t.db, { blocked: true });
      expect((await http(t).get(ME).set('x-api-key', f.apiKey)).status).toBe(403);
      await t.db.getRepository(Account).update({ id: f.account.id }, { blocked: false });
      expect((await http(t).get(ME).set('x-api-key', f.apiKey)).status).toBe(200);
    });

    it('authenticates an unactivated account', async () => {
      const f = await createAccount(t.db, { activated: false });
      expect((await http(t).get(ME).set('x-api-key', f.apiKey)).status).toBe(200);
    });
  });

  describe('expired-Space check', () => {
    afterEach(() => setExpiry(EXPIRING, null));

    it('answers 403 to a user of a Space whose expire_at is today', async () => {
      const f = await createAccount(t.db, { domain: EXPIRING });
      expect((await http(t).get(ME, EXPIRING).set('x-api-key', f.apiKey)).status).toBe(200);
      await setExpiry(EXPIRING, today());
      const res = await http(t).get(ME, EXPIRING).set('x-api-key', f.apiKey);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'The related Space has expired' });
    });

    it('answers 403 to an admin of the expired Space', async () => {
      const f = await createAccount(t.db, { domain: EXPIRING, admin: true });
      await setExpiry(EXPIRING, today());
      const res = await http(t).get(ME, EXPIRING).set('x-api-key', f.apiKey);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'The related Space has expired' });
    });

    it('lets users in while expire_at is in the future', async () => {
      const f = await createAccount(t.db, { domain: EXPIRING });
      await setExpiry(EXPIRING, tomorrow());
      expect((await http(t).get(ME, EXPIRING).set('x-api-key', f.apiKey)).status).toBe(200);
    });

    it('lets a super admin use the expired Space', async () => {
      const admin = await createAccount(t.db, { domain: SUPER, admin: true });
      await setExpiry(EXPIRING, today());
      const res = await http(t).get(ME, EXPIRING).set('x-api-key', admin.apiKey);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(admin.account.id);
    });

    it('lets a super admin in when its own Space is expired', async () => {
      const admin = await createAccount(t.db, { domain: SUPER, admin: true });
      await setExpiry(SUPER, today());
      try {
        expect((await http(t).get(ME, SUPER).set('x-api-key', admin.apiKey)).status).toBe(200);
        expect((await http(t).get('/api/spaces', SUPER).set('x-api-key', admin.apiKey)).status).toBe(200);
      } finally {
        await setExpiry(SUPER, null);
      }
    });

    it('is checked before the role: a non-admin of an expired Space gets the expiry message', async () => {
      const f = await createAccount(t.db, { domain: EXPIRING });
      await setExpiry(EXPIRING, today());
      const res = await http(t).get('/api/spaces', EXPIRING).set('x-api-key', f.apiKey);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'The related Space has expired' });
    });

    it('comes after the blocked check: a blocked account of an expired Space is told it is blocked', async () => {
      const f = await createAccount(t.db, { domain: EXPIRING, blocked: true });
      await setExpiry(EXPIRING, today());
      const res = await http(t).get(ME, EXPIRING).set('x-api-key', f.apiKey);
      expect([res.status, res.body]).toEqual([403, { message: 'Account blocked' }]);
    });
  });

  describe('roles', () => {
    it('answers 403 Unauthorized area to a user on a super-admin route', async () => {
      const f = await createAccount(t.db);
      const res = await http(t).get('/api/spaces').set('x-api-key', f.apiKey);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Unauthorized area' });
    });

    it('answers 403 Unauthorized area to an admin of a non-super Space on a super-admin route', async () => {
      const f = await createAccount(t.db, { admin: true });
      const res = await http(t).get('/api/spaces').set('x-api-key', f.apiKey);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Unauthorized area' });
    });

    it('answers 403 to a non-admin account of a super Space', async () => {
      const f = await createAccount(t.db, { domain: SUPER });
      const res = await http(t).get('/api/spaces', SUPER).set('x-api-key', f.apiKey);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Unauthorized area' });
    });

    it('lets an admin of a super Space in', async () => {
      const f = await createAccount(t.db, { domain: SUPER, admin: true });
      expect((await http(t).get('/api/spaces', SUPER).set('x-api-key', f.apiKey)).status).toBe(200);
    });
  });

  describe('cross-Space rule', () => {
    it('answers 403 Unauthorized area to a user of Space B calling with Space A host', async () => {
      const f = await createAccount(t.db, { domain: OTHER });
      expect((await http(t).get(ME, OTHER).set('x-api-key', f.apiKey)).status).toBe(200);
      const res = await http(t).get(ME, HOST).set('x-api-key', f.apiKey);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Unauthorized area' });
    });

    it('answers 403 Unauthorized area to an admin of Space B calling with Space A host', async () => {
      const f = await createAccount(t.db, { domain: OTHER, admin: true });
      const res = await http(t).get(ME, HOST).set('x-api-key', f.apiKey);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Unauthorized area' });
    });

    it('lets a super admin cross Spaces', async () => {
      const f = await createAccount(t.db, { domain: SUPER, admin: true });
      expect((await http(t).get(ME, HOST).set('x-api-key', f.apiKey)).status).toBe(200);
      expect((await http(t).get(ME, OTHER).set('x-api-key', f.apiKey)).status).toBe(200);
    });
  });

  describe('Space resolution by Host', () => {
    it('answers 404 Host not configured to an unknown Host', async () => {
      const f = await createAccount(t.db);
      const res = await http(t).get(ME, 'unknown.host').set('x-api-key', f.apiKey);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Host not configured' });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('answers 404 Host not configured on public and unknown routes too', async () => {
      expect((await http(t).get('/api/accounts/me/api_key/xyz', 'unknown.host')).body).toEqual({ message: 'Host not configured' });
      expect((await http(t).get('/api/xyz', 'unknown.host')).body).toEqual({ message: 'Host not configured' });
    });

    it('answers /api/ping on any host', async () => {
      for (const host of ['unknown.host', '127.0.0.1:8000', HOST]) {
        const res = await http(t).get('/api/ping', host);
        expect(res.status).toBe(200);
        expect(res.text).toBe('pong');
      }
    });

    it('ignores the port and the case of the Host', async () => {
      const f = await createAccount(t.db);
      expect((await http(t).get(ME, `${HOST}:8000`).set('x-api-key', f.apiKey)).status).toBe(200);
      expect((await http(t).get(ME, HOST.toUpperCase()).set('x-api-key', f.apiKey)).status).toBe(200);
    });

    it('compares the Host with a stored host case-insensitively', async () => {
      await createSpace(t.db, 'mixed.test', { host: 'Mixed.Case.Test' });
      const f = await createAccount(t.db, { domain: 'mixed.test' });
      expect((await http(t).get(ME, 'mixed.case.test').set('x-api-key', f.apiKey)).status).toBe(200);
      expect((await http(t).get(ME, 'MIXED.CASE.TEST').set('x-api-key', f.apiKey)).status).toBe(200);
    });

    it('serves the default Space created at start', async () => {
      const space = await t.db.getRepository(Space).findOneBy({ domain: DOMAIN });
      expect(space).toMatchObject({ host: HOST, super: false });
    });
  });
});

describe('APP_ROOT_DOMAIN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ APP_ROOT_DOMAIN: 'example.net' });
    await createSpace(t.db, 'in.example.net');
  });
  afterAll(() => t.close());

  it('answers 503 on a Space whose host is outside the root domain', async () => {
    const res = await http(t).get('/api/accounts/me/api_key/xyz', HOST);
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ message: 'The APP_ROOT_DOMAIN configured does not match with the current root domain' });
  });

  it('GET /api/ping and the phone countries need no Space: they answer there too; other methods do not', async () => {
    const ping = await http(t).get('/api/ping', HOST);
    expect([ping.status, ping.text]).toEqual([200, 'pong']);
    expect((await http(t).get('/api/phone_countries', HOST)).status).toBe(200);
    const post = await http(t).post('/api/ping', 'unknown.example.net');
    expect([post.status, post.body]).toEqual([404, { message: 'Host not configured' }]);
  });

  it('serves a Space whose host ends with the root domain', async () => {
    const f = await createAccount(t.db, { domain: 'in.example.net' });
    expect((await http(t).get(ME, 'in.example.net').set('x-api-key', f.apiKey)).status).toBe(200);
  });
});
