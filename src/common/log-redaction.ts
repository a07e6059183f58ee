import type { FastifyRequest } from 'fastify';
import type { RouteRegistry } from './route-registry';

/** Path parameters that are credentials: auth, provisioning and creation tokens, recovery keys. */
const SECRET_PARAM = /token|password|secret|_key$|_code$/i;
/** Query parameters that are credentials: `password`, `code`, `api_key`, `account_creation_token` … */
const SECRET_QUERY = /password|code|key|token|secret/i;
const REDACTED = '[Redacted]';

/**
 * The request's URL for the log, its credentials redacted. The path is
 * looked up again only when the matched route has a secret parameter, or
 * when no route matched (its text may still name one in another encoding).
 */
export function urlRedactor(routes: RouteRegistry): (request: FastifyRequest) => string {
  const secretRoutes = new Map<string, boolean>();
  const hasSecret = (declared: string): boolean => {
    let secret = secretRoutes.get(declared);
    if (secret === undefined) {
      secret = [...declared.matchAll(/:(\w+)/g)].some(([, name]) => SECRET_PARAM.test(name));
      secretRoutes.set(declared, secret);
    }
    return secret;
  };
  return (request) => {
    const url = request.url;
    const declared = request.is404 ? undefined : request.routeOptions.url;
    if (declared === undefined || hasSecret(declared)) return redactedUrl(request.method, url, routes);
    const q = url.indexOf('?');
    return q === -1 ? url : `${url.slice(0, q)}?${redactedQueryString(url.slice(q + 1))}`;
  };
}

export function redactedUrl(method: string, url: string, routes: RouteRegistry): string {
  const q = url.indexOf('?');
  if (q === -1) return redactedPath(method, url, routes);
  return `${redactedPath(method, url.slice(0, q), routes)}?${redactedQueryString(url.slice(q + 1))}`;
}

function redactedPath(method: string, path: string, routes: RouteRegistry): string {
  // a HEAD is routed as its GET
  const match = routes.lookup(method === 'HEAD' ? 'GET' : method, path);
  if (!match || !Object.keys(match.params).some((name) => SECRET_PARAM.test(name))) return path;
  // rebuilt from the declared path: the raw URL may spell the secret in many encodings
  return match.path.replace(/:(\w+)/g, (_m, name: string) => (SECRET_PARAM.test(name) ? REDACTED : segment(match.params[name] ?? '')));
}

/** A decoded parameter written back as a path segment (`user@domain` stays readable). */
const segment = (value: string): string => encodeURI(value).replace(/[/?#]/g, encodeURIComponent);

function redactedQueryString(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0];
      return SECRET_QUERY.test(safeDecode(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
