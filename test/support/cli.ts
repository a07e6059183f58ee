import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource, MigrationInterface, Table } from 'typeorm';
import { parseSettings, Settings } from '../../src/config/settings';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { APP_KEY, freshDatabaseEnv } from './app';

const ROOT = resolve(__dirname, '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A progress line of a long command (src/common/progress.ts) on stderr when it is not a terminal. */
export const PROGRESS_LINE = /^[A-Z][\w ]*: \d+\/\d+ \(\d+%\)$/;

/** stderr without its progress lines: what is left is an error or a warning. */
export function withoutProgress(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !PROGRESS_LINE.test(line))
    .join('\n');
}

/** The progress lines of stderr. */
export function progressLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => PROGRESS_LINE.test(line));
}

/** Runs the built console (`dist/console/cli.js`, what `npm run cli` runs) in its own process. */
export function runCli(env: Record<string, string>, cwd: string, ...args: string[]): Promise<CliResult> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'console', 'cli.js'), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', fail);
    child.once('close', (code) => ok({ code, stdout, stderr }));
  });
}

/** The environment the console needs to work on the database of given settings (a running test server's). */
export function envOf(settings: Settings): Record<string, string> {
  return {
    APP_KEY,
    APP_SIP_DOMAIN: settings.sipDomain,
    APP_DEFAULT_HOST: settings.defaultHost,
    DB_CONNECTION: settings.db.connection,
    DB_DATABASE: settings.db.database,
    DB_HOST: settings.db.host,
    DB_PORT: String(settings.db.port),
    DB_USERNAME: settings.db.username,
    DB_PASSWORD: settings.db.password,
  };
}

/** A console on a fresh database, and a connection to that database for fixtures and assertions. */
export interface ConsoleFixture {
  env: Record<string, string>;
  dir: string;
  db: DataSource;
  cli(...args: string[]): Promise<CliResult>;
  /** with extra settings */
  cliWith(extra: Record<string, string>, ...args: string[]): Promise<CliResult>;
  /** names of the applied migrations */
  appliedMigrations(): Promise<string[]>;
  /** one migration's `down`, as the runner does it (SQLite's foreign keys off while tables are rebuilt), then unrecorded */
  revert(migration: MigrationInterface & { name: string }): Promise<void>;
  /** the table as the database describes it now */
  table(name: string): Promise<Table>;
  close(): Promise<void>;
}

/** Runs `work` on a query runner of its own, released afterwards. */
async function withRunner<T>(db: DataSource, work: (runner: ReturnType<DataSource['createQueryRunner']>) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  try {
    return await work(runner);
  } finally {
    await runner.release();
  }
}

/** Creates the database with a first `db:migrate` (its result is returned), then connects to it. */
export async function freshConsole(): Promise<{ fixture: ConsoleFixture; firstMigrate: CliResult }> {
  const dir = mkdtempSync(join(tmpdir(), 'flexiapi-console-'));
  const env = freshDatabaseEnv(dir, 'console.sqlite');
  const firstMigrate = await runCli(env, dir, 'db:migrate');
  if (firstMigrate.code !== 0) throw new Error(`db:migrate failed: ${firstMigrate.stderr}`);
  const db = new DataSource({
    ...dataSourceOptions(parseSettings(env)),
    entities: [join(ROOT, 'src', '**', '*.entity.ts')],
  });
  await db.initialize();
  const fixture: ConsoleFixture = {
    env,
    dir,
    db,
    cli: (...args) => runCli(env, dir, ...args),
    cliWith: (extra, ...args) => runCli({ ...env, ...extra }, dir, ...args),
    appliedMigrations: async () => (await db.query<{ name: string }[]>('SELECT name FROM flexiapi_migrations')).map((m) => m.name),
    revert: (migration) =>
      withRunner(db, async (runner) => {
        await runner.beforeMigration();
        await migration.down(runner);
        await runner.afterMigration();
        await runner.query('DELETE FROM flexiapi_migrations WHERE name = ?', [migration.name]);
      }),
    table: (name) => withRunner(db, async (runner) => (await runner.getTable(name))!),
    async close() {
      if (env.DB_CONNECTION === 'mysql') await db.query(`DROP DATABASE IF EXISTS \`${env.DB_DATABASE}\``);
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return { fixture, firstMigrate };
}
