import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'typeorm';
import { currentRequest, useCurrentRequest } from '../common/request';

/** statements run so far, per request (requests are dropped with their objects) */
const counts = new WeakMap<FastifyRequest, number>();
/** of those, the ones that change rows */
const writes = new WeakMap<FastifyRequest, number>();
const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;

/**
 * DB_QUERY_COUNT_HEADER (tests and diagnostics): a TypeORM logger that counts
 * every statement sent to the database against the request it runs for
 * (the `currentRequest` async context). Statements outside a request, such
 * as migrations at start, are not counted. Not installed when the setting
 * is off, so it costs nothing then.
 */
export class QueryCountLogger implements Logger {
  constructor() {
    useCurrentRequest();
  }

  logQuery(query: string): void {
    const request = currentRequest.getStore();
    if (!request) return;
    counts.set(request, (counts.get(request) ?? 0) + 1);
    if (WRITE.test(query)) writes.set(request, (writes.get(request) ?? 0) + 1);
  }

  // logging stays off, as with `logging: false`
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/**
 * Sends the request's statement count in `x-query-count`, and how many of them
 * changed rows in `x-write-count` (a GET that writes must declare it,
 * `@ChangesState()`), on every answer (errors included).
 */
export function installQueryCountHeader(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-query-count', String(counts.get(request) ?? 0));
    reply.header('x-write-count', String(writes.get(request) ?? 0));
    done(null, payload);
  });
}
