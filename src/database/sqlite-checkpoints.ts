import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';

/** How often the background connection copies the WAL into the database file. */
const INTERVAL_MS = 100;
/**
 * The server's own connection checkpoints only past this many WAL pages (the
 * default is 1,000): little is left to copy then, but under continuous writes
 * the background checkpoints never catch up the last frames, so this is also
 * where the WAL file starts over (16 MB at most).
 */
const BACKSTOP_PAGES = 4_000;

// runs in the worker: a second connection to the file, PASSIVE checkpoints (never waits on a lock)
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or gone: the next tick tries again */ }
}, workerData.interval);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * SQLite in WAL mode checkpoints inside the COMMIT that crosses 1,000 WAL
 * pages: the copy and its fsyncs (tens of ms on this disk) stalled the event
 * loop every ~80 account creations, the tail of `POST /api/accounts` (issue 9).
 * A worker thread with its own connection runs them instead; a commit then
 * only appends to the WAL. Same durability (synchronous = NORMAL on both).
 * Returns the stop function; nothing for MySQL or an in-memory database.
 */
export function checkpointInBackground(dataSource: DataSource): (() => Promise<void>) | undefined {
  const file = dataSource.options.database;
  if (dataSource.options.type !== 'better-sqlite3' || typeof file !== 'string' || file === ':memory:') return undefined;
  void dataSource.query(`PRAGMA wal_autocheckpoint = ${BACKSTOP_PAGES}`).catch(() => undefined);
  const worker = new Worker(WORKER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file, interval: INTERVAL_MS } });
  worker.unref();
  // a worker that cannot open the file: the server's connection checkpoints as before
  worker.on('error', () => void dataSource.query('PRAGMA wal_autocheckpoint = 1000').catch(() => undefined));
  return async () => {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('stop');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    await worker.terminate();
  };
}
