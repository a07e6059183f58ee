import request from 'supertest';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { digestResponse } from '../../src/auth/digest/digest';
import { DigestAlgorithm, ha1 } from '../../src/common/digest-hash';
import { APP_KEY } from './app';
import { AccountFixture } from './fixtures';

/** The test server's opaque, computed here as auth.md §3.2 states it (deviation 32). */
export const OPAQUE = createHmac('sha256', APP_KEY).update('flexiapi digest opaque').digest('base64url');

/** The key that signs the test server's nonces: HKDF-SHA256 of APP_KEY, for that purpose only (docs/decisions.md). */
export const NONCE_KEY = Buffer.from(hkdfSync('sha256', APP_KEY, '', 'flexiapi digest nonce', 32));

/** The `From` header a SIP client sends to name its account (auth.md §3.1). */
export const fromOf = (f: AccountFixture) => `sip:${f.account.username}@${f.account.domain}`;

/**
 * Every `WWW-Authenticate` header, one entry per header line (Node joins
 * repeated headers into one comma-separated value in `res.headers`).
 */
export function wwwAuthenticate(res: request.Response): string[] {
  const raw = (res as unknown as { res?: { rawHeaders?: string[] } }).res?.rawHeaders ?? [];
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i].toLowerCase() === 'www-authenticate') out.push(raw[i + 1]);
  return out;
}

/** Reads the challenges of a 401 (or of a successful DIGEST answer). */
export function challenges(res: request.Response): Record<string, string>[] {
  return wwwAuthenticate(res).map((header) => {
    const out: Record<string, string> = {};
    for (const m of header.replace(/^Digest /, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,]*))/g)) out[m[1]] = m[2] ?? m[3];
    return out;
  });
}

/** The `Authorization: Digest …` header a SIP client would send. */
export function authorization(options: {
  username: string;
  password: string;
  realm: string;
  nonce: string;
  opaque: string;
  method: string;
  uri: string;
  nc?: number;
  algorithm?: DigestAlgorithm;
  cnonce?: string;
  overrides?: Record<string, string | undefined>;
}): string {
  const algorithm = options.algorithm ?? 'MD5';
  const nc = (options.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = options.cnonce ?? randomBytes(8).toString('hex');
  const response = digestResponse(algorithm, {
    ha1: ha1(algorithm, options.username, options.realm, options.password),
    method: options.method,
    uri: options.uri,
    nonce: options.nonce,
    nc,
    cnonce,
    qop: 'auth',
  });
  const params: Record<string, string | undefined> = {
    username: options.username,
    realm: options.realm,
    nonce: options.nonce,
    uri: options.uri,
    algorithm,
    qop: 'auth',
    nc,
    cnonce,
    response,
    opaque: options.opaque,
    ...options.overrides,
  };
  return (
    'Digest ' +
    Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => (k === 'algorithm' || k === 'qop' || k === 'nc' ? `${k}=${v}` : `${k}="${v}"`))
      .join(', ')
  );
}

/**
 * A GET through DIGEST as a SIP client does it: a first request for the
 * challenge, then the answer (nc 1) with the challenge's algorithm unless told.
 * `prepare` adds headers to both requests.
 */
export async function digestGet(
  client: { get: (path: string, host?: string) => request.Test },
  f: AccountFixture,
  path: string,
  options: { algorithm?: DigestAlgorithm; realm?: string; prepare?: (test: request.Test) => request.Test; host?: string } = {},
): Promise<request.Response> {
  const prepare = options.prepare ?? ((test: request.Test) => test);
  const first = await prepare(client.get(path, options.host).set('From', fromOf(f)));
  if (first.status !== 401) return first;
  const challenge = challenges(first).find((c) => !options.algorithm || c.algorithm === options.algorithm) ?? challenges(first)[0];
  if (!challenge) return first;
  const header = authorization({
    username: f.account.username,
    password: f.password,
    realm: options.realm ?? challenge.realm,
    nonce: challenge.nonce,
    opaque: challenge.opaque,
    method: 'GET',
    uri: path,
    algorithm: (options.algorithm ?? challenge.algorithm) as DigestAlgorithm,
  });
  return prepare(client.get(path, options.host).set('From', fromOf(f)).set('Authorization', header));
}
