import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { cascadeTo } from '../schema';

const TABLE = 'account_creation_request_tokens';
const INDEX = 'account_creation_request_tokens_space_id_token_index';

/**
 * Issue 10: account creation request tokens belong to the Space of the Host
 * they were asked on, as creation tokens do (deviation 22). Earlier rows keep
 * no Space: only a super Space takes them.
 */
export class RequestTokensSpace1734100000000 implements MigrationInterface {
  name = 'RequestTokensSpace1734100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(TABLE, new TableColumn({ name: 'space_id', type: 'integer', isNullable: true }));
    // looked up by value within a Space
    await queryRunner.createIndex(TABLE, new TableIndex({ name: INDEX, columnNames: ['space_id', 'token'] }));
    await queryRunner.createForeignKey(TABLE, new TableForeignKey(cascadeTo('space_id', 'spaces')));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = await queryRunner.getTable(TABLE);
    const foreignKey = table?.foreignKeys.find((key) => key.columnNames.includes('space_id'));
    if (foreignKey) await queryRunner.dropForeignKey(TABLE, foreignKey);
    await queryRunner.dropIndex(TABLE, INDEX);
    await queryRunner.dropColumn(TABLE, 'space_id');
  }
}
