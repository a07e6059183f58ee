import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentRequest, currentRequestInUse } from './request';
import { decideApiRoute, declaredPath } from './api-route';
import { mergedInput } from './input';
import { parseJson } from './json-body';
import { bindInput } from './validation/validation-request';

/** Declared paths of the GET routes that answer on any Host (a newcomer's `curl 127.0.0.1:8000/api/ping`; deviation 18). */
export const HOSTLESS = new Set(['/api/ping', '/api/phone_countries', '/api/phones_countries', '/api', '/api/openapi.json', '/health']);
/** Liveness and readiness use no Space: no database query before them (a hung database, deviation 28). */
const SPACELESS = new Set(['/api/ping', '/health']);

/**
 * What the Space step needs (implemented by SpacesService): the Space of a
 * Host, from memory when it can answer synchronously, else from the database.
 */
export interface SpaceResolver<S extends { host: string }> {
  cachedByHost(host: string): S | undefined;
  findByHost(host: string): Promise<S | null>;
}

function jsonError(reply: FastifyReply, status: number, message: string): void {
  reply.status(status).type('application/json').send(JSON.stringify({ message }));
}

/**
 * The Fastify side of the request pipeline (spec README): Space by Host,
 * tolerant JSON parsing, input normalisation. Guards (rate limit, auth)
 * and the exception filter run in Nest after these.
 */
export function installHttpPipeline<S extends { host: string }>(
  fastify: FastifyInstance,
  spaces: SpaceResolver<S>,
  rootDomain: string,
): void {
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

  fastify.decorateRequest('apiRoute', false);
  const enterRequest = currentRequestInUse();
  // one synchronous hook: an async one costs a promise and a microtask on every request
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    request.apiRoute = decideApiRoute(request);
    // the Space lookup and everything after it run in the request's context, when something reads it
    if (enterRequest) currentRequest.run(request, () => resolveSpace(request, reply, done));
    else resolveSpace(request, reply, done);
  });

  function resolveSpace(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    // these need no Space, so neither an unknown Host nor APP_ROOT_DOMAIN stops them
    const read = request.method === 'GET' || request.method === 'HEAD';
    const path = read ? declaredPath(request) : undefined;
    if (path !== undefined && SPACELESS.has(path)) return done();
    const hostless = path !== undefined && HOSTLESS.has(path);
    const host = hostOf(request);
    const cached = spaces.cachedByHost(host);
    if (cached) return withSpace(request, reply, cached, hostless, done);
    spaces.findByHost(host).then((space) => withSpace(request, reply, space, hostless, done), done);
  }

  /** Pipeline step 1: the Space of the Host, or the answer when there is none (or it is outside APP_ROOT_DOMAIN). */
  function withSpace(request: FastifyRequest, reply: FastifyReply, space: S | null, hostless: boolean, next: () => void): void {
    if (space && rootDomain && !space.host.endsWith(rootDomain)) {
      if (hostless) return next();
      return jsonError(reply, 503, 'The APP_ROOT_DOMAIN configured does not match with the current root domain');
    }
    // the request's `space` is typed by the layer that defines Spaces (src/account-core/request-scope.ts)
    if (space) (request as { space?: S }).space = space;
    else if (!hostless) return jsonError(reply, 404, 'Host not configured');
    next();
  }

  fastify.addHook('preValidation', (request, _reply, done) => {
    request.bodyWithoutQuery = request.body;
    request.body = mergedInput(request.query, request.body);
    bindInput(request.body, request);
    done();
  });
}

/**
 * A client's x-request-id is echoed and logged, so only a short token of
 * characters that cannot forge a log line or a header is kept (W3C trace ids,
 * UUIDs, AWS `Root=1-…` ids fit).
 */
export function clientRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && /^[A-Za-z0-9._:=+/-]{1,64}$/.test(header) ? header : undefined;
}

/** The Host (X-Forwarded-Host when the request comes through APP_TRUSTED_PROXIES), without its port. */
export function hostOf(request: FastifyRequest): string {
  const host = request.host.toLowerCase();
  // an IPv6 literal keeps its brackets; only a trailing :port is dropped
  return host.startsWith('[') ? host.replace(/(\])(:\d+)?$/, '$1') : host.replace(/:\d+$/, '');
}
