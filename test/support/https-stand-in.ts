import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HttpsStandIn {
  /** `https://127.0.0.1:<port>` */
  url: string;
  /** the self-signed certificate: give its path to the server as NODE_EXTRA_CA_CERTS */
  caFile: string;
  /** every request received: method, path and body text */
  received: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made by openssl in
 * `dir` for one test only: the paths of its PEM files.
 */
export function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/**
 * A local HTTPS server standing in for an outside service (hCaptcha's
 * siteverify), with a self-signed certificate for 127.0.0.1 and localhost
 * made by openssl for this test only.
 */
export async function startHttpsStandIn(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<HttpsStandIn> {
  const dir = mkdtempSync(join(tmpdir(), 'stand-in-'));
  const { key, cert } = selfSignedCertificate(dir);
  const received: HttpsStandIn['received'] = [];
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}`,
    caFile: cert,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
