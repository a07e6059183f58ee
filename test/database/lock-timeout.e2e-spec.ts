import { startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, http } from '../support/fixtures';

/**
 * DB_TIMEOUT_SECONDS bounds a wait on a lock held elsewhere (another process,
 * a long transaction): SQLite's busy timeout, MySQL's query timeout. The
 * answer is the 503 of deviation 28, not a 500 and not a request that hangs.
 */
describe('a write that waits for a lock longer than DB_TIMEOUT_SECONDS', () => {
  let t: TestApp;
  let admin: AccountFixture;
  beforeAll(async () => {
    t = await startApp({ DB_TIMEOUT_SECONDS: '1' });
    admin = await createAccount(t.db, { admin: true });
  });
  afterAll(() => t.close());

  /** Holds the write lock of the account's row (MySQL) or of the whole file (SQLite) until released. */
  async function lockAccount(id: number): Promise<() => Promise<void>> {
    if (t.settings.db.connection === 'sqlite') {
      // the test's own connection to the file, another process's as far as the server knows
      await t.db.query('BEGIN IMMEDIATE');
      return async () => void (await t.db.query('ROLLBACK'));
    }
    const runner = t.db.createQueryRunner();
    await runner.startTransaction();
    await runner.query('SELECT id FROM accounts WHERE id = ? FOR UPDATE', [id]);
    return async () => {
      await runner.rollbackTransaction();
      await runner.release();
    };
  }

  it('PUT /api/accounts/{id}: 503 Service unavailable with Retry-After within the timeout, 200 once the lock is gone', async () => {
    const { account } = await createAccount(t.db);
    const update = () =>
      http(t)
        .put(`/api/accounts/${account.id}`)
        .set('x-api-key', admin.apiKey)
        .send({ username: account.username, display_name: 'Locked', password: 'secret', algorithm: 'SHA-256' });
    const release = await lockAccount(account.id);
    let res;
    const started = Date.now();
    try {
      res = await update();
    } finally {
      await release();
    }
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ message: 'Service unavailable' });
    expect(res.headers['retry-after']).toBe('5');
    expect(Date.now() - started).toBeLessThan(1000 + 2500);

    const again = await update();
    expect(again.status).toBe(200);
    expect(again.body.display_name).toBe('Locked');
  });
});
