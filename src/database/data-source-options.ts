import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { Settings } from '../config/settings';
import { MIGRATIONS_TABLE } from './adoption/reference';
import { MIGRATIONS } from './migrations';
import { registerUpsertFunctions } from './upserts';

/** The one place that turns settings into a TypeORM connection (server, console and CLI). */
export function dataSourceOptions(settings: Settings): DataSourceOptions {
  const common = {
    migrations: MIGRATIONS,
    // not Laravel's `migrations`: a PHP FlexiAPI database is recognised by it (adoption/adopt.ts)
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    logging: false as const,
  };
  if (settings.db.connection === 'mysql') {
    return {
      ...common,
      type: 'mysql',
      host: settings.db.host,
      port: settings.db.port,
      username: settings.db.username,
      password: settings.db.password,
      database: settings.db.database,
      socketPath: settings.db.socket || undefined,
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      // acquire and query timeouts: installMysqlTimeouts (mysql2 has no option for them)
      connectTimeout: settings.db.timeoutSeconds * 1000,
      extra: { connectionLimit: 20 },
    };
  }
  const file = settings.db.database === ':memory:' ? ':memory:' : resolve(settings.db.database);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: file,
    // WAL lets readers run while a write is in progress; busy_timeout absorbs lock waits up to DB_TIMEOUT_SECONDS
    prepareDatabase: (db: { pragma(sql: string): unknown } & Parameters<typeof registerUpsertFunctions>[0]) => {
      db.pragma('journal_mode = WAL');
      db.pragma(`busy_timeout = ${settings.db.timeoutSeconds * 1000}`);
      db.pragma('synchronous = NORMAL');
      registerUpsertFunctions(db);
    },
  };
}
