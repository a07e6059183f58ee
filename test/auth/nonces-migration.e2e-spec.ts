import { QueryFailedError } from 'typeorm';
import { Nonce } from '../../src/auth/entities/nonce.entity';
import { createAccount } from '../support/fixtures';
import { ConsoleFixture, freshConsole } from '../support/cli';

const MIGRATION = 'SignedDigestNonces1733000000200';

/** The migration of deviation 24 runs both ways on the engine under test. */
describe(`migration ${MIGRATION}`, () => {
  let c: ConsoleFixture;
  beforeAll(async () => {
    ({ fixture: c } = await freshConsole());
  });
  afterAll(() => c.close());

  const applied = () => c.appliedMigrations();
  const insert = (accountId: number, nonce: string) => c.db.getRepository(Nonce).insert({ account_id: accountId, nonce, nc: 1 });

  it('makes (account_id, nonce) unique, and is reversible; old rows are dropped on the way up', async () => {
    const { account } = await createAccount(c.db);
    await insert(account.id, 'n1');
    await expect(insert(account.id, 'n1')).rejects.toBeInstanceOf(QueryFailedError);

    // later migrations (other work) are undone first, then redone; outside a transaction, because
    // TypeORM turns SQLite's foreign keys off only after opening it on undo (a no-op there), and a
    // later migration's table rebuild of `accounts` would then cascade into the nonce rows
    while ((await applied()).includes(MIGRATION)) await c.db.undoLastMigration({ transaction: 'none' });
    await insert(account.id, 'n1');
    expect(await c.db.getRepository(Nonce).countBy({ nonce: 'n1' })).toBe(2);

    await c.db.runMigrations({ transaction: 'each' });
    expect(await applied()).toContain(MIGRATION);
    expect(await c.db.getRepository(Nonce).count()).toBe(0);
    await insert(account.id, 'n1');
    await expect(insert(account.id, 'n1')).rejects.toBeInstanceOf(QueryFailedError);
  });

  it('DigestNonceCutoffs1734215080000 creates nonce_cutoffs, indexed on issued_before, and its down drops it', async () => {
    const name = 'DigestNonceCutoffs1734215080000';
    expect(await applied()).toContain(name);
    const table = await c.table('nonce_cutoffs');
    expect(table.columns.map((column) => column.name).sort()).toEqual(['created_at', 'id', 'issued_before']);
    expect(table.indices.map((index) => index.columnNames)).toContainEqual(['issued_before']);
    while ((await applied()).includes(name)) await c.db.undoLastMigration({ transaction: 'none' });
    const runner = c.db.createQueryRunner();
    try {
      expect(await runner.hasTable('nonce_cutoffs')).toBe(false);
    } finally {
      await runner.release();
    }
    await c.db.runMigrations({ transaction: 'each' });
    expect(await applied()).toContain(name);
    expect((await c.table('nonce_cutoffs')).columns).toHaveLength(3);
  });
});
