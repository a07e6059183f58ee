import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Settings } from '../config/settings';
import { prepareDatabase } from './adoption/adopt';
import { dataSourceOptions } from './data-source-options';
import { ensureMysqlAccountCountTriggers, restoreAccountCountTriggers } from './migrations/1734000000400-account-counts';

/**
 * Creates the MySQL schema if needed (a fresh install), converts a PHP
 * FlexiAPI database in place (adoption/adopt.ts), then applies pending migrations.
 */
export async function migrate(
  settings: Settings,
  log: (line: string) => void = (line) => new Logger('Database').log(line),
): Promise<string[]> {
  if (settings.db.connection === 'mysql') await ensureMysqlSchema(settings);
  const dataSource = new DataSource(dataSourceOptions(settings));
  await dataSource.initialize();
  try {
    const adopted = await prepareDatabase(dataSource, settings.sipDomain, log);
    const applied = [...adopted.map((name) => ({ name })), ...(await dataSource.runMigrations({ transaction: 'each' }))];
    // only when something ran: a start on an up-to-date database costs nothing more
    if (applied.length > 0) await restoreAccountCountTriggers(dataSource);
    // one information_schema read per start: triggers refused before (binary logging) may be allowed now
    if (settings.db.connection === 'mysql' && (await ensureMysqlAccountCountTriggers(dataSource)) === 'counted') {
      new Logger('Database').warn(
        'Account totals are counted (COUNT(*)): with binary logging on, the server refuses the account_counts triggers to a user ' +
          'without SUPER; set log_bin_trust_function_creators=1 (or start once as a user with SUPER) to keep them',
      );
    }
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

async function ensureMysqlSchema(settings: Settings): Promise<void> {
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({
    host: settings.db.host,
    port: settings.db.port,
    user: settings.db.username,
    password: settings.db.password,
    socketPath: settings.db.socket || undefined,
    connectTimeout: settings.db.timeoutSeconds * 1000,
  });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${settings.db.database.replace(/`/g, '')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}
