import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { parseSettings } from '../config/settings';
import { RedisRateLimitStore } from './redis-rate-limit-store';

/** On the Redis of the tests (REDIS_HOST/REDIS_PORT, 127.0.0.1:6379), under a prefix of its own. */
describe('RedisRateLimitStore', () => {
  const prefix = `flexiapi-spec-${randomBytes(4).toString('hex')}:`;
  const settings = parseSettings({
    REDIS_HOST: process.env.REDIS_HOST,
    REDIS_PORT: process.env.REDIS_PORT,
    REDIS_SHARED_STATE: 'true',
    REDIS_KEY_PREFIX: prefix,
  });
  const store = new RedisRateLimitStore(settings);
  const redis = new Redis({ host: settings.redis.host, port: settings.redis.port });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    store.close();
    redis.disconnect();
  });

  it('counts concurrent hits atomically, each window with its end', async () => {
    const counts = await Promise.all(Array.from({ length: 50 }, () => store.hit('api:10.0.0.1', 60_000)));
    expect(counts.map((c) => c!.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const ttl = await redis.pttl(`${prefix}rl:api:10.0.0.1`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    for (const c of counts) expect(c!.resetAt - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('counts the limits in turn in one call, and stops at the first past its limit', async () => {
    const checks: [string, number][] = [
      ['api:10.0.0.2', 2],
      ['tokens:10.0.0.2', 10],
    ];
    expect((await store.hitAll(checks, 60_000))!.map((c) => c.count)).toEqual([1, 1]);
    expect((await store.hitAll(checks, 60_000))!.map((c) => c.count)).toEqual([2, 2]);
    // past the first limit: the second is not counted
    expect((await store.hitAll(checks, 60_000))!.map((c) => c.count)).toEqual([3]);
    expect(await redis.get(`${prefix}rl:tokens:10.0.0.2`)).toBe('2');
  });

  it('starts a new window once the old one has ended', async () => {
    expect((await store.hit('api:10.0.0.3', 200))!.count).toBe(1);
    expect((await store.hit('api:10.0.0.3', 200))!.count).toBe(2);
    await new Promise((r) => setTimeout(r, 250));
    expect((await store.hit('api:10.0.0.3', 200))!.count).toBe(1);
  });
});
