import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: only an account's newest provisioning token may be unused. Older
 * versions left a replaced token unused, and it became current again once
 * the newer one was used; such rows are marked used. The derived table lets
 * MySQL read the table it updates (its error 1093 otherwise); SQLite takes
 * the same text. Nothing to undo: the rows were dead or dangerous.
 */
export class RetireReplacedProvisioningTokens1735000000500 implements MigrationInterface {
  name = 'RetireReplacedProvisioningTokens1735000000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'UPDATE provisioning_tokens SET used = 1 WHERE used = 0 AND id NOT IN ' +
        '(SELECT newest FROM (SELECT MAX(id) AS newest FROM provisioning_tokens GROUP BY account_id) latest)',
    );
  }

  async down(): Promise<void> {
    // a data fix: the replaced tokens stay used
  }
}
