import { startApp, TestApp } from '../support/app';
import { http } from '../support/fixtures';
import { FakePusher, fakePusher } from '../support/pusher';
import { AccountCreationRequestToken } from '../../src/tokens/entities/account-creation-request-token.entity';
import { AccountCreationToken } from '../../src/tokens/entities/account-creation-token.entity';

const LIMIT = 3;
const TOO_MANY = { message: 'Too Many Attempts.' };

/**
 * Issue 15, item 5: send-by-push and request tokens have their own per-client
 * limit (APP_API_ACCOUNT_CREATION_TOKEN_RATE_LIMIT_PER_MINUTE), on top of the
 * API's, which is off here. Clients are told apart by X-Forwarded-For from a
 * trusted proxy (the test itself, 127.0.0.1); an IPv6 client counts by its /64.
 */
describe('APP_API_ACCOUNT_CREATION_TOKEN_RATE_LIMIT_PER_MINUTE', () => {
  let t: TestApp;
  let pusher: FakePusher;
  let n = 0;
  beforeAll(async () => {
    pusher = fakePusher();
    t = await startApp({
      ...pusher.env,
      APP_API_RATE_LIMIT_PER_MINUTE: '0',
      APP_API_ACCOUNT_CREATION_TOKEN_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      APP_TRUSTED_PROXIES: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await t.close();
    pusher.close();
  });

  const sendByPush = (client: string) =>
    http(t)
      .post('/api/account_creation_tokens/send-by-push')
      .set('X-Forwarded-For', client)
      .send({ pn_provider: 'fcm', pn_param: 'app', pn_prid: `device-${++n}` });
  const requestToken = (client: string) => http(t).post('/api/account_creation_request_tokens').set('X-Forwarded-For', client);
  const counts = async () => ({
    tokens: await t.db.getRepository(AccountCreationToken).count(),
    requests: await t.db.getRepository(AccountCreationRequestToken).count(),
    pushes: pusher.calls().length,
  });

  it('both routes share one count per client; past it 429 with Retry-After, before anything runs or is saved', async () => {
    const client = '203.0.113.5';
    const first = await sendByPush(client);
    expect([first.status, first.headers['x-ratelimit-limit'], first.headers['x-ratelimit-remaining']]).toEqual([200, String(LIMIT), '2']);
    expect((await requestToken(client)).status).toBe(201);
    expect((await sendByPush(client)).status).toBe(200);

    const before = await counts();
    for (const res of [await sendByPush(client), await requestToken(client)]) {
      expect([res.status, res.body]).toEqual([429, TOO_MANY]);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(await counts()).toEqual(before);

    // another client has its own count; other routes are not limited by it
    expect((await sendByPush('203.0.113.6')).status).toBe(200);
    for (let i = 0; i < LIMIT + 2; i++) {
      const res = await http(t).post('/api/accounts/auth_token').set('X-Forwarded-For', client);
      expect([res.status, res.headers['x-ratelimit-limit']]).toEqual([201, undefined]);
    }
  });

  it('an IPv6 client counts by its /64: other addresses of that /64 share the count, the next /64 does not', async () => {
    for (const client of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff:ffff:ffff:fffe']) {
      expect([client, (await requestToken(client)).status]).toEqual([client, 201]);
    }
    for (const client of ['2001:db8:1:2::3', '2001:0db8:0001:0002:0000:0000:0000:0abc']) {
      const res = await sendByPush(client);
      expect([client, res.status, res.body]).toEqual([client, 429, TOO_MANY]);
    }
    expect((await requestToken('2001:db8:1:3::1')).status).toBe(201);
  });

  it('an IPv4-mapped IPv6 address is its IPv4 client', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await requestToken('198.51.100.7')).status).toBe(201);
    const res = await requestToken('::ffff:198.51.100.7');
    expect([res.status, res.body]).toEqual([429, TOO_MANY]);
  });
});
