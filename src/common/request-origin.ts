import type { FastifyRequest } from 'fastify';

/** Who sent a request, as rows record it (`ip`, `user_agent` columns). */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** The longest IPv6 text; the `ip` columns' size. */
export const IP_MAX_LENGTH = 45;
/** Fits every `user_agent` column (the reference's are `varchar(255)`, ours 256). */
export const USER_AGENT_MAX_LENGTH = 255;

/** At most `max` characters, never half of a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]) ? max - 1 : max;
  return text.slice(0, end);
}

/**
 * The request's IP and User-Agent, cut to their columns: a long header is
 * not an error (MySQL/MariaDB refuse what does not fit, SQLite keeps it). An
 * absent or empty header is null.
 */
export function requestOrigin(request: FastifyRequest): RequestOrigin {
  const agent = request.headers['user-agent'];
  return {
    ip: request.ip ? cut(request.ip, IP_MAX_LENGTH) : null,
    userAgent: typeof agent === 'string' && agent !== '' ? cut(agent, USER_AGENT_MAX_LENGTH) : null,
  };
}
