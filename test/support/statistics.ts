import { DataSource } from 'typeorm';
import { now } from '../../src/database/timestamps';
import { StatisticsCall } from '../../src/statistics/entities/statistics-call.entity';
import { StatisticsConference } from '../../src/statistics/entities/statistics-conference.entity';
import { StatisticsMessage } from '../../src/statistics/entities/statistics-message.entity';

const split = (sip: string) => ({ username: sip.split('@')[0], domain: sip.split('@')[1] });

/** Statistics rows straight into the database: a message and a call from `from` to `to`, a conference. */
export async function seedStatistics(
  db: DataSource,
  ids: { message?: string; call?: string; conference?: string },
  from: string,
  to = from,
): Promise<void> {
  const sender = split(from);
  const callee = split(to);
  const stamp = now();
  if (ids.message) {
    await db.getRepository(StatisticsMessage).insert({
      id: ids.message,
      from_username: sender.username,
      from_domain: sender.domain,
      sent_at: stamp,
      encrypted: false,
      conference_id: null,
    });
  }
  if (ids.call) {
    await db.getRepository(StatisticsCall).insert({
      id: ids.call,
      from_username: sender.username,
      from_domain: sender.domain,
      to_username: callee.username,
      to_domain: callee.domain,
      initiated_at: stamp,
      ended_at: null,
      conference_id: null,
    });
  }
  if (ids.conference)
    await db
      .getRepository(StatisticsConference)
      .insert({ id: ids.conference, created_at: stamp, ended_at: null, schedule: null, updated_at: stamp });
}

/** The rows of a statistics table, the given columns only, in id order (dates as ISO strings). */
export async function statisticsRows(
  db: DataSource,
  table: string,
  columns: string[],
  where = '1 = 1',
  parameters: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const rows = await db.query<Record<string, unknown>[]>(
    `SELECT ${columns.join(', ')} FROM ${table} WHERE ${where} ORDER BY id`,
    parameters,
  );
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => {
        if (value instanceof Date) return [key, value.toISOString()];
        // SQLite gives dates as written: `YYYY-MM-DD HH:mm:ss.SSS`, in UTC
        if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(value))
          return [key, new Date(`${value.replace(' ', 'T')}Z`).toISOString()];
        return [key, typeof value === 'bigint' ? Number(value) : value];
      }),
    ),
  );
}
