import Redis from 'ioredis';
import type { Response } from 'supertest';
import { DOMAIN, freePort, sleep, startApp, TestApp, waitForOutput } from '../support/app';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { OwnRedis } from '../support/own-redis';
import { deviceJson, registerDevices, SeededDevice } from '../support/registrar';
import { describeWith, REDIS_SERVER } from '../support/system-packages';

/**
 * devices.md: Redis unreachable → the list is `{}`, the error logged; a
 * deletion answers 503 with Retry-After (decisions: the honest error). A Redis server of the test's own, killed or stopped in the
 * middle; REDIS_TIMEOUT_SECONDS=1 bounds a Redis that does not answer. An
 * outage is one log line, however many requests it sees.
 */
const ANDROID: SeededDevice = {
  uuid: 'urn:uuid:9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77',
  updatedAt: 1733826400,
  userAgent: 'LinphoneAndroid/5.2.5 (Pixel 7) LinphoneSDK/5.3.0',
};
const AOR = `john@${DOMAIN}`;

const lines = (t: TestApp, text: string) =>
  t
    .output()
    .split('\n')
    .filter((line) => line.includes(text)).length;
const OUTAGE = 'unavailable (';
const BACK = 'answers again';

/** Waits until the server has logged this request (its lines before it are out too). */
const logged = (t: TestApp, res: Response) => waitForOutput(t.output, String(res.headers['x-request-id']));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

async function expectEmptyAnswers(t: TestApp, f: AccountFixture): Promise<Response> {
  const client = http(t);
  const answers: Response[] = [];
  for (let i = 0; i < 3; i++) {
    answers.push(await client.get('/api/accounts/me/devices').set('x-api-key', f.apiKey));
    answers.push(await client.delete(`/api/accounts/me/devices/${ANDROID.uuid}`).set('x-api-key', f.apiKey));
  }
  expect(answers.map((r) => [r.status, r.status === 503 ? r.body.message : r.text])).toEqual(
    Array(3)
      .fill([
        [200, '{}'],
        [503, 'Device registry unavailable'],
      ])
      .flat(),
  );
  expect(answers[1].headers['retry-after']).toBe('5');
  return answers[answers.length - 1];
}

describeWith(REDIS_SERVER)("devices with the registrar's Redis killed, stopped, continued", () => {
  let own: OwnRedis;
  let t: TestApp;
  let f: AccountFixture;
  let seed: Redis | undefined;

  beforeAll(async () => {
    own = await OwnRedis.start();
    t = await startApp({ ...own.env(), REDIS_TIMEOUT_SECONDS: '1', LOG_LEVEL: 'info' });
    f = await createAccount(t.db, { username: 'john' });
  });
  afterAll(async () => {
    seed?.disconnect();
    await t.close();
    await own.remove();
  });

  const list = () => http(t).get('/api/accounts/me/devices').set('x-api-key', f.apiKey);
  const clients = async () => Number(/connected_clients:(\d+)/.exec(await seed!.info('clients'))![1]);

  it('connects at the first device request, not at start', async () => {
    seed = own.client();
    expect(await clients()).toBe(1);
    await registerDevices(seed, AOR, ANDROID);
    expect((await list()).body).toEqual({ [ANDROID.uuid]: deviceJson(ANDROID) });
    expect(await clients()).toBe(2);
  });

  it('killed: lists answer {} and deletions 503 at once, never a 500; one log line; back when Redis is', async () => {
    seed!.disconnect();
    await own.kill();
    const started = Date.now();
    const last = await expectEmptyAnswers(t, f);
    // the first waits for one reconnection attempt at most, the others not at all
    expect(Date.now() - started).toBeLessThan(3000);
    await logged(t, last);
    expect(lines(t, OUTAGE)).toBe(1);
    expect(lines(t, BACK)).toBe(0);

    await own.start();
    seed = own.client();
    // the client reconnects by itself (at most 2 s apart)
    await waitForOutput(t.output, BACK, 6000);
    await registerDevices(seed, AOR, ANDROID);
    expect((await list()).body).toEqual({ [ANDROID.uuid]: deviceJson(ANDROID) });
    expect([lines(t, OUTAGE), lines(t, BACK)]).toEqual([1, 1]);
  });

  it('stopped (SIGSTOP): answers within REDIS_TIMEOUT_SECONDS, {} and 503, one more log line; continued, it answers again', async () => {
    own.signal('SIGSTOP');
    try {
      let started = Date.now();
      const first = await list();
      expect([first.status, first.text]).toEqual([200, '{}']);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(900);
      expect(waited).toBeLessThan(3000);
      // the connection is dropped: the next calls do not wait
      started = Date.now();
      const last = await expectEmptyAnswers(t, f);
      expect(Date.now() - started).toBeLessThan(1000);
      await logged(t, last);
      expect([lines(t, OUTAGE), lines(t, BACK)]).toEqual([2, 1]);
    } finally {
      own.signal('SIGCONT');
    }
    // the connection it lost is made again
    await waitFor(() => lines(t, BACK) === 2, 6000);
    expect((await list()).body).toEqual({ [ANDROID.uuid]: deviceJson(ANDROID) });
    expect([lines(t, OUTAGE), lines(t, BACK)]).toEqual([2, 2]);
  });
});

describe('devices with no Redis at all', () => {
  let t: TestApp;
  let f: AccountFixture;
  beforeAll(async () => {
    // nothing listens there
    t = await startApp({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(await freePort()), REDIS_TIMEOUT_SECONDS: '1', LOG_LEVEL: 'info' });
    f = await createAccount(t.db, { username: 'john' });
  });
  afterAll(() => t.close());

  it('the first request too: {} and 503, one log line', async () => {
    const last = await expectEmptyAnswers(t, f);
    await logged(t, last);
    expect(lines(t, OUTAGE)).toBe(1);
  });
});
