import { createHmac } from 'node:crypto';
import { startApp, TestApp } from '../support/app';
import { createAccount, http } from '../support/fixtures';

const PATH = '/api/accounts/me/services/turn';
const SECRET = 'turn-secret&"<>';

describe('GET /api/accounts/me/services/turn (misc.md §TURN)', () => {
  describe('configured', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startApp({ COTURN_SERVER_HOST: 'turn.example.org', COTURN_STATIC_AUTH_SECRET: SECRET, COTURN_SESSION_TTL_MINUTES: '60' });
    });
    afterAll(() => t.close());

    it('→ 200 with fresh time-limited credentials, ttl = minutes × 60', async () => {
      const f = await createAccount(t.db, { username: 'turnapi' });
      const a = await http(t).get(PATH).set('x-api-key', f.apiKey);
      expect(a.status).toBe(200);
      expect(Object.keys(a.body)).toEqual(['username', 'password', 'ttl', 'uris']);
      expect(a.body.ttl).toBe(3600);
      expect(a.body.uris).toEqual(['turn:turn.example.org']);
      const [expiry, random] = (a.body.username as string).split(':');
      const left = Number(expiry) - Math.floor(Date.now() / 1000);
      expect(left).toBeGreaterThan(3590);
      expect(left).toBeLessThanOrEqual(3600);
      expect(random).toMatch(/^[A-Za-z0-9]{16}$/);
      // what the TURN server recomputes with the shared secret
      expect(a.body.password).toBe(createHmac('sha1', SECRET).update(a.body.username).digest('base64'));
      const b = await http(t).get(PATH).set('x-api-key', f.apiKey);
      expect(b.body.username).not.toBe(a.body.username);
    });

    it('requires authentication; a blocked account is refused (API route)', async () => {
      expect((await http(t).get(PATH)).status).toBe(401);
      const blocked = await createAccount(t.db, { username: 'turnblocked', blocked: true });
      const res = await http(t).get(PATH).set('x-api-key', blocked.apiKey);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Account blocked' });
    });
  });

  describe('not configured', () => {
    let t: TestApp;
    beforeAll(async () => {
      // a host and a secret but a ttl of 0 is not a TURN service either
      t = await startApp({ COTURN_SERVER_HOST: 'turn.example.org', COTURN_STATIC_AUTH_SECRET: SECRET, COTURN_SESSION_TTL_MINUTES: '0' });
    });
    afterAll(() => t.close());

    it('→ 404 No TURN service configured', async () => {
      const f = await createAccount(t.db, { username: 'noturn' });
      const res = await http(t).get(PATH).set('x-api-key', f.apiKey);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'No TURN service configured' });
    });
  });
});
