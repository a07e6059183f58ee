import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { string } from '../schema';

export const ACCOUNT_COUNT_TRIGGERS = ['accounts_count_insert', 'accounts_count_delete', 'accounts_count_update', 'spaces_count_delete'];

/**
 * Issue 9: the account list's `total` without counting the Space's rows on
 * every page. `account_counts` holds the number of accounts per domain,
 * kept by triggers on `accounts`, so it stays exact whatever writes the rows
 * (the API, the console, an operator's own SQL). A Space's deletion removes
 * its row: MySQL/MariaDB do not run triggers for the accounts deleted by the
 * foreign key's cascade. Run while nothing else writes accounts (as `npm
 * start` does, before listening).
 */
export class AccountCounts1734000000400 implements MigrationInterface {
  name = 'AccountCounts1734000000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'account_counts',
        columns: [
          { ...string('domain', 64, false), isPrimary: true },
          { name: 'accounts', type: 'integer', default: 0 },
        ],
      }),
    );
    await queryRunner.query('INSERT INTO account_counts (domain, accounts) SELECT domain, COUNT(*) FROM accounts GROUP BY domain');
    const statements = queryRunner.connection.driver.options.type === 'mysql' || queryRunner.connection.driver.options.type === 'mariadb'
      ? mysqlTriggers()
      : sqliteTriggers();
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of ACCOUNT_COUNT_TRIGGERS) await queryRunner.query(`DROP TRIGGER IF EXISTS ${name}`);
    await queryRunner.dropTable('account_counts');
  }
}

function sqliteTriggers(): string[] {
  const add = (domain: string) =>
    `INSERT OR IGNORE INTO account_counts (domain, accounts) VALUES (${domain}, 0);
     UPDATE account_counts SET accounts = accounts + 1 WHERE domain = ${domain};`;
  const remove = (domain: string) => `UPDATE account_counts SET accounts = accounts - 1 WHERE domain = ${domain};`;
  return [
    `CREATE TRIGGER accounts_count_insert AFTER INSERT ON accounts BEGIN ${add('NEW.domain')} END`,
    `CREATE TRIGGER accounts_count_delete AFTER DELETE ON accounts BEGIN ${remove('OLD.domain')} END`,
    `CREATE TRIGGER accounts_count_update AFTER UPDATE OF domain ON accounts WHEN OLD.domain IS NOT NEW.domain
     BEGIN ${remove('OLD.domain')} ${add('NEW.domain')} END`,
    `CREATE TRIGGER spaces_count_delete AFTER DELETE ON spaces BEGIN DELETE FROM account_counts WHERE domain = OLD.domain; END`,
  ];
}

function mysqlTriggers(): string[] {
  const add = (domain: string) =>
    `INSERT INTO account_counts (domain, accounts) VALUES (${domain}, 1) ON DUPLICATE KEY UPDATE accounts = accounts + 1`;
  const remove = (domain: string) => `UPDATE account_counts SET accounts = accounts - 1 WHERE domain = ${domain}`;
  return [
    `CREATE TRIGGER accounts_count_insert AFTER INSERT ON accounts FOR EACH ROW ${add('NEW.domain')}`,
    `CREATE TRIGGER accounts_count_delete AFTER DELETE ON accounts FOR EACH ROW ${remove('OLD.domain')}`,
    // compared as the column collates (a change of case only is the same domain there)
    `CREATE TRIGGER accounts_count_update AFTER UPDATE ON accounts FOR EACH ROW
     IF NOT (OLD.domain <=> NEW.domain) THEN ${remove('OLD.domain')}; ${add('NEW.domain')}; END IF`,
    `CREATE TRIGGER spaces_count_delete AFTER DELETE ON spaces FOR EACH ROW DELETE FROM account_counts WHERE domain = OLD.domain`,
  ];
}
