import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { accountRef, cascadeTo, id, timestamps } from '../schema';

/**
 * Issue 16: the accounts' stored vCards (vcards.md §1), with the reference's
 * names. `uuid` holds up to 255 characters (deviation 14: the reference's
 * `char(36)` cuts `urn:uuid:…` UIDs) and compares byte for byte on both
 * engines (MySQL's default collation would make `A` and `a` one UID).
 */
export class VcardsStorage1735000000600 implements MigrationInterface {
  name = 'VcardsStorage1735000000600';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type !== 'better-sqlite3';
    await queryRunner.createTable(
      new Table({
        name: 'vcards_storage',
        columns: [
          id(),
          { name: 'uuid', type: 'varchar', length: '255', ...(mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {}) },
          { name: 'vcard', type: 'text' },
          accountRef(),
          ...timestamps(),
        ],
        // (account, uuid) is every lookup: the unique index serves them
        uniques: [{ name: 'vcards_storage_account_id_uuid_unique', columnNames: ['account_id', 'uuid'] }],
        indices: [{ name: 'vcards_storage_uuid_index', columnNames: ['uuid'] }],
        foreignKeys: [cascadeTo('account_id')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('vcards_storage');
  }
}
