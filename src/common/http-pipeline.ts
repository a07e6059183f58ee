import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentRequest, pathOf } from './request';
import { mergedInput } from './input';
import { SpacesService } from '../spaces/spaces.service';

/** Routes that answer on any Host (a newcomer's `curl 127.0.0.1:8000/api/ping`). */
const HOSTLESS = new Set(['/api/ping', '/api/phone_countries', '/api/phones_countries']);

function jsonError(reply: FastifyReply, status: number, message: string): void {
  reply.status(status).type('application/json').send(JSON.stringify({ message }));
}

/**
 * The Fastify side of the request pipeline (spec README): Space by Host,
 * tolerant JSON parsing, input normalisation. Guards (rate limit, auth)
 * and the exception filter run in Nest after these.
 */
export function installHttpPipeline(fastify: FastifyInstance, spaces: SpacesService, rootDomain: string): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  // `/json` or `+json` in the type: application/json, text/json, application/ld+json …
  fastify.addContentTypeParser(/^[\w.+-]+\/([\w.+-]+\+)?json/, { parseAs: 'string' }, (_req, body, done) => {
    parseJson(String(body), done);
  });
  // other bodies are ignored, unless the client says it speaks JSON (Accept)
  fastify.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    if (/[/+]json/.test(req.headers.accept ?? '')) return parseJson(String(body), done);
    done(null, {});
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    currentRequest.run(request, done);
  });

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // these need no Space, so neither an unknown Host nor APP_ROOT_DOMAIN stops them
    const hostless = (request.method === 'GET' || request.method === 'HEAD') && HOSTLESS.has(pathOf(request).replace(/\/+$/, ''));
    const space = await spaces.findByHost(hostOf(request));
    if (space && rootDomain && !space.host.endsWith(rootDomain)) {
      if (hostless) return;
      return jsonError(reply, 503, 'The APP_ROOT_DOMAIN configured does not match with the current root domain');
    }
    if (space) request.space = space;
    else if (!hostless) return jsonError(reply, 404, 'Host not configured');
  });

  fastify.addHook('preValidation', (request, _reply, done) => {
    request.bodyWithoutQuery = request.body;
    request.body = mergedInput(request.query, request.body);
    done();
  });
}

/** The Host (X-Forwarded-Host when the request comes through APP_TRUSTED_PROXIES), without its port. */
export function hostOf(request: FastifyRequest): string {
  const host = request.host.toLowerCase();
  // an IPv6 literal keeps its brackets; only a trailing :port is dropped
  return host.startsWith('[') ? host.replace(/(\])(:\d+)?$/, '$1') : host.replace(/:\d+$/, '');
}

function parseJson(text: string, done: (error: Error | null, body?: unknown) => void): void {
  if (text.trim() === '') return done(null, {});
  try {
    done(null, JSON.parse(text));
  } catch (error) {
    done(Object.assign(new Error(`Invalid JSON: ${(error as Error).message}`), { statusCode: 400 }));
  }
}
