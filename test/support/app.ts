import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { parseSettings, Settings } from '../../src/config/settings';
import { dataSourceOptions } from '../../src/database/data-source-options';

export const DOMAIN = 'sip.example.org';
export const HOST = 'localhost';
export const APP_KEY = 'base64:Zm9vYmFy';
const ROOT = resolve(__dirname, '..', '..');

export interface TestApp {
  url: string;
  settings: Settings;
  /** the same database as the server, for fixtures and assertions */
  db: DataSource;
  /** what the server printed (for debugging a failure) */
  output(): string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(`${url}/api/ping`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${output()}`);
}

/**
 * Starts the built server (`dist/main.js`, as `npm start` does) in its own
 * process on a free port and a fresh database: SQLite in a temporary file,
 * or a new MariaDB schema when DB_CONNECTION=mysql.
 */
export async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  const mysql = process.env.DB_CONNECTION === 'mysql';
  const dir = mkdtempSync(join(tmpdir(), 'flexiapi-'));
  const schema = `flexiapi_test_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const serverEnv: Record<string, string> = {
    APP_KEY,
    APP_PORT: String(port),
    APP_SIP_DOMAIN: DOMAIN,
    APP_DEFAULT_HOST: HOST,
    APP_API_RATE_LIMIT_PER_MINUTE: '0',
    APP_SPACE_CACHE_SECONDS: '0',
    DB_CONNECTION: mysql ? 'mysql' : 'sqlite',
    DB_DATABASE: mysql ? schema : join(dir, 'test.sqlite'),
    DB_HOST: process.env.DB_HOST ?? '127.0.0.1',
    DB_PORT: process.env.DB_PORT ?? '3306',
    DB_USERNAME: process.env.DB_USERNAME ?? 'root',
    DB_PASSWORD: process.env.DB_PASSWORD ?? '',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  };
  let output = '';
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...serverEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
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
      if (mysql) await db.query(`DROP DATABASE IF EXISTS \`${schema}\``);
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
