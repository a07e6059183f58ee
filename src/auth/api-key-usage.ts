import { Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { ApiKeysRepository } from '../account-core/api-keys.repository';
import { now } from '../database/timestamps';
import { retryTransaction } from '../database/retry';

/** At most one usage write per key per this delay (spec deviation 29). */
export const USAGE_WRITE_INTERVAL_MS = 1000;

interface PendingUse {
  requests: number;
  lastUsedAt: Date;
}

/**
 * An API key's `last_used_at` and `requests`, coalesced (deviation 29): uses
 * are added up in memory and written within a second, one UPDATE per key,
 * never on a request's own path; pending uses are flushed at shutdown,
 * before the database closes. Expiry reads the newest of the stored and the
 * pending last use, so it is decided as if every use had been written.
 */
@Injectable()
export class ApiKeyUsage implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ApiKeyUsage');
  private readonly pending = new Map<number, PendingUse>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly keys: ApiKeysRepository) {}

  /** The last use not yet written, if any (for the expiry check). */
  pendingLastUse(keyId: number): Date | undefined {
    return this.pending.get(keyId)?.lastUsedAt;
  }

  /** A deleted key's pending uses are dropped. */
  forget(keyId: number): void {
    this.pending.delete(keyId);
  }

  record(keyId: number): void {
    const at = now();
    const pending = this.pending.get(keyId);
    if (pending) {
      pending.requests++;
      pending.lastUsedAt = at;
      return;
    }
    this.pending.set(keyId, { requests: 1, lastUsedAt: at });
    // one timer for all keys: a flush starts at most once per interval, so each key is written at most once per interval
    this.timer ??= setTimeout(() => void this.flush(), USAGE_WRITE_INTERVAL_MS).unref();
  }

  /** Writes every pending use (one UPDATE per key). */
  async flush(): Promise<void> {
    this.timer = undefined;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [keyId, use] of batch) {
      try {
        await this.write(keyId, use);
      } catch (error) {
        // a usage count is not worth failing anything for; the next use writes again
        this.logger.warn(`API key usage not written: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
  }

  private write(keyId: number, use: PendingUse): Promise<void> {
    // instances on different Galera nodes flushing one key's uses at once: the loser's UPDATE fails
    // certification (1213, rolled back, so running it again counts nothing twice) and the server retries it only once
    return retryTransaction(() => this.keys.recordUses(keyId, use.lastUsedAt, use.requests));
  }
}
