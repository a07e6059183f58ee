import { createHmac, hkdfSync } from 'node:crypto';

/**
 * What DIGEST derives from APP_KEY, once at start. Neither reveals the key
 * (an operator's PHP panel may still run with it): the opaque is the value of
 * deviation 32, the nonce key signs nonces and serves nothing else (HKDF,
 * RFC 5869, with a label of its own), so knowing the opaque forges no nonce.
 */
export interface DigestKeys {
  /** unpadded Base64url of HMAC-SHA256(APP_KEY, "flexiapi digest opaque") */
  opaque: string;
  nonceKey: Buffer;
}

export function digestKeys(appKey: string): DigestKeys {
  return {
    opaque: createHmac('sha256', appKey).update('flexiapi digest opaque').digest('base64url'),
    nonceKey: Buffer.from(hkdfSync('sha256', appKey, '', 'flexiapi digest nonce', 32)),
  };
}
