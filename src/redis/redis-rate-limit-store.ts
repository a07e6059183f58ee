import Redis from 'ioredis';
import { Settings } from '../config/settings';
import { Outage, sharedRedis } from './shared-redis';
import { MemoryRateLimitStore, RateLimitCount, RateLimitStore } from '../common/rate-limit';

/**
 * The counters of a request, in one round trip and atomically: each key is
 * counted (INCR, PEXPIRE when it starts a window) until one is past its limit,
 * as the in-memory store counts them one after the other. Returns count and
 * remaining milliseconds per key counted.
 */
const HIT_ALL = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
  if count > tonumber(ARGV[i + 1]) then break end
end
return out`;

type CountingRedis = Redis & { hitAll(...args: (string | number)[]): Promise<number[]> };

/**
 * The fixed windows of MemoryRateLimitStore, kept in Redis so that every
 * instance counts a client on the same counters. Fails open: while Redis is
 * down or slower than REDIS_TIMEOUT_SECONDS, requests are not counted (no
 * headers, never a 5xx), with one log line per outage.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: CountingRedis;
  private readonly outage = new Outage('RateLimit', 'requests are not rate-limited');

  constructor(
    settings: Settings,
    private readonly prefix = `${settings.sharedState.keyPrefix}rl:`,
  ) {
    this.redis = sharedRedis(settings) as CountingRedis;
    this.redis.defineCommand('hitAll', { lua: HIT_ALL });
    this.redis.on('error', (error: Error) => this.outage.failed(error));
    this.redis.connect().catch((error: unknown) => this.outage.failed(error));
  }

  hit(key: string, windowMs: number): Promise<RateLimitCount | undefined> {
    return this.hitAll([[key, Number.MAX_SAFE_INTEGER]], windowMs).then((counts) => counts?.[0]);
  }

  async hitAll(checks: [key: string, limit: number][], windowMs: number): Promise<RateLimitCount[] | undefined> {
    // a known outage: no wait, the client reconnects on its own
    if (this.outage.isDown && this.redis.status !== 'ready') return undefined;
    try {
      const keys = checks.map(([key]) => this.prefix + key);
      const out = await this.redis.hitAll(keys.length, ...keys, windowMs, ...checks.map(([, limit]) => limit));
      this.outage.answered();
      const now = Date.now();
      const counts: RateLimitCount[] = [];
      for (let i = 0; i < out.length; i += 2) counts.push({ count: out[i], resetAt: now + out[i + 1] });
      return counts;
    } catch (error) {
      this.outage.failed(error);
      return undefined;
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}

/** Redis when the instances share their state (REDIS_SHARED_STATE), else this process's memory. */
export function rateLimitStore(settings: Settings): RateLimitStore {
  return settings.sharedState.redis ? new RedisRateLimitStore(settings) : new MemoryRateLimitStore();
}
