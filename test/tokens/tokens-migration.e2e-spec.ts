import { ConsoleFixture, freshConsole } from '../support/cli';
import { TokensHardening1733000000300 } from '../../src/database/migrations/1733000000300-tokens-hardening';

/** The migration of deviations 22–23 on existing data, and back. */
describe('migration 1733000000300 (tokens per Space, counted code tries)', () => {
  let c: ConsoleFixture;
  const migration = new TokensHardening1733000000300();
  /** As the migration runner does it: SQLite's foreign keys off while tables are rebuilt. */
  const down = () => c.revert(migration);
  /** The real path: `db:migrate` applies it again. */
  const up = async () => {
    const result = await c.cli('db:migrate');
    expect(result.code).toBe(0);
  };
  const columns = async (table: string) => (await c.table(table)).columns.map((column) => column.name);

  beforeAll(async () => {
    ({ fixture: c } = await freshConsole());
    // back to the schema before it, with tokens made then
    await down();
  });
  afterAll(() => c.close());

  it('gives a linked token the Space of its account, leaves the unlinked ones without Space, and undoes it', async () => {
    expect(await columns('account_creation_tokens')).not.toContain('space_id');
    await c.db.query(`INSERT INTO spaces (domain, host) VALUES ('other.org', 'other.org')`);
    const [other] = await c.db.query(`SELECT id FROM spaces WHERE domain = 'other.org'`);
    await c.db.query(`INSERT INTO accounts (username, domain, activated, ip_address, user_agent) VALUES ('bob', 'other.org', 1, '', '')`);
    const [bob] = await c.db.query(`SELECT id FROM accounts WHERE username = 'bob'`);
    // no column says who made a token: only the account it was used by tells its Space
    await c.db.query(
      `INSERT INTO account_creation_tokens (token, used, account_id) VALUES ('linkedtoken01', 1, ${bob.id}), ('freshtoken001', 0, NULL)`,
    );

    await up();
    const rows: { token: string; space_id: number | null }[] = await c.db.query(
      `SELECT token, space_id FROM account_creation_tokens ORDER BY token`,
    );
    expect(rows.map((row) => [row.token, row.space_id === null ? null : Number(row.space_id)])).toEqual([
      ['freshtoken001', null],
      ['linkedtoken01', Number(other.id)],
    ]);
    for (const table of ['email_change_codes', 'phone_change_codes', 'recovery_codes']) {
      expect(await columns(table)).toContain('attempts');
    }
    expect(await columns('accounts')).toContain('confirmation_key_attempts');

    await down();
    expect(await columns('account_creation_tokens')).not.toContain('space_id');
    expect(await columns('email_change_codes')).not.toContain('attempts');
    expect(await columns('accounts')).not.toContain('confirmation_key_attempts');
    expect((await c.db.query(`SELECT token FROM account_creation_tokens ORDER BY token`)).length).toBe(2);
    await up();
  });
});
