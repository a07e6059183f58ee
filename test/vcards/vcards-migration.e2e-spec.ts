import { ConsoleFixture, freshConsole } from '../support/cli';
import { VcardsStorage1735000000600 } from '../../src/database/migrations/1735000000600-vcards-storage';

/** The vCard storage table (issue 16), created and dropped. */
describe('migration 1735000000600 (vcards_storage)', () => {
  let c: ConsoleFixture;
  const migration = new VcardsStorage1735000000600();

  beforeAll(async () => {
    ({ fixture: c } = await freshConsole());
  });
  afterAll(() => c.close());

  it("the reference's table and names, uuid of 255 characters, unique per account, cascading from accounts; undone by down", async () => {
    const table = await c.table('vcards_storage');
    expect(table.columns.map((column) => column.name).sort()).toEqual(['account_id', 'created_at', 'id', 'updated_at', 'uuid', 'vcard']);
    expect(table.findColumnByName('uuid')!.length).toBe('255');
    const unique = [
      ...table.uniques.map((u) => ({ name: u.name, columns: u.columnNames })),
      ...table.indices.filter((i) => i.isUnique).map((i) => ({ name: i.name, columns: i.columnNames })),
    ];
    expect(unique.map((u) => u.columns.sort())).toContainEqual(['account_id', 'uuid']);
    expect(table.foreignKeys.find((key) => key.columnNames.includes('account_id'))).toMatchObject({
      referencedTableName: expect.stringMatching(/accounts$/),
      onDelete: 'CASCADE',
    });

    await c.revert(migration);
    expect(await c.db.query(`SELECT 1 FROM flexiapi_migrations WHERE name = '${migration.name}'`)).toEqual([]);
    expect(await c.table('vcards_storage')).toBeUndefined();
    expect((await c.cli('db:migrate')).code).toBe(0);
    expect(await c.appliedMigrations()).toContain(migration.name);
  });
});
