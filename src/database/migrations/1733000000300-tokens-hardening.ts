import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { cascadeTo } from '../schema';

const CODE_TABLES = ['email_change_codes', 'phone_change_codes', 'recovery_codes'];
const attempts = (name: string) => new TableColumn({ name, type: 'integer', default: 0 });

/**
 * Issue 7: creation tokens belong to a Space (deviation 22); guesses of a
 * code are counted (deviation 23).
 */
export class TokensHardening1733000000300 implements MigrationInterface {
  name = 'TokensHardening1733000000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('account_creation_tokens', new TableColumn({ name: 'space_id', type: 'integer', isNullable: true }));
    // looked up by value within a Space
    await queryRunner.createIndex(
      'account_creation_tokens',
      new TableIndex({ name: 'account_creation_tokens_space_id_token_index', columnNames: ['space_id', 'token'] }),
    );
    await queryRunner.createForeignKey('account_creation_tokens', new TableForeignKey(cascadeTo('space_id', 'spaces')));
    // Tokens record no creator: a token linked to an account takes that
    // account's Space; the others stay Space-less (only a super Space takes them).
    await queryRunner.query(
      `UPDATE account_creation_tokens SET space_id = (
         SELECT spaces.id FROM spaces INNER JOIN accounts ON accounts.domain = spaces.domain
         WHERE accounts.id = account_creation_tokens.account_id)
       WHERE account_id IS NOT NULL`,
    );

    for (const table of CODE_TABLES) await queryRunner.addColumn(table, attempts('attempts'));
    await queryRunner.addColumn('accounts', attempts('confirmation_key_attempts'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('accounts', 'confirmation_key_attempts');
    for (const table of CODE_TABLES) await queryRunner.dropColumn(table, 'attempts');
    const tokens = await queryRunner.getTable('account_creation_tokens');
    const foreignKey = tokens?.foreignKeys.find((key) => key.columnNames.includes('space_id'));
    if (foreignKey) await queryRunner.dropForeignKey('account_creation_tokens', foreignKey);
    await queryRunner.dropIndex('account_creation_tokens', 'account_creation_tokens_space_id_token_index');
    await queryRunner.dropColumn('account_creation_tokens', 'space_id');
  }
}
