import jwt from 'jsonwebtoken';
import { request as httpRequest } from 'node:http';
import { freePort, startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, createValidatedAccount, http } from '../support/fixtures';
import { digestGet } from '../support/digest-client';
import { rsaPair } from '../support/jwt';
import { FakePusher, fakePusher } from '../support/pusher';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { DaemonStandIn, startDaemonStandIn } from '../support/linphone-daemon';

const mysql = process.env.DB_CONNECTION === 'mysql';

/** One sample's value, by its family and exact labels as prom-client writes them; undefined when absent. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** A GET on 127.0.0.1:port: its status, or the connection error's code. */
function probe(port: number, path = '/metrics', host?: string): Promise<{ status?: number; body?: string; type?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: host ? { host } : {}, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body, type: res.headers['content-type'] }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code }));
    req.end();
  });
}

/** Issue 18 item 4: Prometheus metrics on their own listener, off by default. */
describe('GET /metrics (METRICS_ENABLED=true)', () => {
  const keys = rsaPair();
  let t: TestApp;
  let pusher: FakePusher;
  let metricsPort: number;
  let smtp: SmtpSink;
  let daemon: DaemonStandIn;
  let user: AccountFixture;
  let admin: AccountFixture;
  /** old enough to ask for an email change */
  let validated: AccountFixture;
  beforeAll(async () => {
    pusher = fakePusher();
    smtp = await startSmtpSink();
    daemon = await startDaemonStandIn();
    metricsPort = await freePort();
    t = await startApp({
      ...pusher.env,
      METRICS_ENABLED: 'true',
      METRICS_PORT: String(metricsPort),
      JWT_RSA_PUBLIC_KEY_PEM: keys.publicKey,
      MAIL_HOST: '127.0.0.1',
      MAIL_PORT: String(smtp.port),
      APP_LINPHONE_DAEMON_UNIX_PATH: daemon.path,
    });
    user = await createAccount(t.db, { email: 'metrics@example.com' });
    admin = await createAccount(t.db, { admin: true });
    validated = await createValidatedAccount(t.db);
  });
  afterAll(async () => {
    await t.close();
    pusher.close();
    await smtp.close();
    await daemon.close();
  });

  it('after some traffic, has the request, database, auth, dependency and process families with route patterns as labels', async () => {
    const api = http(t);
    // DIGEST: a challenge, then a login
    expect((await digestGet(api, user, '/api/accounts/me')).status).toBe(200);
    // API key: a success, a refusal (403 on /api/accounts/:id, with an id in the URL), a wrong key
    expect((await api.get('/api/accounts/me').set('x-api-key', user.apiKey)).status).toBe(200);
    expect((await api.get(`/api/accounts/${user.account.id}`).set('x-api-key', user.apiKey)).status).toBe(403);
    expect((await api.get('/api/accounts/me').set('x-api-key', 'not-a-key')).status).toBe(401);
    // JWT
    const token = jwt.sign({ email: 'metrics@example.com' }, keys.privateKey, { algorithm: 'RS256' });
    expect((await api.get('/api/accounts/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    // a 404 whose URL carries a token-like segment
    expect((await api.get('/api/no-such-route/secret-token-abc')).status).toBe(404);
    // the pusher, and the registrar's Redis (devices)
    const push = { pn_provider: 'fcm', pn_param: 'p', pn_prid: 'device-1', type: 'message' };
    expect((await api.post('/api/push_notification').set('x-api-key', user.apiKey).send(push)).status).toBe(200);
    expect((await api.get('/api/accounts/me/devices').set('x-api-key', user.apiKey)).status).toBe(200);
    // SMTP (a code mail) and the linphone daemon (a message)
    expect(
      (await api.post('/api/accounts/me/email/request').set('x-api-key', validated.apiKey).send({ email: 'new@example.com' })).status,
    ).toBe(200);
    await smtp.next('new@example.com');
    expect((await api.post('/api/messages').set('x-api-key', admin.apiKey).send({ to: 'bob@sip.example.org', body: 'Hello' })).status).toBe(
      200,
    );

    const res = await probe(metricsPort);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body!;

    const requests = 'flexiapi_http_requests_total';
    expect(sample(text, requests, 'method="GET",route="/api/accounts/me",status="200"')).toBe(3);
    expect(sample(text, requests, 'method="GET",route="/api/accounts/:id",status="403"')).toBe(1);
    expect(sample(text, requests, 'method="GET",route="unmatched",status="404"')).toBe(1);
    expect(sample(text, requests, 'method="POST",route="/api/push_notification",status="200"')).toBe(1);
    expect(sample(text, 'flexiapi_http_request_duration_seconds_count', 'method="GET",route="/api/accounts/me",status="200"')).toBe(3);
    expect(
      sample(text, 'flexiapi_http_request_duration_seconds_bucket', 'le="+Inf",method="GET",route="/api/accounts/me",status="200"'),
    ).toBe(3);

    // route labels are declared patterns: no id, token or key from a URL
    const routes = [...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      expect(route === 'unmatched' || /^(\/([a-z0-9_.-]+|:[a-zA-Z_]+))+$/.test(route)).toBe(true);
      expect(route).not.toMatch(/\/\d+(\/|$)/);
    }
    expect(text).not.toContain('secret-token-abc');
    expect(text).not.toContain(user.apiKey);

    const auth = 'flexiapi_auth_attempts_total';
    expect(sample(text, auth, 'method="digest",outcome="challenge"')).toBe(1);
    expect(sample(text, auth, 'method="digest",outcome="success"')).toBe(1);
    // /me, /:id (authenticated, then refused), the push, the devices, the email, the message
    expect(sample(text, auth, 'method="api_key",outcome="success"')).toBe(6);
    expect(sample(text, auth, 'method="api_key",outcome="failure"')).toBe(1);
    expect(sample(text, auth, 'method="jwt",outcome="success"')).toBe(1);

    const dependencies = 'flexiapi_dependency_calls_total';
    expect(sample(text, dependencies, 'dependency="pusher",outcome="success"')).toBe(1);
    expect(sample(text, dependencies, 'dependency="redis",outcome="success"')).toBe(1);
    expect(sample(text, dependencies, 'dependency="smtp",outcome="success"')).toBe(1);
    expect(sample(text, dependencies, 'dependency="daemon",outcome="success"')).toBe(1);

    expect(sample(text, 'flexiapi_db_query_duration_seconds_count', 'kind="read",outcome="success"')).toBeGreaterThan(0);
    expect(sample(text, 'flexiapi_db_query_duration_seconds_count', 'kind="write",outcome="success"')).toBeGreaterThan(0);
    // mysql2's pool; SQLite has none
    if (mysql) {
      expect(sample(text, 'flexiapi_db_pool_connections', 'state="total"')).toBeGreaterThan(0);
      expect(sample(text, 'flexiapi_db_pool_connections', 'state="waiting"')).toBe(0);
    } else {
      expect(text).not.toMatch(/^flexiapi_db_pool_connections\{/m);
    }
    // collectDefaultMetrics
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
  });

  it('is a 404 on the application port, by a Space Host and by 127.0.0.1; its listener serves /metrics only', async () => {
    expect((await http(t).get('/metrics')).status).toBe(404);
    const port = Number(new URL(t.url).port);
    expect((await probe(port, '/metrics', '127.0.0.1')).status).toBe(404);
    expect((await probe(metricsPort, '/api/ping')).status).toBe(404);
    expect((await probe(metricsPort, '/metrics?x=1')).status).toBe(200);
  });
});

describe('metrics off (the default)', () => {
  let t: TestApp;
  let metricsPort: number;
  beforeAll(async () => {
    metricsPort = await freePort();
    // the port is set but METRICS_ENABLED is not: nothing listens on it
    t = await startApp({ METRICS_PORT: String(metricsPort) });
  });
  afterAll(() => t.close());

  it('opens no listener, and /metrics is a 404 on the application port', async () => {
    expect((await http(t).get('/api/ping')).status).toBe(200);
    expect(await probe(metricsPort)).toEqual({ error: 'ECONNREFUSED' });
    expect((await http(t).get('/metrics')).status).toBe(404);
  });
});
