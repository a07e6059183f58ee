import { DataSource, QueryRunner } from 'typeorm';
import { withProgress } from '../../common/progress';
import { copyRows } from './copy';
import { COPIED_TABLES, HELD, MIGRATIONS_TABLE, REFERENCE_MIGRATIONS, REFERENCE_TABLES } from './reference';

/** A database this service will not start on, said in one line; nothing was changed by the refusal itself. */
export class AdoptionRefused extends Error {}

type Log = (line: string) => void;

const q = (name: string) => `\`${name}\``;
const isMysql = (dataSource: DataSource) => dataSource.options.type === 'mysql';

/**
 * Runs before TypeORM's migrations (migrate.ts), on every start and
 * `db:migrate`:
 *
 * - an install of this service from before issue 18 has TypeORM's table
 *   under Laravel's name `migrations` (columns id, timestamp, name): renamed;
 * - a database of the PHP FlexiAPI (Laravel's `migrations`: id, migration,
 *   batch) is converted in place (MySQL/MariaDB only), or refused;
 * - a conversion that was interrupted is taken up again.
 *
 * Returns the migrations a conversion applied (none otherwise).
 */
export async function prepareDatabase(dataSource: DataSource, sipDomain: string, log: Log): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    // two instances started together: the second waits, then finds the database converted (the lock dies with its connection)
    if (isMysql(dataSource)) await runner.query(`SELECT GET_LOCK(LEFT(CONCAT('flexiapi adoption ', DATABASE()), 64), 3600)`);
    const tables = await tableNames(runner, dataSource);
    if (tables.includes('migrations')) {
      const columns = await columnNames(runner, dataSource, 'migrations');
      if (columns.includes('timestamp') && columns.includes('name')) {
        if (tables.includes(MIGRATIONS_TABLE))
          throw new AdoptionRefused(`Both "migrations" and "${MIGRATIONS_TABLE}" hold this service's migrations: keep one`);
        await runner.query(
          isMysql(dataSource) ? `RENAME TABLE migrations TO ${MIGRATIONS_TABLE}` : `ALTER TABLE migrations RENAME TO ${MIGRATIONS_TABLE}`,
        );
        log(`Migrations table renamed: migrations -> ${MIGRATIONS_TABLE}`);
        return [];
      }
      if (columns.includes('migration') && columns.includes('batch')) {
        if (!isMysql(dataSource))
          throw new AdoptionRefused('A PHP FlexiAPI database is converted on MySQL/MariaDB only (DB_CONNECTION=mysql)');
        await checkReference(runner, tables);
        log('PHP FlexiAPI database found: converting it in place (docs/migrating-from-php.md)');
        // one statement, atomic: from here `flexiapi_php_migrations` says a conversion is under way
        const renames = tables.filter((table) => REFERENCE_TABLES.includes(table)).map((table) => `${q(table)} TO ${q(HELD + table)}`);
        await runner.query(`RENAME TABLE ${renames.join(', ')}`);
        await pauseForTests('held');
        return await convert(dataSource, runner, sipDomain, log);
      }
      throw new AdoptionRefused(
        'The table "migrations" is neither this service\'s nor Laravel\'s: this database is not one this service knows',
      );
    }
    if (!isMysql(dataSource)) return [];
    if (tables.includes(`${HELD}migrations`)) {
      log('An interrupted conversion of the PHP FlexiAPI database found: converting again from the PHP tables');
      return await convert(dataSource, runner, sipDomain, log);
    }
    // the conversion was done, the clean-up was interrupted
    if (tables.some((table) => table.startsWith(HELD))) await dropHeld(runner, tables);
    return [];
  } finally {
    if (isMysql(dataSource))
      await runner.query(`SELECT RELEASE_LOCK(LEFT(CONCAT('flexiapi adoption ', DATABASE()), 64))`).catch(() => undefined);
    await runner.release();
  }
}

/** Refuses, before any change, a database this conversion was not written for. */
async function checkReference(runner: QueryRunner, tables: string[]): Promise<void> {
  const names = new Set(((await runner.query('SELECT migration FROM migrations')) as { migration: string }[]).map((row) => row.migration));
  const missing = REFERENCE_MIGRATIONS.find((name) => !names.has(name));
  if (missing) {
    throw new AdoptionRefused(
      `This PHP FlexiAPI database is older than the version this service converts: its Laravel migration ${missing} has not run (run the PHP service's migrations first); nothing was changed`,
    );
  }
  const newer = [...names].find((name) => !REFERENCE_MIGRATIONS.includes(name));
  if (newer)
    throw new AdoptionRefused(
      `This PHP FlexiAPI database has a Laravel migration this service does not know: ${newer}; nothing was changed`,
    );
  const foreign = tables.filter((table) => !REFERENCE_TABLES.includes(table));
  if (foreign.length > 0) {
    throw new AdoptionRefused(
      `Tables that are not the PHP FlexiAPI's are in this database: ${foreign.join(', ')} (move them to another schema first); nothing was changed`,
    );
  }
  const [{ spaces, owned }] = (await runner.query(
    'SELECT (SELECT COUNT(*) FROM spaces) AS spaces, (SELECT COUNT(*) FROM account_types) + (SELECT COUNT(*) FROM contacts_lists) AS owned',
  )) as { spaces: number | string; owned: number | string }[];
  if (Number(spaces) === 0 && Number(owned) > 0) {
    throw new AdoptionRefused(
      'Account types or contacts lists but no Space in this PHP FlexiAPI database: create its Space first; nothing was changed',
    );
  }
}

/**
 * From the held PHP tables (left untouched): clears whatever an earlier
 * attempt built, runs this service's migrations, copies the rows in one
 * transaction, then drops the held `migrations` (the commit point: after it
 * a start no longer converts) and the other held tables.
 */
async function convert(dataSource: DataSource, runner: QueryRunner, sipDomain: string, log: Log): Promise<string[]> {
  await clearBuilt(runner);
  const applied = (await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name);
  await pauseForTests('migrated');
  try {
    await withProgress('Adopting the PHP database', (report) => copyRows(runner, sipDomain, report));
  } catch (error) {
    throw new AdoptionRefused(
      `Converting the PHP FlexiAPI database failed, ${(error as Error).message}; the copy was rolled back, the PHP tables wait as ${HELD}*: ` +
        'restore the backup, or correct them and start again',
    );
  }
  await pauseForTests('copied');
  await runner.query(`DROP TABLE ${q(HELD + 'migrations')}`);
  await pauseForTests('committed');
  await dropHeld(runner, await tableNames(runner, dataSource));
  log(`PHP FlexiAPI database converted: ${COPIED_TABLES.length} tables copied, ids kept, API keys hashed`);
  return applied;
}

/** Drops the tables (and their triggers) that an interrupted attempt made: every table not held. */
async function clearBuilt(runner: QueryRunner): Promise<void> {
  const tables = await tableNames(runner);
  // the held tables' foreign keys: their names are taken by ours (contacts_account_id_foreign …)
  const keys = (await runner.query(
    `SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS c FROM information_schema.REFERENTIAL_CONSTRAINTS
     WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME LIKE ?`,
    [`${HELD.replace(/_/g, '\\_')}%`],
  )) as { t: string; c: string }[];
  for (const key of keys) await runner.query(`ALTER TABLE ${q(key.t)} DROP FOREIGN KEY ${q(key.c)}`);
  const built = tables.filter((table) => !table.startsWith(HELD));
  if (built.length === 0) return;
  await runner.query('SET FOREIGN_KEY_CHECKS = 0');
  try {
    await runner.query(`DROP TABLE IF EXISTS ${built.map(q).join(', ')}`);
  } finally {
    await runner.query('SET FOREIGN_KEY_CHECKS = 1');
  }
}

async function dropHeld(runner: QueryRunner, tables: string[]): Promise<void> {
  const heldTables = tables.filter((table) => table.startsWith(HELD));
  if (heldTables.length === 0) return;
  await runner.query('SET FOREIGN_KEY_CHECKS = 0');
  try {
    await runner.query(`DROP TABLE IF EXISTS ${heldTables.map(q).join(', ')}`);
  } finally {
    await runner.query('SET FOREIGN_KEY_CHECKS = 1');
  }
}

async function tableNames(runner: QueryRunner, dataSource?: DataSource): Promise<string[]> {
  if (dataSource && !isMysql(dataSource)) {
    return ((await runner.query("SELECT name FROM sqlite_master WHERE type = 'table'")) as { name: string }[]).map((row) => row.name);
  }
  const rows = (await runner.query(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
  )) as { name: string }[];
  return rows.map((row) => row.name);
}

async function columnNames(runner: QueryRunner, dataSource: DataSource, table: string): Promise<string[]> {
  if (!isMysql(dataSource))
    return ((await runner.query('SELECT name FROM pragma_table_info(?)', [table])) as { name: string }[]).map((row) => row.name);
  const rows = (await runner.query(
    'SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [table],
  )) as {
    name: string;
  }[];
  return rows.map((row) => row.name);
}

/**
 * Test hook of the crash-safety tests (test/database/adopt-reference.e2e-spec.ts):
 * FLEXIAPI_ADOPTION_PAUSE_AFTER=<step> stops the conversion after that step
 * until the process is killed. Not a setting: nothing else reads it.
 */
async function pauseForTests(step: string): Promise<void> {
  if (process.env.FLEXIAPI_ADOPTION_PAUSE_AFTER !== step) return;
  process.stderr.write(`Adoption paused after step "${step}"\n`);
  await new Promise(() => setInterval(() => undefined, 60_000));
}
