import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './app';
import { OwnServer } from './own-server';

/**
 * A Redis server of the test's own (port and folder of its own, nothing
 * saved), so that it can be stopped, continued and killed without touching
 * the shared one; started again on the same port, it is empty.
 */
export class OwnRedis {
  private server?: OwnServer;

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
    this.server = await OwnServer.start(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir],
      { name: 'redis-server', port: this.port, ready: (log) => log.includes('Ready to accept connections'), timeoutMs: 10_000, pollMs: 20 },
    );
  }

  /** SIGSTOP: the server keeps its connections and answers nothing; SIGCONT: it goes on. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.server?.signal(signal);
  }

  /** SIGKILL, then waits until the port is closed. */
  async kill(): Promise<void> {
    await this.server?.kill();
  }

  async remove(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
