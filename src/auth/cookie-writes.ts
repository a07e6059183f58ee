import type { FastifyRequest } from 'fastify';
import { forbidden } from '../common/errors';
import { mergedInput } from '../common/input';

/** What the pipeline parses as JSON; none of the CORS-simple types (form, multipart, text/plain) is one. */
const JSON_TYPE = /^[\w.+-]+\/([\w.+-]+\+)?json/i;

/** The hostname of an origin or of a `host[:port]`; undefined when unreadable (e.g. `Origin: null`). */
function hostnameOf(hostOrOrigin: string): string | undefined {
  try {
    return new URL(hostOrOrigin.includes('://') ? hostOrOrigin : `http://${hostOrOrigin}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Deviation 25: browsers send the `x-api-key` cookie with requests other
 * sites make (form posts, simple fetches). A write authenticated by the
 * cookie alone must be one no other site can make: a JSON content type,
 * which a cross-origin page cannot send without a CORS preflight (never
 * granted: no CORS headers), and, when the browser names it, the Space's own
 * origin. Such a write reads its body alone: a query string stands in for
 * nothing, as a link or an image could carry it.
 */
export function checkCookieWrite(request: FastifyRequest, changesState: boolean): void {
  if ((request.method === 'GET' || request.method === 'HEAD') && !changesState) return;
  if (!JSON_TYPE.test(request.headers['content-type'] ?? '')) {
    throw forbidden('A request authenticated by the x-api-key cookie must have a JSON content type');
  }
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const host = hostnameOf(origin);
    if (!host || !request.space || host !== hostnameOf(request.space.host)) {
      throw forbidden('A request authenticated by the x-api-key cookie must come from the Space host');
    }
  }
  request.body = mergedInput({}, request.bodyWithoutQuery);
}
