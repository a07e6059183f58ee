#!/usr/bin/env node
/**
 * `npm run bench`: the built server in its own process, loaded by autocannon
 * from this one, on SQLite and on MariaDB. Prints requests/s and p50/p99.
 *
 * BENCH_ENGINES=sqlite,mysql  BENCH_DURATION=10 (s)  BENCH_CONNECTIONS=10
 * BENCH_SIZES=100000,1000000 (accounts seeded for the admin list/search runs)
 */
const { spawn, execFileSync } = require('node:child_process');
const { createHash, randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');

const ROOT = join(__dirname, '..');
const DOMAIN = 'sip.example.org';
const HOST = 'localhost';
const API_KEY = 'bench'.padEnd(40, 'k');
const APP_KEY = 'base64:YmVuY2g=';
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,mysql').split(',').filter(Boolean);
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').filter(Boolean).map(Number);

const results = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function cli(env, ...args) {
  return execFileSync(process.execPath, [join(ROOT, 'dist', 'console', 'cli.js'), ...args], {
    cwd: env.BENCH_CWD,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  }).trim();
}

async function startServer(env) {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: env.BENCH_CWD,
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${env.APP_PORT}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/api/ping`)).ok) return { child, url };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('server did not start');
}

function run(engine, name, url, options) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections: CONNECTIONS, duration: DURATION, headers: { host: HOST }, ...options },
      (error, result) => {
        if (error) return reject(error);
        const row = {
          engine,
          scenario: name,
          'req/s': Math.round(result.requests.average),
          'p50 ms': result.latency.p50,
          'p99 ms': result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
        };
        results.push(row);
        console.log(`${engine.padEnd(7)} ${name.padEnd(42)} ${String(row['req/s']).padStart(7)} req/s  p50 ${row['p50 ms']} ms  p99 ${row['p99 ms']} ms  non-2xx ${row.non2xx}`);
        resolve();
      },
    );
  });
}

const md5 = (s) => createHash('md5').update(s).digest('hex');
const sha256 = (s) => createHash('sha256').update(s).digest('hex');

/** One nonce per connection, nc counting up: what a SIP client does. */
async function digestRequests(url, path, algorithm) {
  const H = algorithm === 'MD5' ? md5 : sha256;
  const ha1 = H(`bench:${DOMAIN}:benchpass`);
  const nonces = [];
  for (let i = 0; i < CONNECTIONS * 2; i++) {
    const res = await fetch(`${url}${path}`, { headers: { host: HOST, from: `sip:bench@${DOMAIN}` } });
    const header = res.headers.get('www-authenticate') ?? '';
    nonces.push({ nonce: /nonce="([^"]+)"/.exec(header)[1], opaque: /opaque="([^"]+)"/.exec(header)[1] });
  }
  return [
    {
      method: 'GET',
      path,
      setupRequest(request, context) {
        context.digest ??= { ...nonces.pop(), nc: 0 };
        const d = context.digest;
        d.nc += 1;
        const nc = d.nc.toString(16).padStart(8, '0');
        const cnonce = randomBytes(8).toString('hex');
        const response = H(`${ha1}:${d.nonce}:${nc}:${cnonce}:auth:${H(`GET:${path}`)}`);
        request.headers = {
          ...request.headers,
          from: `sip:bench@${DOMAIN}`,
          authorization: `Digest username="bench", realm="${DOMAIN}", nonce="${d.nonce}", uri="${path}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}", opaque="${d.opaque}"`,
        };
        return request;
      },
    },
  ];
}

async function benchEngine(engine) {
  const dir = mkdtempSync(join(tmpdir(), 'flexiapi-bench-'));
  const schema = `flexiapi_bench_${randomBytes(3).toString('hex')}`;
  const env = {
    BENCH_CWD: dir,
    APP_KEY,
    APP_PORT: String(await freePort()),
    APP_SIP_DOMAIN: DOMAIN,
    APP_DEFAULT_HOST: HOST,
    APP_API_RATE_LIMIT_PER_MINUTE: '0',
    ACCOUNT_DEFAULT_PASSWORD_ALGORITHM: 'SHA-256',
    DB_CONNECTION: engine,
    DB_DATABASE: engine === 'mysql' ? schema : join(dir, 'bench.sqlite'),
  };
  let server;
  try {
    cli(env, 'db:migrate');
    cli(env, 'spaces:create-update', DOMAIN, HOST, '--super');
    cli(env, 'accounts:create-admin-account', '-u', 'bench', '-p', 'benchpass', '-d', DOMAIN, '--api-key', API_KEY);
    server = await startServer(env);
    const { url } = server;
    const key = { 'x-api-key': API_KEY };

    await run(engine, 'GET /api/accounts/me (API key)', url, { headers: { host: HOST, ...key } });
    await run(engine, 'GET /api/accounts/me (DIGEST MD5)', url, { requests: await digestRequests(url, '/api/accounts/me', 'MD5') });
    await run(engine, 'GET /api/accounts/me (DIGEST SHA-256)', url, { requests: await digestRequests(url, '/api/accounts/me', 'SHA-256') });

    let counter = 0;
    await run(engine, 'POST /api/accounts (create)', url, {
      headers: { host: HOST, ...key, 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          setupRequest(request) {
            request.body = JSON.stringify({ username: `new${process.pid}x${++counter}`, password: 'secret', algorithm: 'SHA-256' });
            return request;
          },
        },
      ],
      path: '/api/accounts',
    });

    let seeded = 0;
    for (const size of SIZES) {
      const started = Date.now();
      console.log(cli(env, 'accounts:seed', String(size - seeded), '--domain', DOMAIN), `(${((Date.now() - started) / 1000).toFixed(1)} s)`);
      seeded = size;
      const label = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`;
      await run(engine, `GET /api/accounts?page=1 (${label})`, `${url}/api/accounts?page=1`, { headers: { host: HOST, ...key } });
      const last = Math.floor(size / 20);
      await run(engine, `GET /api/accounts?page=${last} (${label})`, `${url}/api/accounts?page=${last}`, { headers: { host: HOST, ...key } });
      await run(engine, `GET /api/accounts/{sip}/search (${label})`, url, {
        headers: { host: HOST, ...key },
        requests: [
          {
            method: 'GET',
            setupRequest(request) {
              request.path = `/api/accounts/seed${Math.floor(Math.random() * size)}@${DOMAIN}/search`;
              return request;
            },
          },
        ],
      });
    }
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
    if (engine === 'mysql') {
      const mysql = require('mysql2/promise');
      const connection = await mysql.createConnection({
        host: process.env.DB_HOST ?? '127.0.0.1',
        user: process.env.DB_USERNAME ?? 'root',
        password: process.env.DB_PASSWORD ?? '',
      });
      await connection.query(`DROP DATABASE IF EXISTS \`${schema}\``);
      await connection.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

(async () => {
  for (const engine of ENGINES) await benchEngine(engine);
  console.log('');
  console.table(results);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
