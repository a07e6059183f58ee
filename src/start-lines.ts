import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from './config/settings';

/** The service's version, from package.json beside dist/ (also in the image). */
export function version(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Engine and database, without credentials. */
export function databaseLine(settings: Settings): string {
  const db = settings.db;
  if (db.connection === 'sqlite') return `Database: SQLite, file ${db.database}`;
  const where = db.socket ? `socket ${db.socket}` : `${db.host}:${db.port}`;
  return `Database: MySQL/MariaDB, schema ${db.database} at ${where} as ${db.username}`;
}

export function migrationsLine(applied: string[]): string {
  return applied.length === 0
    ? 'Migrations: none pending, the schema is up to date'
    : `Migrations applied (${applied.length}): ${applied.join(', ')}`;
}
