import { ConsoleFixture, freshConsole } from '../support/cli';
import { AccountTypeLinksIndex1735180000000 } from '../../src/database/migrations/1735180000000-account-type-links-index';

const INDEX = 'account_account_type_account_type_id_index';

/** The links of a type indexed by type (issue 16), on existing data and back. */
describe('migration 1735180000000 (account type links indexed by type)', () => {
  let c: ConsoleFixture;
  const migration = new AccountTypeLinksIndex1735180000000();
  const table = () => c.table('account_account_type');

  beforeAll(async () => {
    ({ fixture: c } = await freshConsole());
  });
  afterAll(() => c.close());

  it('indexes account_type_id, keeps the cascade from account_types; undone by down and applied again', async () => {
    const migrated = await table();
    expect(migrated.indices.find((index) => index.name === INDEX)?.columnNames).toEqual(['account_type_id']);

    await c.revert(migration);
    const reverted = await table();
    expect(reverted.indices.map((index) => index.name)).not.toContain(INDEX);
    expect(reverted.foreignKeys.find((key) => key.columnNames.includes('account_type_id'))).toMatchObject({
      referencedTableName: expect.stringMatching(/account_types$/),
      onDelete: 'CASCADE',
    });

    expect((await c.cli('db:migrate')).code).toBe(0);
    const again = await table();
    expect(again.indices.map((index) => index.name)).toContain(INDEX);
    expect(again.foreignKeys.filter((key) => key.columnNames.includes('account_type_id'))).toHaveLength(1);
  });
});
