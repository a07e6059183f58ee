import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { Settings, SettingsError } from './settings';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

function read(name: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new SettingsError(`${name} cannot be read: ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/**
 * The certificate and key of APP_TLS_CERT_PATH / APP_TLS_KEY_PATH, read and
 * checked once at start so that a wrong file stops it with one line naming
 * the variable (not at the first TLS handshake); undefined without TLS.
 */
export function readTlsFiles(settings: Settings): TlsFiles | undefined {
  const { certPath, keyPath } = settings.tls;
  if (!certPath) return undefined;
  const cert = read('APP_TLS_CERT_PATH', certPath);
  const key = read('APP_TLS_KEY_PATH', keyPath);
  try {
    new X509Certificate(cert);
  } catch {
    throw new SettingsError(`APP_TLS_CERT_PATH is not a PEM certificate: ${certPath}`);
  }
  try {
    createPrivateKey(key);
  } catch {
    throw new SettingsError(`APP_TLS_KEY_PATH is not a PEM private key (without a passphrase): ${keyPath}`);
  }
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    throw new SettingsError(`APP_TLS_KEY_PATH does not go with the certificate of APP_TLS_CERT_PATH (${(error as Error).message})`);
  }
  return { cert, key };
}
