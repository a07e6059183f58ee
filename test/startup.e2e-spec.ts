import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';

const MAIN = resolve(__dirname, '..', 'dist', 'main.js');

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

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
  ])('refuses to start with a bad %s, in one line naming it', (name, value) => {
    const result = spawnSync(process.execPath, [MAIN], {
      cwd: dir,
      env: { PATH: process.env.PATH, [name]: value },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => l.trim() !== '' && !l.includes('FastifyWarning') && !l.includes('--trace-warnings'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
  });

  it('serves with no settings at all: SQLite in ./data, default Space, generated APP_KEY; stops on SIGTERM', async () => {
    const port = await freePort();
    // only the port is given (the default 8000 may be taken on a test machine)
    const child = spawn(process.execPath, [MAIN], { cwd: dir, env: { PATH: process.env.PATH, APP_PORT: String(port), LOG_LEVEL: 'silent' } });
    children.push(child);
    let output = '';
    child.stderr.on('data', (c) => (output += c));
    let status = 0;
    let body = '';
    for (let i = 0; i < 100 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 150));
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/ping`);
        status = res.status;
        body = await res.text();
      } catch {
        // not up yet
      }
    }
    expect(status).toBe(200);
    expect(body).toBe('pong');
    expect(existsSync(join(dir, 'data', 'flexiapi.sqlite'))).toBe(true);
    expect(readFileSync(join(dir, 'data', 'app.key'), 'utf8')).toMatch(/^base64:/);

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
    expect(output).not.toContain('Error');
  });
});
