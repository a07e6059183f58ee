import request from 'supertest';
import { AccountAction } from '../../src/account-actions/entities/account-action.entity';
import { AccountDictionaryEntry } from '../../src/account-core/entities/account-dictionary-entry.entity';
import { Account } from '../../src/account-core/entities/account.entity';
import { AccountAccountType } from '../../src/account-types/entities/account-account-type.entity';
import { AccountType } from '../../src/account-types/entities/account-type.entity';
import { Space } from '../../src/account-core/entities/space.entity';
import { adminWorld, AdminWorld, as, DOMAIN } from '../support/admin-world';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { attachList, bulkAccounts, createList, linkContacts } from '../support/contacts';

const queries = (res: request.Response): number => {
  expect(res.status).toBe(200);
  return Number(res.headers['x-query-count']);
};

/**
 * Issue 16 item 9: an account's contacts, as JSON and as vCards, are read in a
 * fixed number of statements (DB_QUERY_COUNT_HEADER), however many its lists
 * hold. The 10,000 accounts are inserted in bulk, not through the API, once
 * for both routes.
 */
describe('contacts at size: GET /api/accounts/me/contacts and /contacts/vcard', () => {
  let w: AdminWorld;
  let small: AccountFixture;
  let large: AccountFixture;
  let many: number[];

  beforeAll(async () => {
    w = await adminWorld({ DB_QUERY_COUNT_HEADER: 'true' });
    many = await bulkAccounts(w.t.db, 'bulk', 10_000);
    small = await createAccount(w.t.db, { username: 'small' });
    large = await createAccount(w.t.db, { username: 'large' });
    // rows in every relation a contact shows, on some of them
    const space = await w.t.db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
    const type = await w.t.db.getRepository(AccountType).save({ space_id: space.id, key: 'phone' });
    for (const id of [many[0], many[5], many[9_999]]) {
      await w.t.db.getRepository(Account).update({ id }, { dtmf_protocol: 'sipinfo' });
      await w.t.db.getRepository(AccountAccountType).save({ account_id: id, account_type_id: type.id });
      await w.t.db.getRepository(AccountAction).save({ account_id: id, key: 'open', code: '1' });
      await w.t.db.getRepository(AccountDictionaryEntry).save({ account_id: id, key: 'floor', value: '2' });
    }
    // 10 contacts: a list of 8 and 2 direct ones; 10,000: two lists that overlap, and direct ones among them
    const few = await createList(w.t.db, 'few', many.slice(0, 8));
    await attachList(w.t.db, small.account.id, few.id);
    await linkContacts(w.t.db, small.account.id, many[8], many[9]);
    const firstHalf = await createList(w.t.db, 'first half', many.slice(0, 6_000));
    const secondHalf = await createList(w.t.db, 'second half', many.slice(4_000));
    await attachList(w.t.db, large.account.id, firstHalf.id);
    await attachList(w.t.db, large.account.id, secondHalf.id);
    await linkContacts(w.t.db, large.account.id, many[1], many[9_998]);
  }, 120_000);
  afterAll(() => w.t.close());

  it('the same statements for 10 contacts as for 10,000: Space, API key, the accounts, their relations', async () => {
    const tenRes = await as(w.t, small.apiKey).get('/api/accounts/me/contacts');
    const started = Date.now();
    const tenThousandRes = await as(w.t, large.apiKey).get('/api/accounts/me/contacts');
    // generous for a loaded machine; a join driven by the domain's accounts took minutes
    expect(Date.now() - started).toBeLessThan(10_000);
    expect([tenRes.body.length, tenThousandRes.body.length]).toEqual([10, 10_000]);
    const [first, fifth] = [tenThousandRes.body[0], tenThousandRes.body[5]];
    expect([first.types.length, first.actions.length, first.dictionary, first.passwords]).toEqual([
      1,
      1,
      { floor: '2' },
      [{ algorithm: 'SHA-256' }],
    ]);
    expect(fifth.actions).toEqual([expect.objectContaining({ key: 'open', code: '1' })]);
    expect([queries(tenRes), queries(tenThousandRes)]).toEqual([4, 4]);
  });

  it('one contact by its address: the same statements', async () => {
    expect(queries(await as(w.t, large.apiKey).get(`/api/accounts/me/contacts/bulk9999@${DOMAIN}`))).toBe(4);
  });

  it("the admin list of 2,500 direct contacts: serialized 1,000 accounts a statement, under both engines' parameter limits", async () => {
    const hub = await createAccount(w.t.db, { username: 'hub' });
    await w.t.db.query("INSERT INTO contacts (account_id, contact_id) SELECT ?, id FROM accounts WHERE username LIKE 'bulk%' AND id <= ?", [
      hub.account.id,
      many[2_499],
    ]);
    const res = await w.asAdmin.get(`/api/accounts/${hub.account.id}/contacts`);
    expect([res.status, res.body.length, res.body[2_499].id]).toEqual([200, 2_500, many[2_499]]);
    // Space, API key, the account, the contacts' rows, then one relations statement per 1,000 accounts
    expect(queries(res)).toBe(4 + 3);
  });

  it('no contact: Space, API key, and the accounts statement only', async () => {
    const none = await createAccount(w.t.db, { username: 'none' });
    const res = await as(w.t, none.apiKey).get('/api/accounts/me/contacts');
    expect([res.text, queries(res)]).toEqual(['[]', 3]);
  });

  const cards = (text: string) => text.split('\n').filter((line) => line === 'BEGIN:VCARD').length;

  it('/contacts/vcard: the same statements for 10 contacts as for 10,000: Space, API key, the contacts, their types and actions', async () => {
    const ten = await http(w.t).get('/contacts/vcard').set('x-api-key', small.apiKey);
    const started = Date.now();
    const tenThousand = await http(w.t).get('/contacts/vcard').set('x-api-key', large.apiKey);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect([cards(ten.text), cards(tenThousand.text)]).toEqual([10, 10_000]);
    expect(tenThousand.text.split('\n').slice(0, 9)).toEqual([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'KIND:individual',
      `IMPP:sip:bulk0@${DOMAIN}`,
      `FN:bulk0@${DOMAIN}`,
      'X-LINPHONE-ACCOUNT-DTMF-PROTOCOL:sipinfo',
      'X-LINPHONE-ACCOUNT-TYPE:phone',
      'X-LINPHONE-ACCOUNT-ACTION:open;1',
      'END:VCARD',
    ]);
    expect([queries(ten), queries(tenThousand)]).toEqual([4, 4]);
  });

  it('/contacts/vcard/{sip}: one card by its address, the same statements', async () => {
    const res = await http(w.t).get(`/contacts/vcard/bulk9999@${DOMAIN}`).set('x-api-key', large.apiKey);
    expect([cards(res.text), queries(res)]).toEqual([1, 4]);
  });

  it('/contacts/vcard, no contact: Space, API key and the contacts statement only', async () => {
    const none = await createAccount(w.t.db, { username: 'nobody' });
    const res = await http(w.t).get('/contacts/vcard').set('x-api-key', none.apiKey);
    expect([res.text, queries(res)]).toEqual(['', 3]);
  });
});
