import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Stateless DIGEST nonces (deviation 24): `<issue time><salt><mac>`, all
 * lower-case hex, so a challenge writes nothing. The MAC (HMAC-SHA256, key
 * APP_KEY, cut to 96 bits) covers the time, the salt and the account the
 * challenge named, so a nonce cannot be back-dated nor used for another
 * account. The salt keeps two challenges of one second apart (two devices of
 * one account must not share a nonce and its count).
 */

const TIME = 8; // hex digits of the issue time in seconds (until 2106)
const SALT = 8;
const MAC = 24;
const SHAPE = new RegExp(`^[0-9a-f]{${TIME + SALT + MAC}}$`);

function mac(key: string, head: string, accountId: number): string {
  return createHmac('sha256', key).update(`${head}:${accountId}`).digest('hex').slice(0, MAC);
}

export function issueNonce(key: string, accountId: number, nowSeconds: number, salt = randomBytes(SALT / 2).toString('hex')): string {
  const head = Math.floor(nowSeconds).toString(16).padStart(TIME, '0') + salt;
  return head + mac(key, head, accountId);
}

/** The issue time (seconds) of a nonce this server made for this account, else undefined. */
export function nonceIssuedAt(key: string, accountId: number, nonce: string): number | undefined {
  if (!SHAPE.test(nonce)) return undefined;
  const head = nonce.slice(0, TIME + SALT);
  const expected = Buffer.from(mac(key, head, accountId));
  if (!timingSafeEqual(expected, Buffer.from(nonce.slice(TIME + SALT)))) return undefined;
  return parseInt(nonce.slice(0, TIME), 16);
}

/** Older than the lifetime; a nonce from a clock a little ahead (another instance) is not expired. */
export function nonceExpired(issuedAt: number, nowSeconds: number, lifetimeSeconds: number): boolean {
  return nowSeconds - issuedAt > lifetimeSeconds;
}
