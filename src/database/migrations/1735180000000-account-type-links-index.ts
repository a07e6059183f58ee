import { MigrationInterface, QueryRunner, TableForeignKey, TableIndex } from 'typeorm';
import { cascadeTo } from '../schema';

const TABLE = 'account_account_type';
const INDEX = 'account_account_type_account_type_id_index';

/**
 * Issue 16: the links of a type are found by `account_type_id` (deleting a
 * type cascades to them); the unique pair only serves lookups by account.
 * MySQL had an implicit index for the foreign key, SQLite none.
 */
export class AccountTypeLinksIndex1735180000000 implements MigrationInterface {
  name = 'AccountTypeLinksIndex1735180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(TABLE, new TableIndex({ name: INDEX, columnNames: ['account_type_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // MySQL refuses to drop the index its foreign key uses: the key goes and comes back (with its implicit index)
    const table = await queryRunner.getTable(TABLE);
    const foreignKey = table?.foreignKeys.find((key) => key.columnNames.includes('account_type_id'));
    if (foreignKey) await queryRunner.dropForeignKey(TABLE, foreignKey);
    await queryRunner.dropIndex(TABLE, INDEX);
    if (foreignKey) await queryRunner.createForeignKey(TABLE, new TableForeignKey(cascadeTo('account_type_id', 'account_types')));
  }
}
