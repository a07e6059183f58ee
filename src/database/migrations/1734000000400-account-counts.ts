import { DataSource, EntityManager, MigrationInterface, QueryRunner, Table } from 'typeorm';
import { string } from '../schema';

export const ACCOUNT_COUNT_TRIGGERS = ['accounts_count_insert', 'accounts_count_delete', 'accounts_count_update', 'spaces_count_delete'];

/**
 * Each domain's count is spread over this many rows (`slot` = account id
 * modulo it), summed when read: concurrent creations in one Space then lock
 * different rows until their transactions end, instead of queueing on one.
 */
export const ACCOUNT_COUNT_SLOTS = 16;

/**
 * Issue 9: the account list's `total` without counting the Space's rows on
 * every page. `account_counts` holds the number of accounts per domain,
 * kept by triggers on `accounts` (in ACCOUNT_COUNT_SLOTS rows per domain), so it stays exact whatever writes the rows
 * (the API, the console, an operator's own SQL). A Space's deletion removes
 * its row: MySQL/MariaDB do not run triggers for the accounts deleted by the
 * foreign key's cascade. Run while nothing else writes accounts (as `npm
 * start` does, before listening).
 *
 * With binary logging on, MySQL/MariaDB create a trigger only for a user with
 * SUPER or with `log_bin_trust_function_creators=1`: a user with its schema's
 * privileges only is refused (ER_BINLOG_CREATE_ROUTINE_NEED_SUPER). The
 * migration then goes on without triggers, the totals are counted instead
 * (COUNT(*), see accountCountsKept), and a later start creates them and
 * recounts once the server allows it (ensureMysqlAccountCountTriggers).
 */
export class AccountCounts1734000000400 implements MigrationInterface {
  name = 'AccountCounts1734000000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'account_counts',
        columns: [
          { ...string('domain', 64, false), isPrimary: true },
          { name: 'slot', type: 'integer', isPrimary: true },
          { name: 'accounts', type: 'integer', default: 0 },
        ],
      }),
    );
    await queryRunner.query(
      `INSERT INTO account_counts (domain, slot, accounts) SELECT domain, ${slot('id')}, COUNT(*) FROM accounts GROUP BY domain, ${slot('id')}`,
    );
    if (queryRunner.connection.driver.options.type === 'mysql') await createMysqlTriggers(queryRunner.manager);
    else for (const statement of sqliteTriggers()) await queryRunner.query(statement);
  }

  static readonly NAME = 'AccountCounts1734000000400';

  async down(queryRunner: QueryRunner): Promise<void> {
    // MySQL refuses even DROP TRIGGER IF EXISTS where it refused the triggers (binary logging): only existing ones
    const existing =
      queryRunner.connection.driver.options.type === 'mysql' ? await mysqlTriggerNames(queryRunner.manager) : ACCOUNT_COUNT_TRIGGERS;
    for (const name of ACCOUNT_COUNT_TRIGGERS.filter((name) => existing.includes(name)))
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${name}`);
    await queryRunner.dropTable('account_counts');
  }
}

/**
 * SQLite rebuilds a table for most column changes (TypeORM's addColumn,
 * changeColumn …), and the rebuild drops the table's triggers: after
 * migrations have run, the count triggers are created again if this
 * migration is applied (src/database/migrate.ts). The counts stay right:
 * a rebuild copies rows into a table that has no trigger yet.
 */
export async function restoreAccountCountTriggers(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type === 'mysql') return;
  if (!(await countsMigrated(dataSource))) return;
  await dataSource.transaction(async (manager) => {
    for (const name of ACCOUNT_COUNT_TRIGGERS) await manager.query(`DROP TRIGGER IF EXISTS ${name}`);
    for (const statement of sqliteTriggers()) await manager.query(statement);
  });
}

/** ER_BINLOG_CREATE_ROUTINE_NEED_SUPER: binary logging on, no SUPER, log_bin_trust_function_creators=0. */
const NEED_SUPER = 1419;

/**
 * MySQL/MariaDB, at every start: when the migration is applied but its
 * triggers are missing (the server refused them), creates them if the server
 * now allows it and counts again (the rows were not kept meanwhile).
 * 'kept': the triggers are there; 'counted': still refused.
 */
export async function ensureMysqlAccountCountTriggers(dataSource: DataSource): Promise<'kept' | 'counted' | 'not migrated'> {
  if (!(await countsMigrated(dataSource))) return 'not migrated';
  if (await accountCountsKept(dataSource)) return 'kept';
  if (!(await createMysqlTriggers(dataSource.manager))) return 'counted';
  // the triggers count from now on; the rows are made again from the accounts there
  await dataSource.transaction(async (manager) => {
    await manager.query('DELETE FROM account_counts');
    await manager.query(
      `INSERT INTO account_counts (domain, slot, accounts) SELECT domain, ${slot('id')}, COUNT(*) FROM accounts GROUP BY domain, ${slot('id')}`,
    );
  });
  return 'kept';
}

/** Whether `account_counts` is kept by its triggers (always on SQLite); when not, totals are counted. */
export async function accountCountsKept(dataSource: DataSource): Promise<boolean> {
  if (dataSource.options.type !== 'mysql') return true;
  const rows = await dataSource.query<{ n: unknown }[]>(
    `SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME IN (${ACCOUNT_COUNT_TRIGGERS.map(() => '?').join(', ')})`,
    ACCOUNT_COUNT_TRIGGERS,
  );
  return Number(rows[0]?.n) === ACCOUNT_COUNT_TRIGGERS.length;
}

async function countsMigrated(dataSource: DataSource): Promise<boolean> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const applied = await dataSource.query<unknown[]>(`SELECT name FROM ${table} WHERE name = ?`, [AccountCounts1734000000400.NAME]);
  return applied.length > 0;
}

/**
 * The missing ones of the four triggers (an operator may have dropped some),
 * or none of them when the server refuses them for want of SUPER (binary logging).
 */
async function createMysqlTriggers(manager: EntityManager): Promise<boolean> {
  const existing = new Set(await mysqlTriggerNames(manager));
  const statements = mysqlTriggers();
  const created: string[] = [];
  try {
    for (const [i, name] of ACCOUNT_COUNT_TRIGGERS.entries()) {
      if (existing.has(name)) continue;
      await manager.query(statements[i]);
      created.push(name);
    }
    return true;
  } catch (error) {
    if ((error as { errno?: number }).errno !== NEED_SUPER) throw error;
    // the server refuses DROP TRIGGER too (even IF EXISTS): only the ones made here go
    for (const name of created) await manager.query(`DROP TRIGGER ${name}`);
    return false;
  }
}

async function mysqlTriggerNames(manager: EntityManager): Promise<string[]> {
  const rows = await manager.query<{ name: string }[]>(
    'SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()',
  );
  return rows.map((row) => row.name);
}

const slot = (id: string) => `(${id} % ${ACCOUNT_COUNT_SLOTS})`;

function sqliteTriggers(): string[] {
  const add = (row: 'NEW' | 'OLD') =>
    `INSERT OR IGNORE INTO account_counts (domain, slot, accounts) VALUES (${row}.domain, ${slot(`${row}.id`)}, 0);
     UPDATE account_counts SET accounts = accounts + 1 WHERE domain = ${row}.domain AND slot = ${slot(`${row}.id`)};`;
  const remove = (row: 'NEW' | 'OLD') =>
    `UPDATE account_counts SET accounts = accounts - 1 WHERE domain = ${row}.domain AND slot = ${slot(`${row}.id`)};`;
  return [
    `CREATE TRIGGER accounts_count_insert AFTER INSERT ON accounts BEGIN ${add('NEW')} END`,
    `CREATE TRIGGER accounts_count_delete AFTER DELETE ON accounts BEGIN ${remove('OLD')} END`,
    // a changed id moves the row between slots too
    `CREATE TRIGGER accounts_count_update AFTER UPDATE OF domain, id ON accounts
     WHEN OLD.domain IS NOT NEW.domain OR OLD.id IS NOT NEW.id
     BEGIN ${remove('OLD')} ${add('NEW')} END`,
    `CREATE TRIGGER spaces_count_delete AFTER DELETE ON spaces BEGIN DELETE FROM account_counts WHERE domain = OLD.domain; END`,
  ];
}

function mysqlTriggers(): string[] {
  const add = (row: 'NEW' | 'OLD') =>
    `INSERT INTO account_counts (domain, slot, accounts) VALUES (${row}.domain, ${slot(`${row}.id`)}, 1) ` +
    'ON DUPLICATE KEY UPDATE accounts = accounts + 1';
  const remove = (row: 'NEW' | 'OLD') =>
    `UPDATE account_counts SET accounts = accounts - 1 WHERE domain = ${row}.domain AND slot = ${slot(`${row}.id`)}`;
  return [
    `CREATE TRIGGER accounts_count_insert AFTER INSERT ON accounts FOR EACH ROW ${add('NEW')}`,
    `CREATE TRIGGER accounts_count_delete AFTER DELETE ON accounts FOR EACH ROW ${remove('OLD')}`,
    // compared as the column collates (a change of case only is the same domain there)
    `CREATE TRIGGER accounts_count_update AFTER UPDATE ON accounts FOR EACH ROW
     IF NOT (OLD.domain <=> NEW.domain) OR OLD.id <> NEW.id THEN ${remove('OLD')}; ${add('NEW')}; END IF`,
    `CREATE TRIGGER spaces_count_delete AFTER DELETE ON spaces FOR EACH ROW DELETE FROM account_counts WHERE domain = OLD.domain`,
  ];
}
