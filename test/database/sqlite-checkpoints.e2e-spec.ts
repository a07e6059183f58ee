import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sleep, startApp, TestApp } from '../support/app';
import { createAccount, http } from '../support/fixtures';

const sqlite = (process.env.DB_CONNECTION ?? 'sqlite') !== 'mysql';
const digestOf = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * SQLite in WAL mode: the server's commits only append to the WAL, and a
 * worker thread's own connection copies it into the database file
 * (src/database/sqlite-checkpoints.ts), instead of a COMMIT on the event loop
 * doing it every ~1,000 pages. A few writes are far from that: without the
 * worker the database file would not change at all.
 */
(sqlite ? describe : describe.skip)('SQLite WAL checkpoints run in the background', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('copies a few commits into the database file without another write', async () => {
    const file = t.db.options.database as string;
    const admin = await createAccount(t.db, { admin: true });
    await sleep(400);
    const before = digestOf(file);
    for (const username of ['ckpt1', 'ckpt2', 'ckpt3']) {
      const res = await http(t)
        .post('/api/accounts')
        .set('x-api-key', admin.apiKey)
        .send({ username, password: 'secret', algorithm: 'SHA-256' });
      expect(res.status).toBe(200);
    }
    let changed = false;
    for (let i = 0; i < 30 && !changed; i++) {
      await sleep(100);
      changed = digestOf(file) !== before;
    }
    expect(changed).toBe(true);
  });
});
