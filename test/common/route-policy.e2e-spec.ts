import { Account } from '../../src/account-core/entities/account.entity';
import { startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, createSpace } from '../support/fixtures';
import { rawRequest } from '../support/raw-http';

/**
 * Issue 7 item 1: the blocked and expired-Space checks, the rate limit, the
 * locale and the host-less routes follow the route that matched, however the
 * URL spells it. `reaches` says whether the router takes the spelling for the
 * route (Fastify decodes `%61`, ignores a trailing slash, and is
 * case-sensitive and literal about `//` and `/./`).
 */
function spellings(path: string): { url: string; reaches: boolean }[] {
  const rest = path.slice('/api'.length);
  return [
    { url: path, reaches: true },
    { url: `/%61pi${rest}`, reaches: true },
    { url: `/%61%70%69${rest.replace(/a/g, '%61')}`, reaches: true },
    { url: `${path}/`, reaches: true },
    { url: `/%61pi${rest}/`, reaches: true },
    { url: `//api${rest}`, reaches: false },
    { url: `/api/.${rest}`, reaches: false },
    { url: `/API${rest}`, reaches: false },
    { url: `/Api${rest.toUpperCase()}`, reaches: false },
  ];
}

describe('checks on the matched route, not the raw URL', () => {
  let t: TestApp;
  const SUPER = 'super.test';
  const EXPIRED = 'expired.test';
  let superAdmin: AccountFixture;

  beforeAll(async () => {
    t = await startApp();
    await createSpace(t.db, SUPER, { super: true });
    await createSpace(t.db, EXPIRED, { expire_at: new Date(Date.now() - 2 * 24 * 3600_000) });
    superAdmin = await createAccount(t.db, { domain: SUPER, admin: true });
  });
  afterAll(() => t.close());

  describe('blocked check', () => {
    it.each(spellings('/api/accounts/me'))('refuses a blocked account on GET $url', async ({ url, reaches }) => {
      const blocked = await createAccount(t.db, { blocked: true });
      const res = await rawRequest(t, 'GET', url, { 'x-api-key': blocked.apiKey });
      expect(res.status).not.toBe(200);
      if (reaches) expect([res.status, res.body]).toEqual([403, { message: 'Account blocked' }]);
    });

    it.each(spellings('/api/accounts/ID/unblock'))(
      'keeps a blocked admin from unblocking itself with POST $url',
      async ({ url, reaches }) => {
        const admin = await createAccount(t.db, { admin: true, blocked: true });
        const res = await rawRequest(t, 'POST', url.replace(/ID/i, String(admin.account.id)), { 'x-api-key': admin.apiKey });
        if (reaches) expect([res.status, res.body]).toEqual([403, { message: 'Account blocked' }]);
        else expect(res.status).toBe(404);
        expect((await t.db.getRepository(Account).findOneByOrFail({ id: admin.account.id })).blocked).toBe(true);
      },
    );
  });

  describe('expired-Space check', () => {
    it.each(spellings('/api/accounts/me'))('refuses a user of an expired Space on GET $url', async ({ url, reaches }) => {
      const user = await createAccount(t.db, { domain: EXPIRED });
      const res = await rawRequest(t, 'GET', url, { host: EXPIRED, 'x-api-key': user.apiKey });
      expect(res.status).not.toBe(200);
      if (reaches) expect([res.status, res.body]).toEqual([403, { message: 'The related Space has expired' }]);
    });
  });

  describe('locale', () => {
    it.each(spellings('/api/spaces').filter((s) => s.reaches))('answers in French on POST $url', async ({ url }) => {
      const res = await rawRequest(
        t,
        'POST',
        url,
        { host: SUPER, 'x-api-key': superAdmin.apiKey, 'accept-language': 'fr', 'content-type': 'application/json' },
        '{}',
      );
      expect(res.status).toBe(422);
      expect((res.body as { errors: unknown }).errors).toEqual({ domain: ['Le champ domain est obligatoire.'] });
    });
  });

  describe('routes that answer on any Host', () => {
    it.each(spellings('/api/ping').filter((s) => s.reaches))('answers GET $url on an unknown Host', async ({ url }) => {
      const res = await rawRequest(t, 'GET', url, { host: 'unknown.host' });
      expect([res.status, res.text]).toEqual([200, 'pong']);
    });

    it('serves the documentation on an unknown Host (CONTRACT)', async () => {
      const doc = await rawRequest(t, 'GET', '/api/openapi.json', { host: 'unknown.host' });
      expect(doc.status).toBe(200);
      expect((doc.body as { openapi: string }).openapi).toMatch(/^3\./);
      expect((await rawRequest(t, 'GET', '/%61pi', { host: 'unknown.host' })).status).toBe(200);
    });

    it.each([
      ['POST', '/%61pi/ping'],
      ['GET', '/%61pi/xyz'],
      ['GET', '//api/ping'],
      ['GET', '/%61pi/accounts/me/api_key/xyz'],
    ])('still needs a known Host on %s %s', async (method, url) => {
      const res = await rawRequest(t, method, url, { host: 'unknown.host' });
      expect([res.status, res.body]).toEqual([404, { message: 'Host not configured' }]);
    });
  });
});

describe('rate limit on every spelling of an API route', () => {
  const LIMIT = 30;
  let t: TestApp;
  let user: AccountFixture;

  beforeAll(async () => {
    t = await startApp({ APP_API_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    user = await createAccount(t.db);
  });
  afterAll(() => t.close());

  it('counts matched, unknown (404) and wrong-method (405) API requests alike, and answers 429 past the limit', async () => {
    // non-API routes neither count nor carry the headers
    for (const url of ['/nothing/here', '/%6eothing', '/apiary']) {
      const res = await rawRequest(t, 'GET', url);
      expect(res.status).toBe(404);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
    const requests: [string, string][] = [
      ...spellings('/api/accounts/me').map((s): [string, string] => ['GET', s.url]),
      ...spellings('/api/xyz').map((s): [string, string] => ['GET', s.url]),
      ...spellings('/api/ping').map((s): [string, string] => ['DELETE', s.url]),
    ];
    // the start-up probe already counted: start from what a plain request leaves
    let expected = Number((await rawRequest(t, 'GET', '/api/ping')).headers['x-ratelimit-remaining']);
    expect(requests.length).toBeLessThan(expected);
    for (const [method, url] of requests) {
      const res = await rawRequest(t, method, url, { 'x-api-key': user.apiKey });
      expect([url, res.headers['x-ratelimit-limit'], res.headers['x-ratelimit-remaining']]).toEqual([
        url,
        String(LIMIT),
        String(--expected),
      ]);
    }
    while (expected > 0) {
      await rawRequest(t, 'GET', '/%61pi/ping');
      expected--;
    }
    for (const url of ['/%61pi/accounts/me', '/api/accounts/me/', '/API/accounts/me', '/%61pi/xyz']) {
      const res = await rawRequest(t, 'GET', url, { 'x-api-key': user.apiKey });
      expect([url, res.status, res.body]).toEqual([url, 429, { message: 'Too Many Attempts.' }]);
      expect(res.headers['retry-after']).toBeDefined();
    }
  });
});
