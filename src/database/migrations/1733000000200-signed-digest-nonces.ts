import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const OLD = 'nonces_account_id_nonce_index';
const UNIQUE = 'nonces_account_id_nonce_unique';
const index = (name: string, isUnique: boolean) => new TableIndex({ name, columnNames: ['account_id', 'nonce'], isUnique });

/**
 * Deviation 24: nonces are signed and a row is written at a nonce's first
 * authenticated use; the unique index makes concurrent first uses race.
 * Rows of the old random nonces are deleted: those nonces no longer pass the
 * signature check, so the rows could never be used again.
 */
export class SignedDigestNonces1733000000200 implements MigrationInterface {
  name = 'SignedDigestNonces1733000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.manager.createQueryBuilder().delete().from('nonces').execute();
    // the new index first: MySQL needs one on account_id for the foreign key at all times
    await queryRunner.createIndex('nonces', index(UNIQUE, true));
    await queryRunner.dropIndex('nonces', OLD);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('nonces', index(OLD, false));
    await queryRunner.dropIndex('nonces', UNIQUE);
  }
}
