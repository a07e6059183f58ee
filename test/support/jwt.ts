import { generateKeyPairSync } from 'node:crypto';

/** An RSA key pair in PEM: the public half is what JWT_RSA_PUBLIC_KEY_PEM takes, the private half signs RS256 tokens. */
export function rsaPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}
