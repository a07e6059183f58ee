#!/usr/bin/env node
/**
 * `npm run bench`: the built server in its own process, loaded by autocannon
 * from this one, on SQLite and on MariaDB. Prints requests/s and p50/p99.
 * Scenarios: /api/accounts/me (API key, DIGEST), account creation, provisioning
 * by DIGEST, the creation-token sign-up, an account's contacts through a list
 * of 10,000 accounts (JSON, and as vCards at /contacts/vcard), Flexisip's statistics (messages, calls, device updates,
 * conference events), then the admin list and search.
 *
 * BENCH_ENGINES=sqlite,mysql  BENCH_DURATION=10 (s)  BENCH_WARMUP=2 (s)  BENCH_CONNECTIONS=10
 * BENCH_SIZES=100000,1000000 (accounts seeded for the admin list/search runs)
 * BENCH_ONLY=<regular expression> runs only the scenarios whose name matches
 */
const { spawn, execFileSync } = require('node:child_process');
const { createHash, randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { request } = require('node:http');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');

const ROOT = join(__dirname, '..');
const DOMAIN = 'sip.example.org';
const HOST = 'localhost';
const API_KEY = 'bench'.padEnd(40, 'k');
// at least 32 bytes once decoded, as the server requires
const APP_KEY = `base64:${Buffer.from('flexiapi-bench-app-key-32-bytes!').toString('base64')}`;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,mysql').split(',').filter(Boolean);
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').filter(Boolean).map(Number);
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;

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

const wanted = (name) => !ONLY || ONLY.test(name);

function run(engine, name, url, options) {
  if (!wanted(name)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    autocannon(
      // an unrecorded warm-up first, so the JIT and the caches do not favour later scenarios
      {
        url,
        connections: CONNECTIONS,
        duration: DURATION,
        warmup: { connections: CONNECTIONS, duration: WARMUP },
        headers: { host: HOST },
        ...options,
      },
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
        // which statuses, when some were not 2xx: a bench of error answers measures nothing
        const statuses = Object.entries(result.statusCodeStats ?? {})
          .filter(([code]) => !code.startsWith('2'))
          .map(([code, { count }]) => `${code}×${count}`);
        if (statuses.length > 0) row.statuses = statuses.join(' ');
        results.push(row);
        console.log(
          `${engine.padEnd(7)} ${name.padEnd(42)} ${String(row['req/s']).padStart(7)} req/s  p50 ${row['p50 ms']} ms  p99 ${row['p99 ms']} ms  non-2xx ${row.non2xx}${row.statuses ? ` (${row.statuses})` : ''}`,
        );
        resolve();
      },
    );
  });
}

/** One statement on the bench's database, beside the server (fixtures the API would take thousands of calls to write). */
async function sql(env, statement, parameters) {
  if (env.DB_CONNECTION === 'mysql') {
    const mysql = require('mysql2/promise');
    const connection = await mysql.createConnection({
      host: process.env.DB_HOST ?? '127.0.0.1',
      user: process.env.DB_USERNAME ?? 'root',
      password: process.env.DB_PASSWORD ?? '',
      database: env.DB_DATABASE,
    });
    try {
      await connection.query(statement, parameters);
    } finally {
      await connection.end();
    }
    return;
  }
  const Database = require('better-sqlite3');
  const db = new Database(env.DB_DATABASE);
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare(statement).run(...parameters);
  } finally {
    db.close();
  }
}

const md5 = (s) => createHash('md5').update(s).digest('hex');
const sha256 = (s) => createHash('sha256').update(s).digest('hex');

/**
 * One HTTP exchange with node:http (fetch cannot set `Host`, which picks the
 * Space); every `WWW-Authenticate` line is kept apart.
 */
function exchange(url, path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers: { host: HOST, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        const challenges = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i].toLowerCase() === 'www-authenticate') challenges.push(res.rawHeaders[i + 1]);
        }
        resolve({ status: res.statusCode, challenges, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Nonces are leased: a request takes a free nonce and counts its nc up, its
 * response gives the nonce back, so one nonce never has two requests in
 * flight (what a SIP client does). autocannon clears its per-connection
 * context before each request, hence the pool.
 */
async function digestRequests(url, path, username, algorithm, extraHeaders = {}) {
  const H = algorithm === 'MD5' ? md5 : sha256;
  const ha1 = H(`${username}:${DOMAIN}:benchpass`);
  const from = `sip:${username}@${DOMAIN}`;
  const nonces = [];
  for (let i = 0; i < CONNECTIONS * 2; i++) {
    const { status, challenges } = await exchange(url, path, { headers: { from } });
    const challenge = challenges.find((c) => c.includes(`algorithm=${algorithm}`));
    if (status !== 401 || !challenge) throw new Error(`no ${algorithm} challenge for ${from} (status ${status})`);
    nonces.push({ nonce: /nonce="([^"]+)"/.exec(challenge)[1], opaque: /opaque="([^"]+)"/.exec(challenge)[1], nc: 0 });
  }
  return [
    {
      method: 'GET',
      path,
      setupRequest(request, context) {
        const d = nonces.pop();
        context.lease = d;
        d.nc += 1;
        const nc = d.nc.toString(16).padStart(8, '0');
        const cnonce = randomBytes(8).toString('hex');
        const response = H(`${ha1}:${d.nonce}:${nc}:${cnonce}:auth:${H(`GET:${path}`)}`);
        request.headers = {
          ...request.headers,
          ...extraHeaders,
          from,
          authorization: `Digest username="${username}", realm="${DOMAIN}", nonce="${d.nonce}", uri="${path}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}", opaque="${d.opaque}"`,
        };
        return request;
      },
      onResponse(status, body, context) {
        if (context.lease) nonces.push(context.lease);
        context.lease = undefined;
      },
    },
  ];
}

/**
 * Flexisip's statistics (issue 17), as FlexiStats sends them: each request
 * one event with its own ids. The device updates and conference events
 * need their parents: a pool of them is posted first.
 */
async function benchStatistics(engine, url, key) {
  const json = { host: HOST, ...key, 'content-type': 'application/json' };
  const tag = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const at = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const post = async (path, body) => {
    const res = await exchange(url, path, { method: 'POST', headers: json, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`POST ${path}: ${res.status} ${res.text}`);
  };
  const oneByOne = (method, build) => [
    {
      method,
      headers: json,
      setupRequest(request) {
        const { path, body } = build();
        request.path = path;
        request.body = JSON.stringify(body);
        return request;
      },
    },
  ];
  const PARENTS = 100;

  let messages = 0;
  await run(engine, 'POST /api/statistics/messages', url, {
    requests: oneByOne('POST', () => {
      const i = messages++;
      return {
        path: '/api/statistics/messages',
        body: {
          id: `m${tag}x${i}`,
          from: `alice${i % 97}@${DOMAIN}`,
          to: { [`bob${i % 89}@${DOMAIN}`]: { d1: null } },
          sent_at: at(),
          encrypted: false,
          conference_id: null,
        },
      };
    }),
  });

  let calls = 0;
  await run(engine, 'POST /api/statistics/calls', url, {
    requests: oneByOne('POST', () => {
      const i = calls++;
      return {
        path: '/api/statistics/calls',
        body: {
          id: `c${tag}x${i}`,
          sip_call_id: `call${i}`,
          from: `alice${i % 97}@${DOMAIN}`,
          to: `bob${i % 89}@${DOMAIN}`,
          devices: {},
          initiated_at: at(),
          ended_at: null,
          conference_id: null,
        },
      };
    }),
  });

  // each device of a message answers once: an insert
  const messageDevices = 'PATCH /api/statistics/messages/{id}/to/{to}/devices/{device} (new device)';
  if (wanted(messageDevices)) {
    for (let i = 0; i < PARENTS; i++)
      await post('/api/statistics/messages', { id: `pm${tag}x${i}`, from: `alice@${DOMAIN}`, sent_at: at(), encrypted: false });
    let n = 0;
    await run(engine, messageDevices, url, {
      requests: oneByOne('PATCH', () => {
        const i = n++;
        return {
          path: `/api/statistics/messages/pm${tag}x${i % PARENTS}/to/bob@${DOMAIN}/devices/d${i}`,
          body: { last_status: 200, received_at: at() },
        };
      }),
    });
  }

  // a device rings (insert), then its INVITE ends (update of the same row): Flexisip's two updates per device
  const callDevices = 'PATCH /api/statistics/calls/{id}/devices/{device} (ring, then end)';
  if (wanted(callDevices)) {
    for (let i = 0; i < PARENTS; i++)
      await post('/api/statistics/calls', { id: `pc${tag}x${i}`, from: `alice@${DOMAIN}`, to: `bob@${DOMAIN}`, initiated_at: at() });
    let n = 0;
    await run(engine, callDevices, url, {
      requests: oneByOne('PATCH', () => {
        const i = n++;
        const device = Math.floor(i / 2);
        const body = i % 2 === 0 ? { rang_at: at() } : { invite_terminated: { at: at(), state: 'accepted' } };
        return { path: `/api/statistics/calls/pc${tag}x${device % PARENTS}/devices/d${device}`, body };
      }),
    });
  }

  // participants and their devices joining conferences
  const conferenceEvents = 'POST /api/statistics/conferences/{id}/participants/… events';
  if (wanted(conferenceEvents)) {
    for (let i = 0; i < PARENTS; i++)
      await post('/api/statistics/conferences', { id: `pf${tag}x${i}`, created_at: at(), ended_at: null, schedule: null });
    let n = 0;
    await run(engine, conferenceEvents, url, {
      requests: oneByOne('POST', () => {
        const i = n++;
        const conference = `pf${tag}x${i % PARENTS}`;
        const participant = `user${Math.floor(i / 2)}@${DOMAIN}`;
        return i % 2 === 0
          ? { path: `/api/statistics/conferences/${conference}/participants/${participant}/events`, body: { type: 'added', at: at() } }
          : {
              path: `/api/statistics/conferences/${conference}/participants/${participant}/devices/d1/events`,
              body: { type: 'joined', at: at() },
            };
      }),
    });
  }
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

    // the console admin has a SHA-256 password; an MD5 one is created through the API
    const md5Account = await exchange(url, '/api/accounts', {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'benchmd5', password: 'benchpass', algorithm: 'MD5', activated: true }),
    });
    if (md5Account.status !== 200) throw new Error(`creating the MD5 account: ${md5Account.status} ${md5Account.text}`);

    const me = `${url}/api/accounts/me`;
    await run(engine, 'GET /api/accounts/me (API key)', me, { headers: { host: HOST, ...key } });
    await run(engine, 'GET /api/accounts/me (DIGEST MD5)', me, {
      requests: await digestRequests(url, '/api/accounts/me', 'benchmd5', 'MD5'),
    });
    await run(engine, 'GET /api/accounts/me (DIGEST SHA-256)', me, {
      requests: await digestRequests(url, '/api/accounts/me', 'bench', 'SHA-256'),
    });

    let counter = 0;
    await run(engine, 'POST /api/accounts (create)', `${url}/api/accounts`, {
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
    });

    // Linphone fetching its configuration (provisioning.md): DIGEST, then the lpconfig XML
    await run(engine, 'GET /provisioning/me (DIGEST SHA-256)', `${url}/provisioning/me`, {
      requests: await digestRequests(url, '/provisioning/me', 'bench', 'SHA-256', { 'x-linphone-provisioning': '' }),
    });

    // an app's sign-up: the admin mints a creation token, the app creates its account with it (2 requests a pair)
    let signups = 0;
    await run(engine, 'token → account (2 requests a pair)', url, {
      requests: [
        {
          method: 'POST',
          path: '/api/account_creation_tokens',
          headers: { host: HOST, ...key, 'content-type': 'application/json' },
          body: '{}',
          onResponse(status, body, context) {
            context.token = status === 201 ? JSON.parse(body).token : undefined;
          },
        },
        {
          method: 'POST',
          path: '/api/accounts/with-account-creation-token',
          headers: { host: HOST, 'content-type': 'application/json' },
          setupRequest(request, context) {
            request.body = JSON.stringify({
              username: `signup${process.pid}x${++signups}`,
              password: 'secret',
              algorithm: 'SHA-256',
              account_creation_token: context.token ?? 'missing',
            });
            return request;
          },
        },
      ],
    });

    await benchStatistics(engine, url, key);

    let seeded = 0;
    // a Linphone client's contacts: the account's one list holds 10,000 accounts (contacts.md §1)
    const contactsScenario = 'GET /api/accounts/me/contacts (10k)';
    // the same contacts as the vCards the provisioning's contacts-vcard-list points clients at (vcards.md §4)
    const vcardScenario = 'GET /contacts/vcard (10k)';
    if (wanted(contactsScenario) || wanted(vcardScenario)) {
      console.log(cli(env, 'accounts:seed', '10000', '--domain', DOMAIN));
      seeded = 10_000;
      const json = { ...key, 'content-type': 'application/json' };
      const list = await exchange(url, '/api/contacts_lists', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ title: 'bench', description: '10,000 seeded accounts' }),
      });
      if (list.status !== 201) throw new Error(`creating the list: ${list.status} ${list.text}`);
      const listId = JSON.parse(list.text).id;
      const me = JSON.parse((await exchange(url, '/api/accounts/me', { headers: key })).text);
      const attached = await exchange(url, `/api/accounts/${me.id}/contacts_lists/${listId}`, { method: 'POST', headers: key });
      if (attached.status !== 200) throw new Error(`attaching the list: ${attached.status} ${attached.text}`);
      await sql(
        env,
        "INSERT INTO contacts_list_contact (contacts_list_id, contact_id) SELECT ?, id FROM accounts WHERE domain = ? AND username LIKE 'seed%'",
        [listId, DOMAIN],
      );
      const count = JSON.parse((await exchange(url, `/api/contacts_lists/${listId}`, { headers: key })).text).contacts_count;
      if (count !== 10_000) throw new Error(`the list holds ${count} accounts`);
      await run(engine, contactsScenario, `${url}/api/accounts/me/contacts`, { headers: { host: HOST, ...key } });
      const cards = (await exchange(url, '/contacts/vcard', { headers: key })).text
        .split('\n')
        .filter((line) => line === 'BEGIN:VCARD').length;
      if (cards !== 10_000) throw new Error(`/contacts/vcard holds ${cards} cards`);
      await run(engine, vcardScenario, `${url}/contacts/vcard`, { headers: { host: HOST, ...key } });
    }

    for (const size of SIZES) {
      const label = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`;
      if (![`GET /api/accounts?page=1 (${label})`, `GET /api/accounts/{sip}/search (${label})`].some(wanted)) continue;
      const started = Date.now();
      console.log(
        cli(env, 'accounts:seed', String(size - seeded), '--domain', DOMAIN),
        `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      seeded = size;
      await run(engine, `GET /api/accounts?page=1 (${label})`, `${url}/api/accounts?page=1`, { headers: { host: HOST, ...key } });
      const last = Math.floor(size / 20);
      await run(engine, `GET /api/accounts?page=${last} (${label})`, `${url}/api/accounts?page=${last}`, {
        headers: { host: HOST, ...key },
      });
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
