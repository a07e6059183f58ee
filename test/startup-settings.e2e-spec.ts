import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, freshDatabaseEnv, sleep, startApp } from './support/app';

const MAIN = resolve(__dirname, '..', 'dist', 'main.js');

/** `dist/main.js` in a fresh directory (a `.env` there when given) on this lane's database; its exit and its output. */
function startOnce(env: Record<string, string>, dotEnv?: string): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flexiapi-settings-'));
  try {
    if (dotEnv !== undefined) writeFileSync(join(dir, '.env'), dotEnv);
    const result = spawnSync(process.execPath, [MAIN], {
      cwd: dir,
      env: { PATH: process.env.PATH, ...freshDatabaseEnv(dir), LOG_LEVEL: 'silent', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm start with bad settings', () => {
  it.each([
    ['APP_PORT', '70000', 'APP_PORT must be a port number from 1 to 65535, got "70000"'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"'],
    ['APP_TRUSTED_PROXIES', 'not-an-ip', 'APP_TRUSTED_PROXIES must be comma-separated IP addresses or CIDRs'],
    ['DB_PORT', '99999', 'DB_PORT must be a port number from 1 to 65535'],
    ['ACCOUNT_USERNAME_REGEX', '([', 'ACCOUNT_USERNAME_REGEX is not a valid regular expression'],
  ])('%s=%s: exit 1, one line naming it and what it accepts, no stack trace', (name, value, expected) => {
    const { status, stdout, stderr } = startOnce({ [name]: value });
    expect(status).toBe(1);
    const lines = stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toEqual([expect.stringContaining(expected)]);
    expect(lines[0]).toMatch(/^Invalid setting: /);
    expect(stdout + stderr).not.toMatch(/^\s+at /m);
  });

  it('a bad value in .env is refused the same way', () => {
    const { status, stderr } = startOnce({}, 'APP_PORT=70000\n');
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('Invalid setting: APP_PORT must be a port number from 1 to 65535, got "70000"');
  });
});

describe('npm start with settings of the PHP service', () => {
  it('names the ones it does not use in one warning line, and serves', async () => {
    const app = await startApp({
      MAIL_ENCRYPTION: 'tls',
      APP_URL: 'https://flexiapi.example.org',
      NOCAPTCHA_SECRET: 'secret-key',
      APP_NAME: 'Mine',
    });
    try {
      expect((await fetch(`${app.url}/api/ping`)).status).toBe(200);
      const lines = app
        .output()
        .split('\n')
        .filter((l) => l.includes('does not use'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/WARN/);
      expect(lines[0]).toContain('APP_URL, MAIL_ENCRYPTION, NOCAPTCHA_SECRET');
      // its value is nobody's business in a log
      expect(lines[0]).not.toContain('secret-key');
    } finally {
      await app.close();
    }
  });
});

describe('npm start with a .env', () => {
  it('applies its LOG_LEVEL and names its PHP-only settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flexiapi-dotenv-'));
    const port = await freePort();
    writeFileSync(join(dir, '.env'), 'LOG_LEVEL=warn\nMAIL_ENCRYPTION=tls\n');
    const child = spawn(process.execPath, [MAIN], {
      cwd: dir,
      env: { PATH: process.env.PATH, ...freshDatabaseEnv(dir), APP_PORT: String(port) },
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    try {
      let up = false;
      for (let i = 0; i < 150 && !up; i++) {
        up = await fetch(`http://127.0.0.1:${port}/api/ping`).then(
          (r) => r.ok,
          () => false,
        );
        if (!up) await sleep(150);
      }
      expect(up).toBe(true);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      expect(output).toContain('ignored: MAIL_ENCRYPTION');
      // at warn, neither the listening line nor request lines (info) are written
      expect(output).not.toContain('request completed');
      expect(output).not.toContain('Listening on');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
