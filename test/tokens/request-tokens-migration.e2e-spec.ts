import { ConsoleFixture, freshConsole } from '../support/cli';
import { RequestTokensSpace1734100000000 } from '../../src/database/migrations/1734100000000-request-tokens-space';

/** Request tokens per Space (issue 10), on existing data and back. */
describe('migration 1734100000000 (request tokens per Space)', () => {
  let c: ConsoleFixture;
  const migration = new RequestTokensSpace1734100000000();
  const down = () => c.revert(migration);
  const table = () => c.table('account_creation_request_tokens');

  beforeAll(async () => {
    ({ fixture: c } = await freshConsole());
    await down();
  });
  afterAll(() => c.close());

  it('adds space_id (indexed with the token, cascading from spaces) and leaves earlier tokens without Space; undone by down', async () => {
    expect((await table()).columns.map((column) => column.name)).not.toContain('space_id');
    await c.db.query(`INSERT INTO account_creation_request_tokens (token, used) VALUES ('earlierToken1', 0)`);

    const result = await c.cli('db:migrate');
    expect(result.code).toBe(0);
    const migrated = await table();
    expect(migrated.columns.map((column) => column.name)).toContain('space_id');
    expect(migrated.indices.map((index) => index.name)).toContain('account_creation_request_tokens_space_id_token_index');
    expect(migrated.foreignKeys.find((key) => key.columnNames.includes('space_id'))).toMatchObject({
      referencedTableName: expect.stringMatching(/spaces$/),
      onDelete: 'CASCADE',
    });
    const rows: { token: string; space_id: number | null }[] = await c.db.query(
      `SELECT token, space_id FROM account_creation_request_tokens`,
    );
    expect(rows).toEqual([{ token: 'earlierToken1', space_id: null }]);

    await down();
    expect((await table()).columns.map((column) => column.name)).not.toContain('space_id');
    expect((await c.db.query(`SELECT token FROM account_creation_request_tokens`)).length).toBe(1);
    expect((await c.cli('db:migrate')).code).toBe(0);
  });
});
