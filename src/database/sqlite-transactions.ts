import { DataSource } from 'typeorm';

/**
 * better-sqlite3 gives TypeORM one connection: two transactions that overlap
 * across an `await` would share it, and one's rollback would undo the other's
 * writes. Transactions started from the data source are therefore run one at
 * a time. Code inside a transaction goes on with the manager it was given
 * (whose own `transaction()` nests on the same connection), never with the
 * data source's: such a call would wait for the transaction it runs in.
 * No AsyncLocalStorage to tell nested calls apart: once enabled, it puts a
 * hook on every promise of the process (2-3x their cost on Node 20; issue 9).
 */
export function serializeSqliteTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const manager = dataSource.manager;
  const original = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  (manager as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = (...args: unknown[]) => {
    const run = tail.then(() => original(...args));
    tail = run.catch(() => undefined);
    return run;
  };
  settled.set(dataSource, () => tail);
}

const settled = new WeakMap<DataSource, () => Promise<unknown>>();

/**
 * Resolves once every transaction queued so far has ended. A write outside
 * any transaction (statements.ts) waits for it while the connection is inside
 * one: run then, it would join that transaction and be undone by its rollback
 * after the client was told it was stored.
 */
export function sqliteTransactionsSettled(dataSource: DataSource): Promise<unknown> {
  return settled.get(dataSource)?.() ?? Promise.resolve();
}
