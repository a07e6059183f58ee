import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { Outage, sharedRedis } from '../redis/shared-redis';
import { Space } from '../account-core/entities/space.entity';

/**
 * host → Space: every request resolves one, and Spaces rarely change. A
 * change forgets every entry here at once and, with REDIS_SHARED_STATE, on
 * every other instance (and worker) through one Redis channel, well within a
 * second; APP_SPACE_CACHE_SECONDS stays the backstop for a missed message,
 * and a subscriber that reconnects forgets everything (it may have missed some).
 */
@Injectable()
export class SpaceCache implements OnApplicationShutdown {
  private readonly byHost = new Map<string, { space: Space; at: number }>();
  private readonly ttlMs: number;
  private readonly channel: string;
  private publisher?: Redis;
  private subscriber?: Redis;
  private readonly outage = new Outage('SpaceCache', 'Space changes made elsewhere are seen after APP_SPACE_CACHE_SECONDS');

  constructor(@InjectSettings() private readonly settings: Settings) {
    this.ttlMs = settings.spaceCacheSeconds * 1000;
    this.channel = `${settings.sharedState.keyPrefix}spaces:changed`;
  }

  get(host: string): Space | undefined {
    const cached = this.byHost.get(host);
    return cached && Date.now() - cached.at < this.ttlMs ? cached.space : undefined;
  }

  /** Counts the forgettings: a lookup that started before one is not cached (it may have read the old row). */
  generation = 0;

  set(host: string, space: Space | null, generation: number): void {
    if (generation !== this.generation) return;
    if (space) this.byHost.set(host, { space, at: Date.now() });
    else this.byHost.delete(host);
  }

  /** A Space changed here: forgotten here, then on every instance (the console's changes too). */
  async changed(): Promise<void> {
    this.forget();
    if (!this.settings.sharedState.redis) return;
    this.publisher ??= this.connect(sharedRedis(this.settings));
    // a known outage: the others' TTL does the work, the change is not held up by Redis
    if (this.outage.isDown && this.publisher.status !== 'ready') return;
    try {
      if (this.publisher.status === 'wait') await this.publisher.connect();
      await this.publisher.publish(this.channel, String(process.pid));
      this.outage.answered();
    } catch (error) {
      this.outage.failed(error);
    }
  }

  /** Subscribes to the others' changes (the HTTP server only: the console just publishes). */
  async listen(): Promise<void> {
    if (!this.settings.sharedState.redis || this.subscriber) return;
    const subscriber = sharedRedis(this.settings);
    this.subscriber = subscriber;
    subscriber.on('message', () => this.forget());
    // first connection and every reconnection: (re)subscribe, and forget what may have changed meanwhile
    subscriber.on('ready', () => {
      this.forget();
      subscriber.subscribe(this.channel).then(
        () => this.outage.answered(),
        (error: unknown) => this.outage.failed(error),
      );
    });
    subscriber.on('error', (error: Error) => this.outage.failed(error));
    await subscriber.connect().catch((error: unknown) => this.outage.failed(error));
    // the instance serves once it hears the others (when Redis answers)
    if (subscriber.status === 'ready') await subscriber.subscribe(this.channel).catch(() => undefined);
  }

  private forget(): void {
    this.generation++;
    this.byHost.clear();
  }

  onApplicationShutdown(): void {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }

  private connect(redis: Redis): Redis {
    redis.on('error', (error: Error) => this.outage.failed(error));
    return redis;
  }
}
