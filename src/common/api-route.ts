import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** whether the API's policies apply (decided once, see decideApiRoute) */
    apiRoute: boolean;
  }
}

/**
 * The declared path of the route that matched (`/api/accounts/:id/unblock`),
 * without a trailing slash; undefined when none did (404, 405).
 */
export function declaredPath(request: FastifyRequest): string | undefined {
  const url = request.is404 ? undefined : request.routeOptions.url;
  return url === undefined ? undefined : url.replace(/(.)\/+$/, '$1');
}

export const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/**
 * Whether the API's policies (blocked and expired-Space checks, rate limit,
 * locale) apply. The router decodes the URL, so `/%61pi/accounts/me` runs the
 * `/api/accounts/me` handler: the route that matched decides, never the raw
 * URL. A request that matched no route (404, 405) is API when its path,
 * decoded and normalised, would be: it still counts for the rate limit.
 */
export function decideApiRoute(request: FastifyRequest): boolean {
  return isApiPath(declaredPath(request) ?? normalisedPath(request.url));
}

/** Decoded (until stable), dot segments resolved, empty segments dropped, lower case. */
export function normalisedPath(url: string): string {
  let path = url.split('?')[0];
  for (let round = 0; round < 5; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      break;
    }
    if (decoded === path) break;
    path = decoded;
  }
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`.toLowerCase();
}
