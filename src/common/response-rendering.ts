import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

/**
 * The reference's rendering of non-JSON handler results: a string is an HTML
 * body, `true` is `1`, `false` and nothing are an empty body, a number its
 * text; objects and arrays are JSON as usual.
 */
export function renderResult(reply: FastifyReply, value: unknown): unknown {
  if (value === undefined || value === null || value === false) {
    reply.type('text/html; charset=UTF-8');
    return '';
  }
  if (value === true) value = '1';
  else if (typeof value === 'number') value = String(value);
  if (typeof value === 'string' && !reply.hasHeader('content-type')) reply.type('text/html; charset=UTF-8');
  return value;
}

/**
 * Nest's Fastify adapter, rendering handler results as the reference does.
 * Done where Nest hands a handler's result to Fastify rather than in a global
 * interceptor: an interceptor puts an rxjs pipe and two AsyncResource
 * bindings on every request's path (issue 9).
 */
export class RenderingFastifyAdapter extends FastifyAdapter {
  override reply(response: FastifyReply, body: unknown, statusCode?: number) {
    // a raw ServerResponse (Nest's own fallbacks) has no `status()`: left as Nest sends it
    if ('status' in response) body = renderResult(response, body);
    return super.reply(response, body, statusCode);
  }
}
