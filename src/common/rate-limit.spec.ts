import Fastify, { FastifyInstance } from 'fastify';
import { clientKey, exemptClients, installRateLimit, MemoryRateLimitStore, RateLimitCount, RateLimitStore } from './rate-limit';

describe('clientKey', () => {
  it('an IPv6 client is its /64, whatever the spelling', () => {
    const key = clientKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    for (const ip of [
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:0db8:0001:0002:0000:0000:0000:0abc',
      '2001:DB8:1:2::5',
      '2001:db8:1:2::9%eth0',
    ]) {
      expect([ip, clientKey(ip)]).toEqual([ip, key]);
    }
  });

  it('another /64 is another client', () => {
    expect(clientKey('2001:db8:1:3::1')).not.toBe(clientKey('2001:db8:1:2::1'));
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });

  it('an IPv4-mapped IPv6 address stays its IPv4 address, in either spelling', () => {
    expect(clientKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('::ffff:c000:207')).toBe('192.0.2.7');
    expect(clientKey('::FFFF:192.0.2.8')).toBe('192.0.2.8');
  });

  it('IPv4 and anything else are themselves', () => {
    expect(clientKey('192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('not-an-ip')).toBe('not-an-ip');
  });
});

/** A store whose answers arrive later, as a shared store's (Redis) would. */
class LaterStore implements RateLimitStore {
  private readonly memory = new MemoryRateLimitStore();
  hit(key: string, windowMs: number): Promise<RateLimitCount> {
    return new Promise((resolve) => setTimeout(() => resolve({ ...this.memory.hit(key, windowMs) }), 1));
  }
  close(): void {
    this.memory.close();
  }
}

describe('installRateLimit', () => {
  let app: FastifyInstance;

  async function build(
    limits: { api: number; routes: Record<string, number>; exempt?: string[] },
    store?: RateLimitStore,
    ip = '2001:db8::1',
  ): Promise<FastifyInstance> {
    const fastify = Fastify();
    fastify.decorateRequest('apiRoute', true);
    // the client address of each request: the test's
    fastify.addHook('onRequest', (request, _reply, done) => {
      Object.defineProperty(request, 'ip', { value: (request.headers['x-test-ip'] as string | undefined) ?? ip });
      done();
    });
    installRateLimit(fastify, limits, store);
    fastify.post('/api/limited', { config: { rateLimit: 'tokens' } }, () => Promise.resolve('ok'));
    fastify.post('/api/other', () => Promise.resolve('ok'));
    await fastify.ready();
    return fastify;
  }

  afterEach(() => app.close());

  const post = (url: string, ip?: string) => app.inject({ method: 'POST', url, headers: ip ? { 'x-test-ip': ip } : {} });

  it.each([
    ['in memory', undefined],
    ['in a store that answers later', new LaterStore()],
  ])('a named route limit answers 429 past its count with the API limit off (%s); other routes are not limited', async (_name, store) => {
    app = await build({ api: 0, routes: { tokens: 2 } }, store);
    expect((await post('/api/limited')).statusCode).toBe(200);
    const second = await post('/api/limited');
    expect([second.statusCode, second.headers['x-ratelimit-limit'], second.headers['x-ratelimit-remaining']]).toEqual([200, '2', '0']);
    const third = await post('/api/limited');
    expect([third.statusCode, JSON.parse(third.body)]).toEqual([429, { message: 'Too Many Attempts.' }]);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) expect((await post('/api/other')).statusCode).toBe(200);
  });

  it('counts the route limit on top of the API limit, per /64', async () => {
    app = await build({ api: 4, routes: { tokens: 2 } });
    expect((await post('/api/limited', '2001:db8:0:1::a')).statusCode).toBe(200);
    expect((await post('/api/limited', '2001:db8:0:1::b')).statusCode).toBe(200);
    expect((await post('/api/limited', '2001:db8:0:1::c')).statusCode).toBe(429);
    // another /64: its own counters
    expect((await post('/api/limited', '2001:db8:0:2::a')).statusCode).toBe(200);
    // the API counter of the first /64 saw 3 requests: one more passes, then 429 everywhere
    expect((await post('/api/other', '2001:db8:0:1::d')).statusCode).toBe(200);
    expect((await post('/api/other', '2001:db8:0:1::e')).statusCode).toBe(429);
  });

  it('an exempt client is not counted by the API limit, carries no API limit headers, and still meets a route limit', async () => {
    app = await build({ api: 2, routes: { tokens: 1 }, exempt: ['192.0.2.0/24'] });
    for (let i = 0; i < 5; i++) {
      const res = await post('/api/other', '192.0.2.10');
      expect([res.statusCode, res.headers['x-ratelimit-limit']]).toEqual([200, undefined]);
    }
    expect((await post('/api/limited', '192.0.2.10')).statusCode).toBe(200);
    expect((await post('/api/limited', '192.0.2.10')).statusCode).toBe(429);
    // anyone else: counted as before
    expect((await post('/api/other', '198.51.100.1')).statusCode).toBe(200);
    expect((await post('/api/other', '198.51.100.1')).statusCode).toBe(200);
    expect((await post('/api/other', '198.51.100.1')).statusCode).toBe(429);
  });

  it('installs nothing when every limit is off', async () => {
    app = await build({ api: 0, routes: { tokens: 0 } });
    for (let i = 0; i < 3; i++) {
      const res = await post('/api/limited');
      expect([res.statusCode, res.headers['x-ratelimit-limit']]).toEqual([200, undefined]);
    }
  });
});

describe('exemptClients', () => {
  it.each([
    ['10.1.2.3', true],
    ['::ffff:10.1.2.3', true],
    ['10.2.0.1', false],
    ['192.0.2.7', true],
    ['192.0.2.8', false],
    ['2001:db8:f:1::9', true],
    ['2001:db8:e::1', false],
    ['not an address', false],
  ])('%s exempt: %s', (ip, expected) => {
    expect(exemptClients(['10.1.0.0/16', '192.0.2.7', '2001:db8:f::/48'])(ip)).toBe(expected);
  });

  it('exempts no one when the list is empty', () => {
    expect(exemptClients([])('127.0.0.1')).toBe(false);
  });
});
