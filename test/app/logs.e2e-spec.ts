import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApp, TestApp, waitForOutput } from '../support/app';
import { AccountFixture, createAccount, http } from '../support/fixtures';

interface Line {
  msg: string;
  context?: string;
  level: number;
  accountId?: number;
  signal?: string;
  req?: { url: string };
}

const lines = (output: string): Line[] =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);

/** Issue 18 item 4: the log an operator reads at start, per request and at shutdown. */
describe('operator logs', () => {
  let t: TestApp;
  let user: AccountFixture;
  let startLines: Line[];
  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'info' });
    await waitForOutput(t.output, 'Listening on');
    // what was printed before the first request (startApp's own pings)
    startLines = lines(t.output()).filter((l) => l.req === undefined);
    user = await createAccount(t.db);
  });
  let closed = false;
  // the last test stops the server itself
  afterAll(() => (closed ? undefined : t.close()));

  it("the start prints one line per fact, and none of Nest's module and route lines", () => {
    const messages = startLines.map((l) => l.msg);
    expect(messages).toHaveLength(5);
    expect(messages[0]).toMatch(/^FlexiAPI \d+\.\d+\.\d+ on Node\.js v\d+/);
    if (t.settings.db.connection === 'mysql') {
      expect(messages[1]).toBe(`Database: MySQL/MariaDB, schema ${t.settings.db.database} at 127.0.0.1:3306 as root`);
    } else {
      expect(messages[1]).toBe(`Database: SQLite, file ${t.settings.db.database}`);
    }
    expect(messages[2]).toMatch(/^Migrations applied \(\d+\): Foundation1732000000000, /);
    expect(messages[3]).toBe('Default Space created: domain sip.example.org, Host localhost');
    expect(messages[4]).toBe(`Listening on http://0.0.0.0:${new URL(t.url).port} (HTTP/1.1)`);
    expect(startLines.every((l) => l.context === 'Main')).toBe(true);
  });

  it('a request line carries the account id once authenticated, and none when anonymous', async () => {
    expect((await http(t).get('/api/accounts/me').set('x-api-key', user.apiKey)).status).toBe(200);
    expect((await http(t).get('/api/accounts/me')).status).toBe(401);
    await waitForOutput(t.output, '"statusCode":401');
    const requests = lines(t.output()).filter((l) => l.req?.url === '/api/accounts/me');
    expect(requests.map((l) => l.accountId)).toEqual([user.account.id, undefined]);
  });

  it('shutdown says why it stops and when it is done', async () => {
    closed = true;
    await t.close();
    const last = lines(t.output()).slice(-2);
    expect(last.map((l) => [l.msg, l.signal])).toEqual([
      ['Stopping on SIGTERM: no new connections, finishing the requests in flight', 'SIGTERM'],
      ['Stopped (exit code 0)', undefined],
    ]);
  });
});

describe('scripts/build-if-needed.js', () => {
  let root: string;
  beforeAll(() => {
    // a tree of its own: the script, one source, and a stand-in for nest's CLI
    root = mkdtempSync(join(tmpdir(), 'build-if-needed-'));
    mkdirSync(join(root, 'scripts'));
    copyFileSync(resolve(__dirname, '..', '..', 'scripts', 'build-if-needed.js'), join(root, 'scripts', 'build-if-needed.js'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'main.ts'), '');
    mkdirSync(join(root, 'node_modules', '@nestjs', 'cli', 'bin'), { recursive: true });
    writeFileSync(
      join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'),
      "require('fs').mkdirSync('dist', { recursive: true }); require('fs').writeFileSync('dist/main.js', '');",
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = () => spawnSync(process.execPath, [join(root, 'scripts', 'build-if-needed.js')], { cwd: root, encoding: 'utf8' });

  it('says in one line that it is building, on stderr, and says nothing when dist is up to date', () => {
    const first = run();
    expect(first.stdout).toBe('');
    expect(first.stderr.trim().split('\n')).toEqual(['Building dist/ from src/ (first start), this takes about a minute…']);
    // dist/main.js now newer than the source
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'dist', 'main.js'), future, future);
    const second = run();
    expect([second.stdout, second.stderr]).toEqual(['', '']);
  });
});
