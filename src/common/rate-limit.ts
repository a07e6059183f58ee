import type { FastifyInstance } from 'fastify';
import type { ThrottlerStorage } from '@nestjs/throttler';

const WINDOW_MS = 60_000;

/**
 * Pipeline step 2 (spec README): per client IP, every API route (as the
 * pipeline decided it from the matched route, common/api-route.ts) sharing
 * one counter. A Fastify hook rather than a Nest guard, so that every `/api`
 * answer counts and carries the headers: unknown routes, 405s and bodies
 * that are not JSON included. Counting is @nestjs/throttler's storage.
 */
export function installRateLimit(fastify: FastifyInstance, storage: ThrottlerStorage, limit: number): void {
  if (limit <= 0) return;
  fastify.addHook('onRequest', async (request, reply) => {
    // the Space step may have answered already
    if (reply.sent || !request.apiRoute) return;
    const hit = await storage.increment(`api:${request.ip}`, WINDOW_MS, limit, WINDOW_MS, 'api');
    reply.header('X-RateLimit-Limit', limit);
    reply.header('X-RateLimit-Remaining', Math.max(0, limit - hit.totalHits));
    if (hit.isBlocked) {
      reply.header('Retry-After', hit.timeToBlockExpire);
      reply.header('X-RateLimit-Reset', hit.timeToBlockExpire);
      return reply.status(429).type('application/json').send(JSON.stringify({ message: 'Too Many Attempts.' }));
    }
  });
}
