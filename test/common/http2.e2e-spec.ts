import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { ClientHttp2Session } from 'node:http2';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Account } from '../../src/account-core/entities/account.entity';
import { DigestAlgorithm } from '../../src/common/digest-hash';
import { DOMAIN, HOST, sleep, startApp, TestApp, waitForOutput } from '../support/app';
import { authorization } from '../support/digest-client';
import { AccountFixture, createAccount, createSpace } from '../support/fixtures';
import { h2Request, h2Session, https1, selfSignedCertificate, TlsResponse } from '../support/http2-client';

const MAIN = resolve(__dirname, '..', '..', 'dist', 'main.js');
const OTHER_DOMAIN = 'other.example.org';

/** The DIGEST challenges of a 401, whether HTTP/2 joined the header lines or not. */
function challengesOf(res: TlsResponse): Record<string, string>[] {
  const header = res.headers['www-authenticate'];
  const lines = (Array.isArray(header) ? header : [header ?? '']).flatMap((h) => h.split(/,\s*(?=Digest )/));
  return lines
    .filter((line) => line.startsWith('Digest '))
    .map((line) => Object.fromEntries([...line.matchAll(/(\w+)=(?:"([^"]*)"|([^,]*))/g)].map((m) => [m[1], m[2] ?? m[3]])));
}

/**
 * With APP_TLS_CERT_PATH and APP_TLS_KEY_PATH the port speaks TLS, HTTP/2
 * (ALPN h2, as Flexisip's statistics client) and HTTP/1.1, through the same
 * pipeline: Space from `:authority`, API keys, DIGEST, cookies, errors, log.
 */
describe('HTTP/2 and HTTP/1.1 over TLS on one port', () => {
  let dir: string;
  let cert: { cert: string; key: string };
  let t: TestApp;
  let admin: AccountFixture;
  let session: ClientHttp2Session;
  const tlsEnv = () => ({ APP_TLS_CERT_PATH: cert.cert, APP_TLS_KEY_PATH: cert.key });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flexiapi-h2-'));
    cert = selfSignedCertificate(dir);
    t = await startApp({ ...tlsEnv(), LOG_LEVEL: 'info' });
    await createSpace(t.db, OTHER_DOMAIN);
    admin = await createAccount(t.db, { username: 'admin', admin: true, apiKeyIp: '127.0.0.1' });
    session = await h2Session(t.url, cert.cert);
  });
  afterAll(async () => {
    session?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const asAdmin = (path: string, options: Parameters<typeof h2Request>[2] = {}) =>
    h2Request(session, path, { ...options, headers: { 'x-api-key': admin.apiKey, accept: 'application/json', ...options.headers } });

  describe('HTTP/2', () => {
    it('is what ALPN chooses for a client offering h2', async () => {
      const res = await h2Request(session, '/api/ping');
      expect([res.alpn, res.status, res.text]).toEqual(['h2', 200, 'pong']);
    });

    it('authenticates an API key bound to the client IP, in the Space of `:authority` (port or not)', async () => {
      const me = await asAdmin('/api/accounts/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: admin.account.id, username: 'admin', domain: DOMAIN });
      expect((await asAdmin('/api/accounts/me', { host: `${HOST}:${new URL(t.url).port}` })).status).toBe(200);
      // another Space's host: the admin of this one is refused there (deviation 7); an unknown host is not served
      expect((await asAdmin('/api/accounts/me', { host: OTHER_DOMAIN })).status).toBe(403);
      expect(await asAdmin('/api/accounts/me', { host: 'unknown.example.net' })).toMatchObject({
        status: 404,
        body: { message: 'Host not configured' },
      });
    });

    it('takes a JSON body: an admin creates an account', async () => {
      const res = await asAdmin('/api/accounts', {
        method: 'POST',
        body: { username: 'overh2', password: 'secret', algorithm: 'SHA-256' },
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ username: 'overh2', domain: DOMAIN });
      expect(await t.db.getRepository(Account).countBy({ username: 'overh2' })).toBe(1);
    });

    it('answers errors in the one JSON shape: 422, 400 Invalid JSON, 404, 405, 401', async () => {
      const invalid = await asAdmin('/api/accounts', { method: 'POST', body: {} });
      expect(invalid.status).toBe(422);
      expect(invalid.body).toMatchObject({ errors: { username: expect.any(Array) } });
      const malformed = await asAdmin('/api/accounts', {
        method: 'POST',
        body: '{"username":',
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.status).toBe(400);
      expect((malformed.body as { message: string }).message).toMatch(/^Invalid JSON/);
      expect(await asAdmin('/api/nowhere')).toMatchObject({ status: 404, body: { message: 'The route api/nowhere could not be found.' } });
      expect((await asAdmin('/api/ping', { method: 'DELETE' })).status).toBe(405);
      expect(await h2Request(session, '/api/accounts/me', { headers: { 'x-api-key': 'wrong' } })).toMatchObject({
        status: 401,
        body: { message: 'Invalid API Key' },
      });
    });

    it('runs a DIGEST handshake, hands out the API key cookie (Secure) and takes it back', async () => {
      const user = await createAccount(t.db, { username: 'digester', algorithms: ['MD5', 'SHA-256'] });
      const path = '/api/accounts/me/api_key';
      const from = { from: `sip:digester@${DOMAIN}` };
      const first = await h2Request(session, path, { headers: from });
      expect(first.status).toBe(401);
      const offered = challengesOf(first);
      expect(offered.map((c) => c.algorithm)).toEqual(['MD5', 'SHA-256']);
      const challenge = offered[1];
      const header = authorization({
        username: 'digester',
        password: user.password,
        realm: challenge.realm,
        nonce: challenge.nonce,
        opaque: challenge.opaque,
        method: 'GET',
        uri: path,
        algorithm: challenge.algorithm as DigestAlgorithm,
      });
      const answered = await h2Request(session, path, { headers: { ...from, authorization: header } });
      expect(answered.status).toBe(200);
      const cookie = ([] as string[]).concat(answered.headers['set-cookie'] ?? []).find((c) => c.startsWith('x-api-key='));
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      const me = await h2Request(session, '/api/accounts/me', { headers: { cookie: cookie!.split(';')[0] } });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ username: 'digester' });
    });

    it('serves concurrent streams of one session', async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, () => asAdmin('/api/accounts/me')));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(new Set(answers.map((a) => a.headers['x-request-id'])).size).toBe(20);
    });

    it('writes the request line with the host of `:authority` and the client address', async () => {
      const res = await h2Request(session, '/api/ping', { headers: { 'x-request-id': 'h2-log-line' } });
      expect(res.status).toBe(200);
      await waitForOutput(t.output, '"h2-log-line"');
      const line = JSON.parse(
        t
          .output()
          .split('\n')
          .find((l) => l.includes('"h2-log-line"'))!,
      );
      expect(line.req).toMatchObject({ method: 'GET', url: '/api/ping', host: HOST, remoteAddress: '127.0.0.1' });
    });
  });

  describe('HTTP/1.1 on the same port', () => {
    it('is what ALPN chooses for a client offering only http/1.1, and serves it the same', async () => {
      const res = await https1(t.url, cert.cert, '/api/accounts/me', { headers: { 'x-api-key': admin.apiKey } });
      expect([res.alpn, res.status]).toEqual(['http/1.1', 200]);
      expect(res.body).toMatchObject({ id: admin.account.id });
    });

    it('serves a client that offers no ALPN at all', async () => {
      const res = await https1(t.url, cert.cert, '/api/accounts', {
        method: 'POST',
        alpn: false,
        headers: { 'x-api-key': admin.apiKey, accept: 'application/json' },
        body: { username: 'overh1', password: 'secret', algorithm: 'SHA-256' },
      });
      expect([res.alpn, res.status]).toEqual([false, 200]);
      expect(res.body).toMatchObject({ username: 'overh1' });
    });

    it('does not speak plain HTTP on the TLS port', async () => {
      await expect(fetch(`http://127.0.0.1:${new URL(t.url).port}/api/ping`)).rejects.toThrow();
    });
  });

  describe('shutdown', () => {
    it('on SIGTERM closes idle HTTP/2 sessions and HTTP/1.1 connections, and finishes the requests in flight', async () => {
      const app = await startApp(tlsEnv());
      const idle = await h2Session(app.url, cert.cert);
      expect((await h2Request(idle, '/api/ping')).status).toBe(200);
      const idleGone = new Promise((r) => idle.once('close', r));
      // an HTTP/1.1 connection kept open after its answer
      const h1 = tlsConnect({
        host: '127.0.0.1',
        port: Number(new URL(app.url).port),
        ca: readFileSync(cert.cert),
        ALPNProtocols: ['http/1.1'],
      });
      let h1Text = '';
      h1.setEncoding('utf8');
      h1.on('data', (chunk: string) => (h1Text += chunk));
      const h1Closed = new Promise((r) => h1.once('close', r));
      await new Promise((r) => h1.once('secureConnect', r));
      h1.write(`GET /api/ping HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`);
      while (!h1Text.includes('pong')) await sleep(20);

      // a stream whose body is still on its way when the signal comes
      const busy = await h2Session(app.url, cert.cert);
      const inFlight = busy.request({
        ':method': 'POST',
        ':path': '/api/accounts/auth_token',
        ':authority': HOST,
        'content-type': 'application/json',
      });
      let status = 0;
      let body = '';
      inFlight.on('response', (h) => (status = Number(h[':status'])));
      inFlight.setEncoding('utf8');
      inFlight.on('data', (chunk: string) => (body += chunk));
      const answered = new Promise((r) => inFlight.once('end', r));
      inFlight.write('{');
      await sleep(300);

      const started = Date.now();
      const closed = app.close();
      await idleGone;
      await h1Closed;
      inFlight.end('}');
      await answered;
      expect(status).toBe(201);
      expect(JSON.parse(body)).toEqual(expect.objectContaining({ token: expect.any(String) }));
      await closed;
      // without the GOAWAY the idle session would hold the process for the session timeout (72 s)
      expect(Date.now() - started).toBeLessThan(10_000);
      busy.close();
    }, 30_000);
  });
});

describe('TLS settings at start', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flexiapi-tls-start-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, [MAIN], {
      cwd: dir,
      env: { PATH: process.env.PATH, APP_PORT: '1', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it.each([
    ['APP_TLS_KEY_PATH', { APP_TLS_CERT_PATH: '/etc/hostname' }],
    ['APP_TLS_CERT_PATH', { APP_TLS_KEY_PATH: '/etc/hostname' }],
    ['APP_TLS_CERT_PATH', { APP_TLS_CERT_PATH: '/nonexistent/cert.pem', APP_TLS_KEY_PATH: '/nonexistent/key.pem' }],
    ['APP_TLS_CERT_PATH', { APP_TLS_CERT_PATH: '/etc/hostname', APP_TLS_KEY_PATH: '/etc/hostname' }],
  ])('stops with one line naming %s', (name, env) => {
    const result = start(env);
    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
  });

  it('stops with one line naming APP_TLS_KEY_PATH when the key is not a key, or not the certificate’s', () => {
    const made = selfSignedCertificate(dir);
    const notKey = join(dir, 'not-a-key.pem');
    writeFileSync(notKey, 'not a key\n');
    const other = mkdtempSync(join(dir, 'other-'));
    const otherKey = selfSignedCertificate(other).key;
    for (const key of [notKey, otherKey]) {
      const result = start({ APP_TLS_CERT_PATH: made.cert, APP_TLS_KEY_PATH: key });
      expect(result.status).toBe(1);
      const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('APP_TLS_KEY_PATH');
    }
  });
});
