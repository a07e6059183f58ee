import type { Settings } from '../config/settings';
import { DigestAlgorithm, ha1 } from '../common/digest-hash';

/** The DIGEST realm of an account, also its password hashing realm: ACCOUNT_REALM, else its domain. */
export const passwordRealm = (settings: Settings, domain: string): string => settings.accountRealm ?? domain;

/** The stored form of a password: H(username:realm:password) (RFC 7616 HA1). */
export const hashPassword = (settings: Settings, algorithm: DigestAlgorithm, username: string, domain: string, password: string): string =>
  ha1(algorithm, username, passwordRealm(settings, domain), password);
