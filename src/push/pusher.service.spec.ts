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
  const service = (path: string, keysMap = '') =>
    new PusherService(parseSettings({ APP_FLEXISIP_PUSHER_PATH: path, APP_FLEXISIP_PUSHER_FIREBASE_KEYSMAP: keysMap }));
  const recorded = (): string[][] => readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as string[]);
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

  it('exit code 0 is sent; the argv is the spec\'s', async () => {
    expect(await service(FAKE_PUSHER).send(push)).toBe(true);
    expect(recorded()).toEqual([['--pn-provider', 'fcm', '--pn-param', 'app', '--pn-prid', 'device-1', '--customPayload', '{"token":"abc"}']]);
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
    expect(await service(FAKE_PUSHER, keysMap).send(hostile)).toBe(true);
    expect(await service(FAKE_PUSHER, keysMap).send(keyed)).toBe(true);
    const keys = parseFirebaseKeysMap(keysMap);
    expect(recorded()).toEqual([pusherArguments(hostile, keys), pusherArguments(keyed, keys)]);
    expect(recorded()[1].slice(-2)).toEqual(['--key', `'";\`touch${'$'}{IFS}${marker('key2')}\`\nnewline`]);
    for (const name of ['quote', 'subshell', 'backtick', 'payload', 'redirect', 'key', 'key2']) expect([name, existsSync(marker(name))]).toEqual([name, false]);
  });

  it('a path with spaces, quotes and $( ) is a path', async () => {
    const odd = join(dir, `it's "a" $(touch x); dir`);
    mkdirSync(odd);
    const path = join(odd, 'fake pusher.js');
    copyFileSync(FAKE_PUSHER, path);
    expect(await service(path).send(push)).toBe(true);
    expect(recorded()).toHaveLength(1);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('a non-zero exit is not sent', async () => {
    process.env.FAKE_PUSHER_EXIT = '1';
    expect(await service(FAKE_PUSHER).send(push)).toBe(false);
    expect(recorded()).toHaveLength(1);
  });

  it('a missing pusher, a file that is not executable, or no path at all: not sent, no exception', async () => {
    expect(await service(join(dir, 'missing')).send(push)).toBe(false);
    const plain = join(dir, 'plain.js');
    writeFileSync(plain, 'process.exit(0)\n', { mode: 0o644 });
    expect(await service(plain).send(push)).toBe(false);
    expect(await service('').send(push)).toBe(false);
  });

  it('a pusher that hangs is killed after the timeout, with the process it started: not sent', async () => {
    process.env.FAKE_PUSHER_HANG = '1';
    const pids = join(dir, 'pids');
    process.env.FAKE_PUSHER_PIDS = pids;
    const started = Date.now();
    expect(await service(FAKE_PUSHER).send(push)).toBe(false);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(PUSHER_TIMEOUT_MS - 50);
    expect(took).toBeLessThan(PUSHER_TIMEOUT_MS + 2000);
    await new Promise((r) => setTimeout(r, 200));
    // a zombie (state Z) is dead: whoever adopted it has not collected it yet
    const alive = readFileSync(pids, 'utf8').trim().split(/\s+/).filter((pid) => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  }, 15_000);
});
