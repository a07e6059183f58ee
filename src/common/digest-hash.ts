import { createHash } from 'node:crypto';

/**
 * The password and DIGEST algorithms, the one list every rule, DTO and
 * setting reads, with the hashes a stored password is made of. Here, below
 * settings' readers and the account core, so that neither imports auth.
 */
export const DIGEST_ALGORITHMS = ['MD5', 'SHA-256'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

export function hash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(text, 'utf8')
    .digest('hex');
}

/** HA1 = H(username:realm:password), also the stored password form. */
export function ha1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return hash(algorithm, `${username}:${realm}:${password}`);
}
