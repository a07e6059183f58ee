import { Account } from '../../src/account-core/entities/account.entity';
import { readRelationRows } from '../../src/account-core/relation-rows';
import { accountActionsMember, actionsByAccount } from '../../src/account-actions/account-action-rows';
import { accountTypesMember, typesByAccount } from '../../src/account-types/account-type-rows';
import { createAccount } from '../support/fixtures';
import { adminWorld, AdminWorld, DOMAIN } from '../support/admin-world';

/**
 * What the vCard readers take from types and actions: their members of a
 * relations statement for a set of accounts named by a subquery (any size,
 * no id list), read in one statement.
 */
describe('types and actions of a set of accounts in one statement', () => {
  let w: AdminWorld;
  beforeAll(async () => {
    w = await adminWorld();
  });
  afterAll(() => w.t.close());

  it('reads the types and actions of every account of a subquery, actions only with a DTMF protocol', async () => {
    const accounts: Account[] = [];
    for (const name of ['card1', 'card2', 'card3']) accounts.push((await createAccount(w.t.db, { username: name })).account);
    const type = (await w.asAdmin.post('/api/account_types', { key: 'door' })).body.id as number;
    for (const account of accounts) expect((await w.asAdmin.post(`/api/accounts/${account.id}/types/${type}`)).status).toBe(200);
    await w.t.db.getRepository(Account).update({ id: accounts[0].id }, { dtmf_protocol: 'rfc2833' });
    await w.t.db.getRepository(Account).update({ id: accounts[1].id }, { dtmf_protocol: 'rfc2833' });
    const action = (await w.asAdmin.post(`/api/accounts/${accounts[0].id}/actions`, { key: 'open', code: '12' })).body.id as number;
    const hidden = (await w.asAdmin.post(`/api/accounts/${accounts[1].id}/actions`, { key: 'hidden', code: '3' })).body.id as number;
    await w.t.db.getRepository(Account).update({ id: accounts[1].id }, { dtmf_protocol: null });

    const set = `SELECT id FROM accounts WHERE domain = ? AND username LIKE ?`;
    const parameters = [DOMAIN, 'card%'];
    let statements = 0;
    const query = w.t.db.query.bind(w.t.db);
    w.t.db.query = ((...args: Parameters<typeof query>) => (statements++, query(...args))) as typeof query;
    let rows;
    try {
      rows = await readRelationRows(w.t.db, [
        { sql: accountTypesMember(w.t.db)(set), parameters },
        { sql: accountActionsMember(w.t.db)(set), parameters },
      ]);
    } finally {
      w.t.db.query = query;
    }
    expect(statements).toBe(1);
    expect(Object.fromEntries(typesByAccount(rows))).toEqual(Object.fromEntries(accounts.map((a) => [a.id, [{ id: type, key: 'door' }]])));
    expect(Object.fromEntries(actionsByAccount(rows))).toEqual({ [accounts[0].id]: [{ id: action, key: 'open', code: '12' }] });
    // the account without a protocol: its row is not even read
    expect(rows.get('action')!.map((row) => row.id)).not.toContain(hidden);
  });
});
