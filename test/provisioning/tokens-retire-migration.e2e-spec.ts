import { ConsoleFixture, freshConsole } from '../support/cli';
import { RetireReplacedProvisioningTokens1735000000500 } from '../../src/database/migrations/1735000000500-retire-replaced-provisioning-tokens';

/** Issue 15 item 2 on existing data: a token left unused behind a newer one is marked used. */
describe('migration 1735000000500 (replaced provisioning tokens)', () => {
  let c: ConsoleFixture;
  const migration = new RetireReplacedProvisioningTokens1735000000500();

  beforeAll(async () => {
    ({ fixture: c } = await freshConsole());
    await c.revert(migration);
  });
  afterAll(() => c.close());

  it("leaves unused only each account's newest token, if it was; down changes nothing", async () => {
    const accounts: Record<string, number> = {};
    for (const name of ['spent', 'renewed', 'single', 'done']) {
      await c.db.query(
        `INSERT INTO accounts (username, domain, activated, ip_address, user_agent) VALUES ('${name}', 'sip.example.org', 1, '', '')`,
      );
      accounts[name] = Number((await c.db.query(`SELECT id FROM accounts WHERE username = '${name}'`))[0].id);
    }
    // [account, token, used], in id order
    const rows: [string, string, number][] = [
      ['spent', 'spentOld00001', 0], // the state: the newer one used, the older one current again
      ['renewed', 'renewedOld001', 0],
      ['spent', 'spentNew00001', 1],
      ['renewed', 'renewedNew001', 0],
      ['single', 'singleToken01', 0],
      ['done', 'doneToken0001', 1],
    ];
    for (const [account, token, used] of rows) {
      await c.db.query(`INSERT INTO provisioning_tokens (account_id, token, used) VALUES (${accounts[account]}, '${token}', ${used})`);
    }
    const state = async () =>
      (await c.db.query<{ token: string; used: number | boolean }[]>('SELECT token, used FROM provisioning_tokens ORDER BY id')).map(
        (row) => [row.token, Number(row.used)],
      );

    expect((await c.cli('db:migrate')).code).toBe(0);
    const after = [
      ['spentOld00001', 1],
      ['renewedOld001', 1],
      ['spentNew00001', 1],
      ['renewedNew001', 0],
      ['singleToken01', 0],
      ['doneToken0001', 1],
    ];
    expect(await state()).toEqual(after);

    await c.revert(migration);
    expect(await state()).toEqual(after);
    expect((await c.cli('db:migrate')).code).toBe(0);
  });
});
