import { DataSource } from 'typeorm';
import { serializeSqliteTransactions } from './sqlite-transactions';
import { changeRows, installStatements, selectRows } from './statements';

/** SQLite's one connection: a write outside transactions must not ride in another request's open one. */
describe('writes outside transactions on SQLite', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await dataSource.initialize();
    serializeSqliteTransactions(dataSource);
    installStatements(dataSource, 1000);
    await dataSource.query('CREATE TABLE events (id VARCHAR(8) PRIMARY KEY)');
  });
  afterAll(() => dataSource.destroy());

  it("waits for an open transaction to end, so that transaction's rollback does not undo it", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const rolledBack = dataSource.manager
      .transaction(async (manager) => {
        await manager.query("INSERT INTO events (id) VALUES ('tx')");
        await held;
        throw new Error('rolled back');
      })
      .catch((error: Error) => error.message);
    // the transaction is open on the connection now
    await new Promise((r) => setImmediate(r));

    let written = false;
    const write = changeRows(dataSource, 'INSERT INTO events (id) VALUES (?)', ['outside']).then((n) => ((written = true), n));
    await new Promise((r) => setImmediate(r));
    expect(written).toBe(false);

    release();
    expect(await rolledBack).toBe('rolled back');
    expect(await write).toBe(1);
    expect(await selectRows(dataSource, 'SELECT id FROM events ORDER BY id', [])).toEqual([{ id: 'outside' }]);
  });

  it('runs at once when no transaction is open', async () => {
    expect(await changeRows(dataSource, 'INSERT INTO events (id) VALUES (?)', ['now'])).toBe(1);
  });
});
