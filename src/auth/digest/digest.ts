import { timingSafeEqual } from 'node:crypto';
import { DIGEST_ALGORITHMS, DigestAlgorithm, hash } from '../../common/digest-hash';

/** RFC 7616 server side: the pure maths and parsing, no I/O. */

/** RFC 7616 §3.4.1 response for qop=auth. */
export function digestResponse(
  algorithm: DigestAlgorithm,
  params: { ha1: string; method: string; uri: string; nonce: string; nc: string; cnonce: string; qop: string },
): string {
  const ha2 = hash(algorithm, `${params.method}:${params.uri}`);
  return hash(algorithm, `${params.ha1}:${params.nonce}:${params.nc}:${params.cnonce}:${params.qop}:${ha2}`);
}

/** Constant-time equality of two strings (length differences still return false). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

export const DIGEST_PARAMS = ['realm', 'username', 'nonce', 'uri', 'nc', 'cnonce', 'qop', 'response', 'opaque', 'algorithm'] as const;
export type DigestParams = Partial<Record<(typeof DIGEST_PARAMS)[number], string>>;

/**
 * Parses `Digest k=v, k="v", …` as the reference does: a value may be quoted
 * with `"` or `'` and ends at the first quote or comma; a later duplicate wins.
 * Returns undefined when the header is not a Digest one.
 */
export function parseAuthorization(header: string | undefined): DigestParams | undefined {
  if (!header || !/^\s*digest\s/i.test(header)) return undefined;
  const params: DigestParams = {};
  // reference: `name=['"]?([^'",]+)`, so a quoted value also ends at a comma or the other quote
  const pattern = /(\w+)=(["']?)([^"',]*)/g;
  let match: RegExpExecArray | null;
  const body = header.replace(/^\s*digest\s+/i, '');
  while ((match = pattern.exec(body)) !== null) {
    const name = match[1].toLowerCase() as (typeof DIGEST_PARAMS)[number];
    if ((DIGEST_PARAMS as readonly string[]).includes(name)) {
      params[name] = match[2] ? match[3] : match[3].trim();
    }
  }
  params.algorithm ??= 'MD5';
  return params;
}

/** `From: sip:user@domain;tag=…` → identity; the display-name form is not supported (reference). */
export function parseFrom(header: string | undefined): { username: string; domain: string } | undefined {
  if (!header) return undefined;
  let uri = header.split(';')[0];
  try {
    uri = decodeURIComponent(uri);
  } catch {
    // malformed escapes are kept as they are
  }
  const parts = uri.slice(4).split('@');
  if (parts.length < 2) return undefined;
  return { username: parts[0], domain: parts[1] };
}

/** `nc` is 8 hex digits; anything unreadable counts as 0 (never greater than a stored count). */
export function parseNc(nc: string | undefined): number {
  if (!nc || !/^[0-9a-fA-F]{1,8}$/.test(nc)) return 0;
  return parseInt(nc, 16);
}

/** `stale=true` (RFC 7616 §3.3, unquoted) tells the client to retry with the new nonce without asking the user. */
export function challenge(realm: string, algorithm: DigestAlgorithm, nonce: string, opaque: string, stale = false): string {
  return `Digest realm="${realm}",qop="auth",algorithm=${algorithm},nonce="${nonce}",opaque="${opaque}"${stale ? ',stale=true' : ''}`;
}

/** One challenge per algorithm the account has a password for; CLRTXT offers both. */
export function challengeAlgorithms(passwordAlgorithms: string[]): DigestAlgorithm[] {
  const out: DigestAlgorithm[] = [];
  for (const algorithm of passwordAlgorithms) {
    if (algorithm === 'CLRTXT') return [...DIGEST_ALGORITHMS];
    if ((DIGEST_ALGORITHMS as readonly string[]).includes(algorithm)) out.push(algorithm as DigestAlgorithm);
  }
  return out;
}
