import request from 'supertest';
import { HOST, sleep, startApp, TestApp } from '../support/app';
import { OwnRedis } from '../support/own-redis';
import { describeWith, REDIS_SERVER } from '../support/system-packages';

let clients = 0;

/**
 * The rate limiter on a Redis that stops answering or dies (REDIS_SHARED_STATE):
 * requests go through uncounted (fail open, never a 5xx) with one log line per
 * outage, and counting resumes when Redis is back. One instance is enough;
 * it runs on both engines.
 */
describeWith(REDIS_SERVER)('the Redis rate limiter fails open', () => {
  let redis: OwnRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await startApp({
      ...redis.env(),
      REDIS_SHARED_STATE: 'true',
      REDIS_TIMEOUT_SECONDS: '1',
      APP_API_RATE_LIMIT_PER_MINUTE: '3',
      APP_TRUSTED_PROXIES: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.remove();
  });

  const newClient = () => {
    const ip = `10.20.0.${++clients}`;
    return () => request(t.url).get('/api/ping').set('Host', HOST).set('X-Forwarded-For', ip);
  };
  const outageLines = () =>
    t
      .output()
      .split('\n')
      .filter((line) => line.includes('"context":"RateLimit"') && line.includes('Redis unavailable'));
  const countsAgain = async () => {
    const deadline = Date.now() + 10_000;
    while ((await newClient()()).headers['x-ratelimit-remaining'] === undefined) {
      if (Date.now() > deadline) throw new Error('the limiter did not count again');
      await sleep(100);
    }
  };
  async function limited(): Promise<void> {
    const ping = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await ping()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  }

  it('counts in Redis while it answers', async () => {
    await limited();
    const client = redis.client();
    const keys = await client.keys('flexiapi:rl:*').finally(() => client.disconnect());
    expect(keys).toContain('flexiapi:rl:api:10.20.0.1');
  });

  it('lets requests through uncounted while Redis is stopped (slow), with one log line; counts again once it answers', async () => {
    redis.signal('SIGSTOP');
    try {
      const ping = newClient();
      const started = Date.now();
      const answers: request.Response[] = [];
      for (let i = 0; i < 6; i++) answers.push(await ping());
      expect(answers.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(answers.every((r) => r.headers['x-ratelimit-remaining'] === undefined)).toBe(true);
      // at most one REDIS_TIMEOUT_SECONDS wait for the outage, not one per request
      expect(Date.now() - started).toBeLessThan(3000);
      await sleep(300);
      expect(outageLines()).toHaveLength(1);
    } finally {
      redis.signal('SIGCONT');
    }
    await countsAgain();
    await limited();
  });

  it('lets requests through while Redis is down, with one more log line; counts again once it is back', async () => {
    await redis.kill();
    const ping = newClient();
    const answers: request.Response[] = [];
    for (let i = 0; i < 6; i++) answers.push(await ping());
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(200));
    await sleep(300);
    expect(outageLines()).toHaveLength(2);
    await redis.start();
    await countsAgain();
    await limited();
    expect(t.output()).toContain('Redis answers again');
  });
});
