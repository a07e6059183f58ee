import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { ApiKey } from '../../src/account-core/entities/api-key.entity';
import { sha256 } from '../../src/auth/api-keys.service';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { APP_KEY, sleep, startApp, TestApp, waitForOutput } from '../support/app';
import { createAccount, http } from '../support/fixtures';
import { OwnRedis } from '../support/own-redis';
import { describeOnMysql } from '../support/two-instances';

const ROOT = resolve(__dirname, '..', '..');

describe('APP_WORKERS on SQLite', () => {
  it('is refused at start with one line saying why (exit 1)', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
      env: { PATH: process.env.PATH ?? '', APP_KEY, DB_CONNECTION: 'sqlite', DB_DATABASE: ':memory:', APP_WORKERS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(stderr).toBe(
      'Invalid setting: APP_WORKERS must be 1 on SQLite (one writer process per file), got "2": use DB_CONNECTION=mysql for more workers\n',
    );
  });
});

/** Two workers on one port (node:cluster): both serve; SIGTERM to the primary drains both and writes their API key usage. */
describeOnMysql()('APP_WORKERS=2 on MySQL/MariaDB', () => {
  let t: TestApp;
  let redis: OwnRedis;
  let db: DataSource;
  const schema = `flexiapi_workers_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await startApp({
      DB_CONNECTION: 'mysql',
      DB_DATABASE: schema,
      APP_WORKERS: '2',
      REDIS_SHARED_STATE: 'true',
      ...redis.env(),
      LOG_LEVEL: 'info',
    });
    await waitForOutput(t.output, '2 workers listening', 30_000);
    db = new DataSource({ ...dataSourceOptions(t.settings), entities: t.db.options.entities });
    await db.initialize();
  }, 60_000);
  let closed = false;
  afterAll(async () => {
    if (t && !closed) await t.close();
    await db?.query(`DROP DATABASE IF EXISTS \`${schema}\``);
    await db?.destroy();
    await redis?.remove();
  });

  it('serves from both workers, creates the default Space once, and drains both on SIGTERM without losing API key usage', async () => {
    expect(t.output().match(/Default Space created/g)).toHaveLength(1);
    expect(t.output().match(/Migrations applied/g)).toHaveLength(1);
    const f = await createAccount(t.db);
    const uses = 40;
    const answers = await Promise.all(
      Array.from({ length: uses }, () => http(t).get('/api/accounts/me').set('x-api-key', f.apiKey).set('Connection', 'close')),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(uses).fill(200));
    const served = () =>
      t
        .output()
        .split('\n')
        .filter((line) => line.includes('"url":"/api/accounts/me"'));
    // the workers' request lines reach the test through the primary's pipe, a little after the responses
    for (const deadline = Date.now() + 5000; served().length < uses && Date.now() < deadline;) await sleep(20);
    const servedBy = new Set(served().map((line) => (JSON.parse(line) as { pid: number }).pid));
    expect(servedBy.size).toBe(2);

    closed = true;
    await t.close();
    expect(t.output().match(/"msg":"Stopped \(exit code 0\)"/g)).toHaveLength(3);
    expect((await db.getRepository(ApiKey).findOneByOrFail({ key_hash: sha256(f.apiKey) })).requests).toBe(uses);
  });
});
