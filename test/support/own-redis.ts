import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort, sleep } from './app';

/**
 * A Redis server of the test's own (port and folder of its own, nothing
 * saved), so that it can be stopped, continued and killed without touching
 * the shared one; started again on the same port, it is empty.
 */
export class OwnRedis {
  private server?: ChildProcess;
  private log = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(mkdtempSync(join(tmpdir(), 'flexiapi-redis-')), await freePort());
    await redis.start();
    return redis;
  }

  env(): Record<string, string> {
    return { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(this.port), REDIS_DB: '0' };
  }

  /** A client of the test's (a new connection: close it). */
  client(): Redis {
    return new Redis({ host: '127.0.0.1', port: this.port, lazyConnect: true, maxRetriesPerRequest: 0 });
  }

  /** Starts redis-server (again after a kill) and waits until it accepts connections. */
  async start(): Promise<void> {
    this.log = '';
    const server = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    server.stdout.on('data', (chunk) => (this.log += chunk));
    server.stderr.on('data', (chunk) => (this.log += chunk));
    this.server = server;
    const deadline = Date.now() + 10_000;
    while (!this.log.includes('Ready to accept connections')) {
      if (server.exitCode !== null) throw new Error(`redis-server exited (${server.exitCode}):\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not start:\n${this.log}`);
      await sleep(20);
    }
  }

  /** SIGSTOP: the server keeps its connections and answers nothing; SIGCONT: it goes on. */
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
