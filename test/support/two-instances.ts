import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { startApp, TestApp } from './app';
import { OwnRedis } from './own-redis';
import { describeWith, REDIS_SERVER } from './system-packages';

export const onMysql = process.env.DB_CONNECTION === 'mysql';

/**
 * `describe` on MySQL/MariaDB with redis-server installed; on SQLite
 * `describe.skip` and one line saying why (several instances share one
 * MySQL/MariaDB schema; an SQLite file is one process's).
 */
export function describeOnMysql(): jest.Describe {
  if (onMysql) return describeWith(REDIS_SERVER);
  const file = expect.getState().testPath;
  process.stdout.write(
    `skipped: ${file ? relative(process.cwd(), file) : 'a test file'} needs DB_CONNECTION=mysql (instances share one MySQL/MariaDB schema, not an SQLite file)\n`,
  );
  return describe.skip;
}

export interface TwoInstances {
  a: TestApp;
  b: TestApp;
  /** the Redis both share (the test's own: it may stop it) */
  redis: OwnRedis;
  /** the shared schema, usable after both instances stopped */
  db: DataSource;
  /** instance A's environment (the shared one plus A's own; minus APP_PORT), for a third process such as the console */
  env: Record<string, string>;
  /** stops both (SIGTERM, in parallel); the schema stays for `db` */
  stop(): Promise<void>;
  /** stops both, drops the schema, stops Redis */
  close(): Promise<void>;
}

/**
 * Two instances of the built server as an operator runs them: two ports, one
 * MySQL/MariaDB schema (the first one migrates it), one Redis of the test's
 * own with REDIS_SHARED_STATE on. `env` applies to both; `redis` lets a test
 * bring a Redis it controls; `each` adds to one instance's environment (each
 * its own DB_HOST/DB_PORT: one Galera node each).
 */
export async function startTwoInstances(
  env: Record<string, string> = {},
  redis?: OwnRedis,
  each: [Record<string, string>, Record<string, string>] = [{}, {}],
): Promise<TwoInstances> {
  const ownRedis = redis ?? (await OwnRedis.start());
  const schema = `flexiapi_scale_${randomBytes(4).toString('hex')}`;
  const shared = { DB_CONNECTION: 'mysql', DB_DATABASE: schema, REDIS_SHARED_STATE: 'true', ...ownRedis.env(), ...env };
  const a = await startApp({ ...shared, ...each[0] });
  const b = await startApp({ ...shared, ...each[1] });
  const db = new DataSource({ ...dataSourceOptions(a.settings), entities: a.db.options.entities });
  await db.initialize();
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= Promise.all([a.close(), b.close()]).then(() => undefined));
  return {
    a,
    b,
    redis: ownRedis,
    db,
    env: { ...shared, ...each[0] },
    stop,
    async close() {
      await stop();
      await db.query(`DROP DATABASE IF EXISTS \`${schema}\``);
      await db.destroy();
      if (!redis) await ownRedis.remove();
    },
  };
}
