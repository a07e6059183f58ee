import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { parseSettings } from '../config/settings';
import { PUSHER_TIMEOUT_MS, PusherService } from './pusher.service';
import { parseFirebaseKeysMap, PushNotification, pusherArguments } from './pusher-arguments';

const FAKE_PUSHER = resolve(__dirname, '..', '..', 'test', 'support', 'fake-pusher.js');

/** The real spawn of a real executable (test/support/fake-pusher.js), which records the argv it gets. */
describe('PusherService', () => {
  let dir: string;
  let record: string;
  const env = { ...process.env };
  const service = (path: string, keysMap = '', max = '8') =>
    new PusherService(
      parseSettings({
        APP_FLEXISIP_PUSHER_PATH: path,
        APP_FLEXISIP_PUSHER_FIREBASE_KEYSMAP: keysMap,
        APP_FLEXISIP_PUSHER_MAX_PROCESSES: max,
      }),
    );
  const recorded = (): string[][] =>
    readFileSync(record, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[]);
  const push: PushNotification = { provider: 'fcm', param: 'app', prid: 'device-1', type: 'background', payload: '{"token":"abc"}' };

  beforeAll(() => {
    // the service logs failures as warnings: not this test's output
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pusher-'));
    record = join(dir, 'argv.jsonl');
    process.env.FAKE_PUSHER_RECORD = record;
  });
  afterEach(() => {
    process.env = { ...env };
    rmSync(dir, { recursive: true, force: true });
  });

  it("exit code 0 is sent; the argv is the spec's", async () => {
    expect(await service(FAKE_PUSHER).send(push)).toBe('sent');
    expect(recorded()).toEqual([
      ['--pn-provider', 'fcm', '--pn-param', 'app', '--pn-prid', 'device-1', '--customPayload', '{"token":"abc"}'],
    ]);
  });

  it('hostile values arrive byte for byte, one argument each, and nothing is run by a shell', async () => {
    const marker = (name: string) => join(dir, name);
    const hostile: PushNotification = {
      provider: `apns'; touch ${marker('quote')}; echo '`,
      param: `$(touch ${marker('subshell')})`,
      prid: `\`touch ${marker('backtick')}\`\nsecond line; rm -rf /nonexistent`,
      type: 'call',
      payload: `{"token":"a\\"b $(touch ${marker('payload')}) & | > ${marker('redirect')}"}`,
      callId: `"double" 'single' \\ \t tab; ${'$'}{IFS}`,
    };
    const keysMap = `$(touch${'$'}{IFS}${marker('key')}):'";\`touch${'$'}{IFS}${marker('key2')}\`\nnewline`;
    const keyed = { ...hostile, param: `$(touch${'$'}{IFS}${marker('key')})` };
    expect(await service(FAKE_PUSHER, keysMap).send(hostile)).toBe('sent');
    expect(await service(FAKE_PUSHER, keysMap).send(keyed)).toBe('sent');
    const keys = parseFirebaseKeysMap(keysMap);
    expect(recorded()).toEqual([pusherArguments(hostile, keys), pusherArguments(keyed, keys)]);
    expect(recorded()[1].slice(-2)).toEqual(['--key', `'";\`touch${'$'}{IFS}${marker('key2')}\`\nnewline`]);
    for (const name of ['quote', 'subshell', 'backtick', 'payload', 'redirect', 'key', 'key2'])
      expect([name, existsSync(marker(name))]).toEqual([name, false]);
  });

  it('a path with spaces, quotes and $( ) is a path', async () => {
    const odd = join(dir, `it's "a" $(touch x); dir`);
    mkdirSync(odd);
    const path = join(odd, 'fake pusher.js');
    copyFileSync(FAKE_PUSHER, path);
    expect(await service(path).send(push)).toBe('sent');
    expect(recorded()).toHaveLength(1);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it.each([
    ['pn_prid', { prid: '--help' }],
    ['pn_param', { param: '-h' }],
    ['pn_provider', { provider: '--debug' }],
    ['call id', { callId: '--key' }],
  ] as const)('a %s that reads as an option is not sent, and no process starts', async (_name, change) => {
    expect(await service(FAKE_PUSHER).send({ ...push, ...change })).toBe('not sent');
    expect(existsSync(record)).toBe(false);
  });

  it('at most APP_FLEXISIP_PUSHER_MAX_PROCESSES run at once: the others are busy at once, never queued; an ended one frees its place', async () => {
    process.env.FAKE_PUSHER_SLEEP_MS = '600';
    const live = join(dir, 'live');
    mkdirSync(live);
    process.env.FAKE_PUSHER_LIVE_DIR = live;
    const pusher = service(FAKE_PUSHER, '', '2');
    const started = Date.now();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => pusher.send(push)));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'busy')).toHaveLength(4);
    expect(recorded()).toHaveLength(2);
    expect(Math.max(...readFileSync(join(live, 'seen.log'), 'utf8').trim().split('\n').map(Number))).toBeLessThanOrEqual(2);
    expect(Date.now() - started).toBeLessThan(PUSHER_TIMEOUT_MS);
    expect(await pusher.send(push)).toBe('sent');
  });

  it('a pusher that cannot start frees its place', async () => {
    const missing = service(join(dir, 'missing'), '', '1');
    expect(await missing.send(push)).toBe('not sent');
    expect(await missing.send(push)).toBe('not sent');
  });

  it('a non-zero exit is not sent', async () => {
    process.env.FAKE_PUSHER_EXIT = '1';
    expect(await service(FAKE_PUSHER).send(push)).toBe('not sent');
    expect(recorded()).toHaveLength(1);
  });

  it('a missing pusher, a file that is not executable, or no path at all: not sent, no exception', async () => {
    expect(await service(join(dir, 'missing')).send(push)).toBe('not sent');
    const plain = join(dir, 'plain.js');
    writeFileSync(plain, 'process.exit(0)\n', { mode: 0o644 });
    expect(await service(plain).send(push)).toBe('not sent');
    expect(await service('').send(push)).toBe('not sent');
  });

  it('a pusher that hangs is killed after the timeout, with the process it started: not sent', async () => {
    process.env.FAKE_PUSHER_HANG = '1';
    const pids = join(dir, 'pids');
    process.env.FAKE_PUSHER_PIDS = pids;
    const started = Date.now();
    expect(await service(FAKE_PUSHER).send(push)).toBe('not sent');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(PUSHER_TIMEOUT_MS - 50);
    expect(took).toBeLessThan(PUSHER_TIMEOUT_MS + 2000);
    await new Promise((r) => setTimeout(r, 200));
    // a zombie (state Z) is dead: whoever adopted it has not collected it yet
    const alive = readFileSync(pids, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((pid) => {
        try {
          return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
        } catch {
          return false;
        }
      });
    expect(alive).toEqual([]);
  }, 15_000);
});
