import { startApp, TestApp } from '../support/app';
import { http } from '../support/fixtures';

/**
 * Issue 15, item 5: the API limit counted an IPv6 client by its full address,
 * so one subscriber (a /64) had 2^64 counters. The client address comes from
 * X-Forwarded-For, sent by a trusted proxy (the test, 127.0.0.1).
 */
describe('APP_API_RATE_LIMIT_PER_MINUTE counts an IPv6 client by its /64', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ APP_API_RATE_LIMIT_PER_MINUTE: '3', APP_TRUSTED_PROXIES: '127.0.0.1' });
  });
  afterAll(() => t.close());

  const ping = (client: string) => http(t).get('/api/ping').set('X-Forwarded-For', client);

  it('three addresses of one /64 use its count; a fourth is refused; the next /64 is another client', async () => {
    for (const client of ['2001:db8:a:b::1', '2001:db8:a:b::2', '2001:db8:a:b:1:2:3:4']) {
      expect([client, (await ping(client)).status]).toEqual([client, 200]);
    }
    const over = await ping('2001:db8:a:b::ffff');
    expect([over.status, over.body]).toEqual([429, { message: 'Too Many Attempts.' }]);
    const next = await ping('2001:db8:a:c::1');
    expect([next.status, next.headers['x-ratelimit-remaining']]).toEqual([200, '2']);
  });
});
