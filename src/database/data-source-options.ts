import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { Settings } from '../config/settings';
import { MIGRATIONS } from './migrations';

/** The one place that turns settings into a TypeORM connection (server, console and CLI). */
export function dataSourceOptions(settings: Settings): DataSourceOptions {
  const common = {
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
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
      extra: { connectionLimit: 20 },
    };
  }
  const file = settings.db.database === ':memory:' ? ':memory:' : resolve(settings.db.database);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: file,
    // WAL lets readers run while a write is in progress; busy_timeout absorbs short lock waits
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = NORMAL');
    },
  };
}
