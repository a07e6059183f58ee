import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { Settings } from '../config/settings';
import { metrics } from '../metrics/metrics';

/**
 * A connection to REDIS_*: Flexisip's registrar (devices/registrar-redis.ts)
 * and the state several instances share (docs/scaling.md). A command fails
 * within REDIS_TIMEOUT_SECONDS instead of queueing, and the client
 * reconnects by itself.
 */
export function sharedRedis(settings: Settings): Redis {
  const { host, port, password, db, timeoutSeconds } = settings.redis;
  return new Redis({
    host,
    port,
    db,
    password: password || undefined,
    lazyConnect: true,
    connectTimeout: timeoutSeconds * 1000,
    commandTimeout: timeoutSeconds * 1000,
    // a Redis that stopped answering loses its connection: nothing piles up on it, and the next calls need not wait
    socketTimeout: timeoutSeconds * 1000,
    // a call fails with the connection attempt that failed, instead of waiting for the next ones
    maxRetriesPerRequest: 0,
    // a call that already timed out is not run later behind the caller's back
    autoResendUnfulfilledCommands: false,
    // the offline queue stays: the first requests of a start wait for the connection (at most the timeout);
    // once an outage is known, callers skip Redis until it is back rather than queue.
    // It reconnects by itself, so the end of an outage is seen without a request waiting for it.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}

/** One log line when an outage starts and one when it ends, not one per request. */
export class Outage {
  private down = false;
  private readonly logger: Logger;

  constructor(
    context: string,
    private readonly consequence: string,
  ) {
    this.logger = new Logger(context);
  }

  get isDown(): boolean {
    return this.down;
  }

  failed(error: unknown): void {
    metrics?.dependencies.inc({ dependency: 'redis', outcome: 'failure' });
    if (this.down) return;
    this.down = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error(`Redis unavailable (${reason}): ${this.consequence} until it is back`);
  }

  answered(): void {
    metrics?.dependencies.inc({ dependency: 'redis', outcome: 'success' });
    if (!this.down) return;
    this.down = false;
    this.logger.log('Redis answers again');
  }
}
