import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IPv6 } from 'ipaddr.js';
import { BlockList, isIPv4 } from 'node:net';

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
  /** undefined: not counted (a shared store that is unavailable fails open) */
  hit(key: string, windowMs: number): RateLimitCount | Promise<RateLimitCount | undefined>;
  /** Several counters in one round trip, counted in turn until one is past its limit (redis-rate-limit-store.ts). */
  hitAll?(checks: Check[], windowMs: number): Promise<RateLimitCount[] | undefined>;
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
 * The counter a client IP counts on. An IPv6 client is its /64: one
 * subscriber usually holds a whole /64 and can pick any address in it. An
 * IPv4-mapped IPv6 address is its IPv4 address; anything else is itself.
 */
export function clientKey(ip: string): string {
  if (!IPv6.isValid(ip)) return ip;
  const address = IPv6.parse(ip);
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString();
  return `${address.parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(':')}::/64`;
}

/** The limits: `api` for every API route, and named limits that routes opt into with `@RateLimited(name)`; 0 is off. */
export interface RateLimits {
  api: number;
  routes: Record<string, number>;
  /** IPs and CIDRs that the `api` limit does not count (a route's own limit still does) */
  exempt?: string[];
}

/**
 * Whether a client IP is in one of the exempt addresses or CIDRs (node's
 * BlockList: both families, prefixes, an IPv4-mapped IPv6 client as its IPv4).
 */
export function exemptClients(entries: string[]): (ip: string) => boolean {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const type = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (ip) => list.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6');
}

interface RouteRateLimitConfig {
  rateLimit?: string;
}

/**
 * A route's own per-client limit, counted on top of the API's, in the same
 * pipeline step (Fastify route config, read from the route that matched).
 */
export const RateLimited = (name: string): MethodDecorator => RouteConfig({ rateLimit: name } satisfies RouteRateLimitConfig);

/** One counter to hit: its key and limit. */
export type Check = [key: string, limit: number];

/**
 * Pipeline step 2 (spec README): per client (clientKey), every API route (as
 * the pipeline decided it from the matched route, common/api-route.ts)
 * sharing one counter, then the route's own limit if it names one. A Fastify
 * hook rather than a Nest guard, so that every `/api` answer counts and
 * carries the headers: unknown routes, 405s and bodies that are not JSON
 * included. Past a limit: 429 until its window ends, as the reference's
 * (Laravel) limiter; the headers are those of the last counter hit.
 */
export function installRateLimit(
  fastify: FastifyInstance,
  limits: RateLimits,
  storeOf: RateLimitStore | (() => RateLimitStore) = () => new MemoryRateLimitStore(),
): void {
  if (limits.api <= 0 && !Object.values(limits.routes).some((limit) => limit > 0)) return;
  // made only when a limit is on (a Redis store connects)
  const store = typeof storeOf === 'function' ? storeOf() : storeOf;
  fastify.addHook('onClose', (_instance, done) => {
    store.close();
    done();
  });
  const exempt = exemptClients(limits.exempt ?? []);
  fastify.addHook('onRequest', (request, reply, done) => {
    // the Space step may have answered already
    if (reply.sent || !request.apiRoute) return done();
    count(store, checksOf(request, limits, exempt), reply, done);
  });
}

function checksOf(request: FastifyRequest, limits: RateLimits, exempt: (ip: string) => boolean): Check[] {
  const client = clientKey(request.ip);
  const checks: Check[] = limits.api > 0 && !exempt(request.ip) ? [[`api:${client}`, limits.api]] : [];
  const name = (request.routeOptions.config as RouteRateLimitConfig | undefined)?.rateLimit;
  const limit = name === undefined ? 0 : (limits.routes[name] ?? 0);
  if (limit > 0) checks.push([`${name}:${client}`, limit]);
  return checks;
}

/** Hits each counter in turn; the first one past its limit answers. */
function count(store: RateLimitStore, checks: Check[], reply: FastifyReply, done: () => void): void {
  if (store.hitAll && checks.length > 0) {
    store.hitAll(checks, WINDOW_MS).then(
      (counts) => {
        // fewer counts than checks: the last one counted answered 429
        if (counts?.every((counted, i) => answer(reply, checks[i][1], counted)) !== false) done();
      },
      () => done(),
    );
    return;
  }
  const [check, ...rest] = checks;
  if (check === undefined) return done();
  const [key, limit] = check;
  // past the limit the reply is sent: the request goes no further
  const next = (counted: RateLimitCount | undefined) => {
    if (counted === undefined || answer(reply, limit, counted)) count(store, rest, reply, done);
  };
  const counted = store.hit(key, WINDOW_MS);
  // a store that fails is not the client's fault: the request goes on (never a 5xx)
  if (counted instanceof Promise) counted.then(next, () => done());
  else next(counted);
}

/** Sets the headers; false when it answered 429. */
function answer(reply: FastifyReply, limit: number, { count, resetAt }: RateLimitCount): boolean {
  reply.header('X-RateLimit-Limit', limit);
  reply.header('X-RateLimit-Remaining', Math.max(0, limit - count));
  if (count <= limit) return true;
  const seconds = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
  reply.header('Retry-After', seconds);
  reply.header('X-RateLimit-Reset', seconds);
  reply
    .status(429)
    .type('application/json')
    .send(JSON.stringify({ message: 'Too Many Attempts.' }));
  return false;
}
