import { generateKeyPairSync, sign } from 'node:crypto';

/** An RSA key pair in PEM: the public half is what JWT_RSA_PUBLIC_KEY_PEM takes, the private half signs RS256 tokens. */
export function rsaPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/**
 * A correctly signed RS256 token whose header and payload are the given JSON
 * texts as they are (libraries refuse to sign a payload that is not an object).
 */
export function signRawRs256(payloadJson: string, privateKey: string, headerJson = '{"alg":"RS256","typ":"JWT"}'): string {
  const part = (json: string) => Buffer.from(json, 'utf8').toString('base64url');
  const signingInput = `${part(headerJson)}.${part(payloadJson)}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url')}`;
}
