import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { id } from '../schema';

const TABLE = 'nonce_cutoffs';

/**
 * Issue 15: `digest:clear-nonces` records the issue time before which DIGEST
 * nonces are refused, in the database so that every instance sees it; the
 * nonce-count writes of the DIGEST path check it (src/auth/digest/nonce-counts.ts).
 * One row in use (the latest cut-off); `issued_before` is seconds since the
 * epoch, as the nonces carry their issue time.
 */
export class DigestNonceCutoffs1734215080000 implements MigrationInterface {
  name = 'DigestNonceCutoffs1734215080000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: TABLE,
        columns: [id(), { name: 'issued_before', type: 'bigint' }, { name: 'created_at', type: 'datetime', isNullable: true }],
        indices: [new TableIndex({ name: 'nonce_cutoffs_issued_before_index', columnNames: ['issued_before'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(TABLE);
  }
}
