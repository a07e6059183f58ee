import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { freePort, sleep } from './support/app';

const MAIN = resolve(__dirname, '..', 'dist', 'main.js');

describe('npm start', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flexiapi-start-'));
  });
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['DB_CONNECTION', 'oracle'],
    ['APP_PORT', 'eighty'],
    ['JWT_RSA_PUBLIC_KEY_PEM', '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----'],
    ['APP_DANGEROUS_ENDPOINTS', 'maybe'],
    // issue 15: Laravel keys are `base64:` and the key's Base64; a key is at least 32 bytes once decoded
    ['APP_KEY', 'base64:Zm9vYmFy'],
    ['APP_KEY', `base64:${Buffer.alloc(31, 7).toString('base64')}`],
    ['APP_KEY', 'a-passphrase-of-31-characters!!'],
  ])('refuses to start with a bad %s, in one line naming it', (name, value) => {
    const result = spawnSync(process.execPath, [MAIN], {
      cwd: dir,
      env: { PATH: process.env.PATH, [name]: value },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
  });

  it('refuses to start with a ./data/app.key shorter than 32 bytes, in one line naming APP_KEY', () => {
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'app.key'), 'base64:Zm9vYmFy\n');
    const result = spawnSync(process.execPath, [MAIN], { cwd: dir, env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('APP_KEY');
  });

  it.each([`base64:${Buffer.alloc(32, 7).toString('base64')}`, 'a-passphrase-of-32-characters!!!'])(
    'starts with the 32-byte APP_KEY %s',
    async (key) => {
      const { port } = await startServer(dir, children, { APP_KEY: key });
      expect((await fetch(`http://127.0.0.1:${port}/api/ping`)).status).toBe(200);
    },
  );

  it('serves with no settings at all: SQLite in ./data, default Space, generated APP_KEY; stops on SIGTERM', async () => {
    const { child, port, output } = await startServer(dir, children);
    const res = await fetch(`http://127.0.0.1:${port}/api/ping`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('pong');
    expect(existsSync(join(dir, 'data', 'flexiapi.sqlite'))).toBe(true);
    const key = readFileSync(join(dir, 'data', 'app.key'), 'utf8');
    expect(key).toMatch(/^base64:[A-Za-z0-9+/]+=*\n$/);
    expect(Buffer.from(key.trim().slice('base64:'.length), 'base64').length).toBeGreaterThanOrEqual(32);

    // the default Space answers on localhost, another host does not
    const known = await request(`http://127.0.0.1:${port}/api/accounts/me`)
      .get('')
      .set('Host', 'localhost')
      .set('From', 'sip:nobody@sip.example.org');
    expect(known.status).toBe(404);
    expect(known.body).toEqual({ message: 'Missing elements to perform the request' });
    const unknown = await fetch(`http://127.0.0.1:${port}/api/accounts/me`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Host not configured' });

    // Nest closes the server and the pool, then re-raises the signal
    const exited = new Promise<string>((r) => child.once('exit', (code, signal) => r(String(signal ?? code))));
    child.kill('SIGTERM');
    expect(['0', 'SIGTERM']).toContain(await exited);
    expect(output()).not.toContain('Error');
    expect(output()).not.toContain('Warning');
  });

  it('on SIGTERM stops taking connections but finishes the request in flight, database included', async () => {
    const { child, port } = await startServer(dir, children);
    const exited = new Promise<string>((r) => child.once('exit', (code, signal) => r(String(signal ?? code))));

    // a request whose body is still on its way when the signal comes
    const socket = connect(port, '127.0.0.1');
    let response = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (response += chunk));
    const ended = new Promise((r) => socket.once('close', r));
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      'POST /api/accounts/auth_token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{',
    );
    await sleep(300);

    child.kill('SIGTERM');
    // closing has begun once new connections are refused
    for (let i = 0; i < 100; i++) {
      const refused = await fetch(`http://127.0.0.1:${port}/api/ping`).then(
        () => false,
        () => true,
      );
      if (refused) break;
      await sleep(50);
    }
    await expect(fetch(`http://127.0.0.1:${port}/api/ping`)).rejects.toThrow();
    expect(child.exitCode).toBeNull();

    socket.write('}');
    await ended;
    expect(response).toMatch(/^HTTP\/1\.1 201 /);
    expect(JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))).toEqual(
      expect.objectContaining({ token: expect.any(String), id: expect.any(Number) }),
    );
    expect(['0', 'SIGTERM']).toContain(await exited);
  });
});

/** `dist/main.js` in `dir` with only a free port set; resolves once `/api/ping` answers. */
async function startServer(
  dir: string,
  children: ChildProcess[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const port = await freePort();
  // only the port is given (the default 8000 may be taken on a test machine)
  const child = spawn(process.execPath, [MAIN], {
    cwd: dir,
    env: { PATH: process.env.PATH, APP_PORT: String(port), LOG_LEVEL: 'silent', ...env },
  });
  children.push(child);
  let output = '';
  child.stderr.on('data', (c) => (output += c));
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/ping`)).ok) return { child, port, output: () => output };
    } catch {
      // not up yet
    }
    await sleep(150);
  }
  throw new Error(`the server did not start: ${output}`);
}
