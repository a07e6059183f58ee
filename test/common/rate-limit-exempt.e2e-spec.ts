import { adminWorld, AdminWorld, DOMAIN } from '../support/admin-world';

/**
 * APP_API_RATE_LIMIT_EXEMPT_CLIENTS (ours): Flexisip posts an event for every
 * call and message from one address, so the per-IP /api limit throttled it.
 * The clients' addresses come from X-Forwarded-For, sent by a trusted proxy
 * (the test, 127.0.0.1).
 */
describe('APP_API_RATE_LIMIT_EXEMPT_CLIENTS', () => {
  let w: AdminWorld;
  beforeAll(async () => {
    w = await adminWorld({
      APP_API_RATE_LIMIT_PER_MINUTE: '3',
      APP_TRUSTED_PROXIES: '127.0.0.1',
      APP_API_RATE_LIMIT_EXEMPT_CLIENTS: '10.9.0.0/16, 2001:db8:f::1',
    });
  });
  afterAll(() => w.t.close());

  const postCall = (id: string, client: string) =>
    w.asAdmin.post(
      '/api/statistics/calls',
      { id, from: `alice@${DOMAIN}`, to: `bob@${DOMAIN}`, initiated_at: '2026-12-07T10:00:00Z' },
      { 'X-Forwarded-For': client },
    );

  it.each([['10.9.4.2'], ['2001:db8:f::1'], ['::ffff:10.9.0.7']])(
    'a Flexisip at %s posts ten events in a row: all stored, no limit headers',
    async (client) => {
      for (let i = 0; i < 10; i++) {
        const res = await postCall(`exempt-${client}-${i}`, client);
        expect([i, res.status, res.text, res.headers['x-ratelimit-limit']]).toEqual([i, 200, '1', undefined]);
      }
    },
  );

  it('any other client, the same admin key included, is still limited', async () => {
    for (let i = 0; i < 3; i++) expect((await postCall(`other-${i}`, '10.8.0.1')).status).toBe(200);
    const over = await postCall('other-3', '10.8.0.1');
    expect([over.status, over.body]).toEqual([429, { message: 'Too Many Attempts.' }]);
    // the neighbour of an exempt IPv6 address, in its /64, is not exempt: it counts on the /64's counter
    for (let i = 0; i < 3; i++) expect((await postCall(`v6-${i}`, '2001:db8:f::2')).status).toBe(200);
    expect((await postCall('v6-3', '2001:db8:f::2')).status).toBe(429);
    // and the exempt address beside it is still not counted
    expect((await postCall('v6-exempt', '2001:db8:f::1')).status).toBe(200);
  });
});
