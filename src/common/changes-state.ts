import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExtension, ApiResponse } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { pathOf } from './request';

export interface ChangesStateOptions {
  /** the route changes something only when its query names this parameter (any value, even none) */
  whenQuery?: string;
}

/** The key of the declaration in the Fastify route's `config` (and, as `x-changes-state`, in the OpenAPI operation). */
const KEY = 'changesState';

/**
 * A GET that changes something: spends a token or a code, issues one,
 * resets a password. Declared once here, it is carried by the Fastify route
 * itself (`config`), so every check reads it from the route that matched:
 * - `HEAD` answers 405 with `Allow: GET` and runs nothing (deviation 30: mail
 *   scanners and link previewers send HEAD first);
 * - the `x-api-key` cookie alone authenticates it only as it does a write
 *   (deviation 25: SameSite=Lax lets a cross-site link through).
 * (Nest keeps one `RouteConfig` per handler: another use must merge with this one.)
 */
export function ChangesState(options: ChangesStateOptions = {}): MethodDecorator {
  const description = options.whenQuery
    ? `HEAD with \`${options.whenQuery}\` in the query: \`Allow: GET\`, nothing done`
    : 'HEAD: `Allow: GET`, nothing consumed or changed';
  return applyDecorators(
    RouteConfig({ [KEY]: options }),
    ApiExtension('x-changes-state', options.whenQuery ? { when_query: options.whenQuery } : true),
    ApiResponse({ status: 405, description }),
  );
}

const declaration = (config: unknown): ChangesStateOptions | undefined =>
  (config as Record<string, ChangesStateOptions | undefined> | undefined)?.[KEY];

const queryNames = (request: FastifyRequest, name: string): boolean => {
  const query = request.query;
  return typeof query === 'object' && query !== null && Object.prototype.hasOwnProperty.call(query, name);
};

/** Whether this request, on the route that matched, changes something (`@ChangesState()`). */
export function changesState(request: FastifyRequest): boolean {
  const declared = request.is404 ? undefined : declaration(request.routeOptions.config);
  if (!declared) return false;
  return declared.whenQuery === undefined || queryNames(request, declared.whenQuery);
}

/** Whether a route being registered never answers HEAD (the router of 405s leaves HEAD out of its `Allow`). */
export function refusesHead(route: Pick<RouteOptions, 'config'>): boolean {
  const declared = declaration(route.config);
  return declared !== undefined && declared.whenQuery === undefined;
}

/** The 405 answer, as the exception filter renders a method a route does not have. */
export function methodNotAllowed(method: string, path: string, allowed: string[]): { body: { message: string }; allow: string } {
  return {
    body: {
      message: `The ${method} method is not supported for route ${path.replace(/^\//, '')}. Supported methods: ${allowed.join(', ')}.`,
    },
    allow: allowed.join(', '),
  };
}

/**
 * Fastify answers HEAD by running the GET handler. On a `@ChangesState()`
 * route this hook answers first (after the Space and the rate limit, as any
 * 405), before authentication, guards or handler run.
 */
export function installHeadRefusal(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'HEAD' || reply.sent || !changesState(request)) return done();
    const { body, allow } = methodNotAllowed('HEAD', pathOf(request), ['GET']);
    reply.status(405).header('allow', allow).type('application/json').send(JSON.stringify(body));
  });
}
