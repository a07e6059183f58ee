import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FAKE_PUSHER = resolve(__dirname, 'fake-pusher.js');

export interface FakePusher {
  /** the server's settings: the pusher path and where the stand-in records */
  env: Record<string, string>;
  dir: string;
  /** every argv the stand-in was run with, in order */
  calls(): string[][];
  /** what the next runs do: exit with this code, or hang */
  mode(next: number | 'hang'): void;
  /** the most stand-ins a run saw alive at once (itself included); 0 before any run */
  mostAlive(): number;
  close(): void;
}

/** test/support/fake-pusher.js as APP_FLEXISIP_PUSHER_PATH, recording into a fresh directory. */
export function fakePusher(extraEnv: Record<string, string> = {}): FakePusher {
  const dir = mkdtempSync(join(tmpdir(), 'fake-pusher-'));
  const record = join(dir, 'argv.jsonl');
  const modeFile = join(dir, 'mode');
  writeFileSync(modeFile, '0');
  const live = join(dir, 'live');
  mkdirSync(live);
  const seen = join(live, 'seen.log');
  return {
    dir,
    env: {
      APP_FLEXISIP_PUSHER_PATH: FAKE_PUSHER,
      FAKE_PUSHER_RECORD: record,
      FAKE_PUSHER_MODE_FILE: modeFile,
      FAKE_PUSHER_LIVE_DIR: live,
      ...extraEnv,
    },
    calls: () =>
      existsSync(record)
        ? readFileSync(record, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as string[])
        : [],
    mode: (next) => writeFileSync(modeFile, String(next)),
    mostAlive: () => (existsSync(seen) ? Math.max(0, ...readFileSync(seen, 'utf8').trim().split('\n').filter(Boolean).map(Number)) : 0),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
