import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app';
import { OwnServer } from './own-server';

export interface OwnMariaDbOptions {
  /** binary logging on (`--log-bin`), as for replication or Galera; off by default */
  logBin?: boolean;
}

/**
 * A MariaDB server of the test's own (data folder, port and socket in a
 * temporary directory), so that it can be stopped, continued and killed
 * without touching the shared one. Root logs in without a password.
 */
export class OwnMariaDb {
  private server?: OwnServer;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly options: OwnMariaDbOptions,
  ) {}

  static async install(options: OwnMariaDbOptions = {}): Promise<OwnMariaDb> {
    const dir = mkdtempSync(join(tmpdir(), 'flexiapi-mariadb-'));
    const db = new OwnMariaDb(dir, await freePort(), options);
    // as root, the server needs --user=root (it refuses to run as root otherwise)
    await promisify(execFile)('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${join(dir, 'data')}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ]);
    return db;
  }

  env(): Record<string, string> {
    return {
      DB_CONNECTION: 'mysql',
      DB_HOST: '127.0.0.1',
      DB_PORT: String(this.port),
      DB_USERNAME: 'root',
      DB_PASSWORD: '',
      DB_DATABASE: 'flexiapi_faults',
    };
  }

  /** Starts mariadbd on the data folder (again after a kill: crash recovery) and waits until it accepts connections. */
  async start(): Promise<void> {
    this.server = await OwnServer.start(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${join(this.dir, 'data')}`,
        `--socket=${join(this.dir, 'mariadb.sock')}`,
        `--pid-file=${join(this.dir, 'mariadb.pid')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        '--user=root',
        ...(this.options.logBin ? [`--log-bin=${join(this.dir, 'binlog')}`, '--server-id=1'] : ['--skip-log-bin']),
        '--skip-name-resolve',
        '--performance-schema=OFF',
        '--innodb-buffer-pool-size=16M',
        // durable commits: an acknowledged write must survive SIGKILL
        '--innodb-flush-log-at-trx-commit=1',
      ],
      { name: 'mariadbd', port: this.port, ready: (log) => log.includes('ready for connections'), timeoutMs: 30_000, pollMs: 50 },
    );
  }

  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.server?.signal(signal);
  }

  /** SIGKILL, then waits until the port is closed. */
  async kill(): Promise<void> {
    await this.server?.kill();
  }

  /** The output of the server started last. */
  output(): string {
    return this.server?.output() ?? '';
  }

  async remove(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
