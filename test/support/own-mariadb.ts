import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, sleep } from './app';

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
  private server?: ChildProcess;
  private log = '';

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
    const server = spawn(
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
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout.on('data', (chunk) => (this.log += chunk));
    server.stderr.on('data', (chunk) => (this.log += chunk));
    this.server = server;
    const deadline = Date.now() + 30_000;
    while (!this.log.includes('ready for connections')) {
      if (server.exitCode !== null) throw new Error(`mariadbd exited (${server.exitCode}):\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`mariadbd did not start:\n${this.log}`);
      await sleep(50);
    }
  }

  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.server?.kill(signal);
  }

  /** SIGKILL, then waits until the port is closed. */
  async kill(): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGCONT');
    server.kill('SIGKILL');
    await exited;
    while (await listening(this.port)) await sleep(20);
  }

  output(): string {
    return this.log;
  }

  async remove(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
