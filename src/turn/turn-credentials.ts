import { createHmac } from 'node:crypto';
import { randomToken } from '../common/random';
import type { Settings } from '../config/settings';

/** A time-limited TURN credential pair (draft-uberti-behave-turn-rest-00 §2.2). */
export interface TurnCredentials {
  username: string;
  password: string;
  /** seconds */
  ttl: number;
  uris: string[];
}

type TurnSettings = Pick<Settings, 'coturnServerHost' | 'coturnStaticAuthSecret' | 'coturnSessionTtlMinutes'>;

/** misc.md §TURN: a positive session length, a host and a shared secret. */
export const turnConfigured = (settings: TurnSettings): boolean =>
  settings.coturnSessionTtlMinutes > 0 && settings.coturnServerHost !== '' && settings.coturnStaticAuthSecret !== '';

/**
 * The password the TURN server recomputes from the username with the secret
 * it shares with us (coturn's `static-auth-secret`): standard Base64 of the
 * raw HMAC-SHA1 digest.
 */
export const turnPassword = (secret: string, username: string): string =>
  createHmac('sha1', secret).update(username, 'utf8').digest('base64');

/**
 * username = `<expiry unix time>:<16 random characters>`: the TURN server
 * refuses it after the expiry; the random part is not the account's name, so
 * the credential does not tell who uses it.
 */
export function turnCredentials(settings: TurnSettings, nowMs: number = Date.now(), random: string = randomToken(16)): TurnCredentials {
  const ttl = settings.coturnSessionTtlMinutes * 60;
  const username = `${Math.floor(nowMs / 1000) + ttl}:${random}`;
  return { username, password: turnPassword(settings.coturnStaticAuthSecret, username), ttl, uris: [`turn:${settings.coturnServerHost}`] };
}
