import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { parseSettings, Settings } from '../../src/config/settings';
import { dataSourceOptions } from '../../src/database/data-source-options';

export const DOMAIN = 'sip.example.org';
export const HOST = 'localhost';
/** A Laravel-style key of 32 bytes (the shortest accepted): `flexiapi-test-app-key-32-bytes!!` */
export const APP_KEY = `base64:${Buffer.from('flexiapi-test-app-key-32-bytes!!').toString('base64')}`;
const ROOT = resolve(__dirname, '..', '..');

export interface TestApp {
  /** `http://127.0.0.1:<port>`, or `https://…` when started with APP_TLS_CERT_PATH */
  url: string;
  settings: Settings;
  /** the same database as the server, for fixtures and assertions */
  db: DataSource;
  /** what the server printed (for debugging a failure) */
  output: () => string;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (nothing listens on it once returned). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until a server has printed `text` (logs reach the test through a pipe, a little after the response). */
export async function waitForOutput(output: () => string, text: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`the server did not print "${text}"`);
    await sleep(20);
  }
}

/**
 * The settings of a fresh database in `dir`: an SQLite file, or a new
 * MariaDB schema (a random name) when DB_CONNECTION=mysql.
 */
export function freshDatabaseEnv(dir: string, file = 'test.sqlite'): Record<string, string> {
  const mysql = process.env.DB_CONNECTION === 'mysql';
  return {
    APP_KEY,
    APP_SIP_DOMAIN: DOMAIN,
    APP_DEFAULT_HOST: HOST,
    DB_CONNECTION: mysql ? 'mysql' : 'sqlite',
    DB_DATABASE: mysql ? `flexiapi_test_${randomBytes(4).toString('hex')}` : join(dir, file),
    DB_HOST: process.env.DB_HOST ?? '127.0.0.1',
    DB_PORT: process.env.DB_PORT ?? '3306',
    DB_USERNAME: process.env.DB_USERNAME ?? 'root',
    DB_PASSWORD: process.env.DB_PASSWORD ?? '',
  };
}

/** `GET /api/ping` answers 200; over TLS whatever the certificate (the tests that care check it themselves). */
function pingAnswers(url: string): Promise<boolean> {
  if (url.startsWith('http:'))
    return fetch(`${url}/api/ping`).then(
      (res) => res.status === 200,
      () => false,
    );
  return new Promise((resolve) => {
    const req = httpsGet(`${url}/api/ping`, { rejectUnauthorized: false, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
  });
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    if (await pingAnswers(url)) return;
    await sleep(100);
  }
  throw new Error(`server did not start:\n${output()}`);
}

/**
 * Starts the built server (`dist/main.js`, as `npm start` does) in its own
 * process on a free port and a fresh database: SQLite in a temporary file,
 * or a new MariaDB schema when DB_CONNECTION=mysql.
 */
export async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'flexiapi-'));
  const fresh = freshDatabaseEnv(dir);
  const port = await freePort();
  const serverEnv: Record<string, string> = {
    ...fresh,
    APP_PORT: String(port),
    APP_API_RATE_LIMIT_PER_MINUTE: '0',
    APP_API_ACCOUNT_CREATION_TOKEN_RATE_LIMIT_PER_MINUTE: '0',
    APP_SPACE_CACHE_SECONDS: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  };
  let output = '';
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...serverEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  // with APP_TLS_CERT_PATH the port speaks TLS (HTTP/2 and HTTP/1.1)
  const url = `${serverEnv.APP_TLS_CERT_PATH ? 'https' : 'http'}://127.0.0.1:${port}`;
  await waitUntilUp(url, child, () => output);

  const settings = parseSettings(serverEnv);
  const db = new DataSource({ ...dataSourceOptions(settings), entities: [join(ROOT, 'src', '**', '*.entity.ts')] });
  await db.initialize();
  return {
    url,
    settings,
    db,
    output: () => output,
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      // the fresh schema only, when the server used it (a test may point the server at a database of its own)
      if (serverEnv.DB_CONNECTION === 'mysql' && serverEnv.DB_DATABASE === fresh.DB_DATABASE)
        await db.query(`DROP DATABASE IF EXISTS \`${fresh.DB_DATABASE}\``);
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
