import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'typeorm';
import { currentRequest, useCurrentRequest } from '../common/request';

/** statements run so far, per request (requests are dropped with their objects) */
const counts = new WeakMap<FastifyRequest, number>();

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

  logQuery(): void {
    const request = currentRequest.getStore();
    if (request) counts.set(request, (counts.get(request) ?? 0) + 1);
  }

  // logging stays off, as with `logging: false`
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** Sends the request's statement count in `x-query-count`, on every answer (errors included). */
export function installQueryCountHeader(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-query-count', String(counts.get(request) ?? 0));
    done(null, payload);
  });
}
