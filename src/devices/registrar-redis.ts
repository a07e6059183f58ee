import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { metrics } from '../metrics/metrics';
import { sharedRedis } from '../redis/shared-redis';

/**
 * The app's one connection to Flexisip's registrar Redis (REDIS_*), opened
 * at the first use and closed at shutdown. A Redis that is down or does not
 * answer within REDIS_TIMEOUT_SECONDS makes a call answer `undefined`, never
 * throw; an outage is logged when it starts and when it ends, not per request.
 */
@Injectable()
export class RegistrarRedis implements OnApplicationShutdown {
  private readonly logger = new Logger('Registrar');
  private readonly redis: Redis;
  private readonly address: string;
  private down = false;

  constructor(@InjectSettings() settings: Settings) {
    const { host, port, db } = settings.redis;
    this.address = `${host}:${port} (db ${db})`;
    this.redis = sharedRedis(settings);
    this.redis.on('error', (error: Error) => this.failed(error));
    this.redis.on('ready', () => this.answered());
  }

  /** The fields and values of the hash `fs:<aor>` (`{}` when there is none); undefined: Redis unavailable. */
  hashOf(aor: string): Promise<Record<string, string> | undefined> {
    return this.run((redis) => redis.hgetall(`fs:${aor}`));
  }

  /** Removes one field of `fs:<aor>`; false: Redis unavailable. */
  async removeField(aor: string, field: string): Promise<boolean> {
    return (await this.run((redis) => redis.hdel(`fs:${aor}`, field))) !== undefined;
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private async run<T>(command: (redis: Redis) => Promise<T>): Promise<T | undefined> {
    // a known outage without a connection: no need to wait, the client reconnects on its own
    if (this.down && this.redis.status !== 'ready') {
      metrics?.dependencies.inc({ dependency: 'redis', outcome: 'failure' });
      return undefined;
    }
    try {
      const result = await command(this.redis);
      metrics?.dependencies.inc({ dependency: 'redis', outcome: 'success' });
      this.answered();
      return result;
    } catch (error) {
      metrics?.dependencies.inc({ dependency: 'redis', outcome: 'failure' });
      this.failed(error);
      return undefined;
    }
  }

  private failed(error: unknown): void {
    if (this.down) return;
    this.down = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error(
      `Registrar Redis at ${this.address} unavailable (${reason}): devices are listed empty and deletions answer 503 until it is back`,
    );
  }

  private answered(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.log(`Registrar Redis at ${this.address} answers again`);
  }
}
