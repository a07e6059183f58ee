import type { FastifyInstance, FastifyReply } from 'fastify';

const WINDOW_MS = 60_000;

/** A client's count in its current fixed window. */
export interface RateLimitCount {
  /** hits in the window, this one included */
  count: number;
  /** when the window ends (epoch ms) */
  resetAt: number;
}

/**
 * Where the counters live. One process keeps them in memory; several
 * instances behind one address would share them (Redis `INCR` + `PEXPIRE`
 * is the same fixed window), hence a result that may be a promise.
 */
export interface RateLimitStore {
  hit(key: string, windowMs: number): RateLimitCount | Promise<RateLimitCount>;
  close(): void;
}

/**
 * One counter per key and fixed window: O(1) per hit whatever the limit
 * (a log of timestamps per hit costs more the higher the limit). Ended
 * windows are swept once per window, not on each request, so memory holds
 * the clients of about two windows at most.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, RateLimitCount>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(windowMs: number = WINDOW_MS) {
    this.sweeper = setInterval(() => this.sweep(Date.now()), windowMs);
    this.sweeper.unref();
  }

  hit(key: string, windowMs: number): RateLimitCount {
    const now = Date.now();
    const current = this.windows.get(key);
    if (current !== undefined && current.resetAt > now) {
      current.count++;
      return current;
    }
    const fresh = { count: 1, resetAt: now + windowMs };
    this.windows.set(key, fresh);
    return fresh;
  }

  sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}

/**
 * Pipeline step 2 (spec README): per client IP, every API route (as the
 * pipeline decided it from the matched route, common/api-route.ts) sharing
 * one counter. A Fastify hook rather than a Nest guard, so that every `/api`
 * answer counts and carries the headers: unknown routes, 405s and bodies
 * that are not JSON included. Past the limit: 429 until the window ends, as
 * the reference's (Laravel) limiter.
 */
export function installRateLimit(fastify: FastifyInstance, limit: number, store: RateLimitStore = new MemoryRateLimitStore()): void {
  if (limit <= 0) return;
  fastify.addHook('onClose', (_instance, done) => {
    store.close();
    done();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    // the Space step may have answered already
    if (reply.sent || !request.apiRoute) return done();
    const counted = store.hit(`api:${request.ip}`, WINDOW_MS);
    if (counted instanceof Promise) {
      counted.then((count) => answer(reply, limit, count, done), done);
    } else {
      answer(reply, limit, counted, done);
    }
  });
}

function answer(reply: FastifyReply, limit: number, { count, resetAt }: RateLimitCount, done: () => void): void {
  reply.header('X-RateLimit-Limit', limit);
  reply.header('X-RateLimit-Remaining', Math.max(0, limit - count));
  if (count <= limit) return done();
  const seconds = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
  reply.header('Retry-After', seconds);
  reply.header('X-RateLimit-Reset', seconds);
  reply.status(429).type('application/json').send(JSON.stringify({ message: 'Too Many Attempts.' }));
}
