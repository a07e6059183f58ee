import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Stateless DIGEST nonces (deviation 24): `<issue time><salt><mac>`, all
 * lower-case hex, so a challenge writes nothing. The MAC (HMAC-SHA256 with
 * the nonce key derived from APP_KEY, digest-keys.ts, cut to 96 bits) covers
 * the time, the salt and the account the challenge named, so a nonce cannot
 * be back-dated nor used for another account. The salt keeps two challenges
 * of one second apart (two devices of one account must not share a nonce and
 * its count).
 */

/** the nonce signing key (derived from APP_KEY: digest-keys.ts) */
export type NonceKey = string | Buffer;

const TIME = 8; // hex digits of the issue time in seconds (until 2106)
const SALT = 8;
const MAC = 24;
const SHAPE = new RegExp(`^[0-9a-f]{${TIME + SALT + MAC}}$`);

function mac(key: NonceKey, head: string, accountId: number): string {
  return createHmac('sha256', key).update(`${head}:${accountId}`).digest('hex').slice(0, MAC);
}

export function issueNonce(key: NonceKey, accountId: number, nowSeconds: number, salt = randomBytes(SALT / 2).toString('hex')): string {
  const head = Math.floor(nowSeconds).toString(16).padStart(TIME, '0') + salt;
  return head + mac(key, head, accountId);
}

/** The issue time (seconds) of a nonce this server made for this account, else undefined. */
export function nonceIssuedAt(key: NonceKey, accountId: number, nonce: string): number | undefined {
  if (!SHAPE.test(nonce)) return undefined;
  const head = nonce.slice(0, TIME + SALT);
  const expected = Buffer.from(mac(key, head, accountId));
  if (!timingSafeEqual(expected, Buffer.from(nonce.slice(TIME + SALT)))) return undefined;
  return parseInt(nonce.slice(0, TIME), 16);
}

/** How far ahead of this clock another instance's may be (nonces, digest:clear-nonces' cut-off). */
export const CLOCK_SKEW_SECONDS = 5;

/**
 * Dated ahead of this clock by more than the skew allowed: such a nonce is
 * not one of ours (issue 15: one dated 2100 would never expire).
 */
export function nonceFromFuture(issuedAt: number, nowSeconds: number): boolean {
  return issuedAt > nowSeconds + CLOCK_SKEW_SECONDS;
}

/** Older than the lifetime; a nonce from a clock a little ahead (another instance) is not expired. */
export function nonceExpired(issuedAt: number, nowSeconds: number, lifetimeSeconds: number): boolean {
  return nowSeconds - issuedAt > lifetimeSeconds;
}
