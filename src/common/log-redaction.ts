import type { RouteRegistry } from './route-registry';

/** Path parameters that are credentials: auth, provisioning and creation tokens, recovery keys. */
const SECRET_PARAM = /token|password|secret|_key$|_code$/i;
/** Query parameters that are credentials: `password`, `code`, `api_key`, `account_creation_token` … */
const SECRET_QUERY = /password|code|key|token|secret/i;
const REDACTED = '[Redacted]';

interface SerializedRequest {
  method: string;
  url: string;
  query?: unknown;
  params?: unknown;
}

/**
 * pino-http's request serializer with the credentials of the URL redacted
 * (headers are redacted by the logger's `redact` paths).
 */
export function redactingRequestSerializer(routes: RouteRegistry) {
  return (req: SerializedRequest): SerializedRequest => {
    req.url = redactedUrl(req.method, req.url, routes);
    if (req.query !== undefined) req.query = redactedEntries(req.query, SECRET_QUERY);
    if (req.params !== undefined) req.params = redactedEntries(req.params, SECRET_PARAM);
    return req;
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

function redactedEntries(value: unknown, secret: RegExp): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([name, v]) => [name, secret.test(name) ? REDACTED : v]));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
