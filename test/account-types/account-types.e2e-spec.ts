import request from 'supertest';
import { Account } from '../../src/account-core/entities/account.entity';
import { AccountAccountType } from '../../src/account-types/entities/account-account-type.entity';
import { AccountType } from '../../src/account-types/entities/account-type.entity';
import { AccountFixture, count, createAccount, http } from '../support/fixtures';
import { adminWorld, AdminWorld, as, DOMAIN, OTHER_DOMAIN } from '../support/admin-world';

const MISSING = { message: 'Missing elements to perform the request' };
const UNAUTHORIZED = { message: 'Unauthorized area' };

/** `1`/`0` answers: text, not JSON (README response conventions). */
const text = (res: request.Response) => [res.status, res.text, res.headers['content-type']];
const TEXT = 'text/html; charset=UTF-8';

describe('account types (contacts.md §4)', () => {
  let w: AdminWorld;
  let john: AccountFixture;
  /** the admin of the other Space, on its own Host */
  let asOther: ReturnType<typeof as>;
  let stranger: Account;

  beforeAll(async () => {
    w = await adminWorld({ DB_QUERY_COUNT_HEADER: 'true' });
    john = await createAccount(w.t.db, { username: 'john' });
    const otherAdmin = await createAccount(w.t.db, { username: 'boss', domain: OTHER_DOMAIN, admin: true });
    asOther = as(w.t, otherAdmin.apiKey, OTHER_DOMAIN);
    stranger = (await createAccount(w.t.db, { username: 'bob', domain: OTHER_DOMAIN })).account;
  });
  afterAll(() => w.t.close());

  const create = async (key: string, client = w.asAdmin): Promise<number> => {
    const res = await client.post('/api/account_types', { key });
    expect([key, res.status]).toEqual([key, 201]);
    return res.body.id as number;
  };

  describe('CRUD', () => {
    it('creates a type in the request\'s Space: 201 {"key", "id"}, then shows it as {"id", "key"}', async () => {
      const res = await w.asAdmin.post('/api/account_types', { key: 'phone' });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual(['key', 'id']);
      expect(res.body).toEqual({ key: 'phone', id: expect.any(Number) });
      const shown = await w.asAdmin.get(`/api/account_types/${res.body.id}`);
      expect([shown.status, shown.body]).toEqual([200, { id: res.body.id, key: 'phone' }]);
      const row = await w.t.db.getRepository(AccountType).findOneByOrFail({ id: res.body.id });
      expect(row.created_at).not.toBeNull();
      expect(row.space_id).toBe((await w.t.db.query('SELECT id FROM spaces WHERE domain = ?', [DOMAIN]))[0].id);
    });

    it('refuses a missing, taken, upper-case, non alpha_dash or too long key (422 on key)', async () => {
      await create('taken');
      const cases: [unknown, string][] = [
        [{}, 'The key field is required.'],
        [{ key: '' }, 'The key field is required.'],
        [{ key: 'taken' }, 'The key has already been taken.'],
        [{ key: 'Abc1234' }, 'No uppercase letters are allowed.'],
        [{ key: 'a b' }, 'The key may only contain letters, numbers, dashes and underscores.'],
        [{ key: 'a.b' }, 'The key may only contain letters, numbers, dashes and underscores.'],
        [{ key: 'x'.repeat(65) }, 'The key may not be greater than 64 characters.'],
        [{ key: true }, 'The key may only contain letters, numbers, dashes and underscores.'],
        [{ key: ['a'] }, 'The key must be a string.'],
      ];
      for (const [body, message] of cases) {
        const res = await w.asAdmin.post('/api/account_types', body);
        expect([body, res.status, res.body.errors?.key?.[0]]).toEqual([body, 422, message]);
      }
    });

    it('accepts Unicode letters and marks, digits, "-" and "_", and a number as its text', async () => {
      for (const key of ['été_2-b', 'ق٣', 'x'.repeat(64)]) await create(key);
      const res = await w.asAdmin.post('/api/account_types', { key: 4242 });
      expect([res.status, res.body.key]).toEqual([201, '4242']);
    });

    it('answers the key errors in French', async () => {
      const res = await w.asAdmin.post('/api/account_types', { key: 'a b' }, { 'Accept-Language': 'fr' });
      expect([res.status, res.body.errors.key]).toEqual([
        422,
        ['Le champ clé doit seulement contenir des lettres, des chiffres et des tirets.'],
      ]);
    });

    it("lists the Space's types in id order", async () => {
      const res = await w.asAdmin.get('/api/account_types');
      expect(res.status).toBe(200);
      const ids = res.body.map((t: { id: number }) => t.id);
      expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
      expect(res.body.find((t: { key: string }) => t.key === 'phone')).toEqual({ id: expect.any(Number), key: 'phone' });
      for (const type of res.body) expect(Object.keys(type)).toEqual(['id', 'key']);
    });

    it('renames with PUT and PATCH: validation first (422), then 404; its own key is not "taken"', async () => {
      const id = await create('rename-me');
      const put = await w.asAdmin.put(`/api/account_types/${id}`, { key: 'door' });
      expect([put.status, put.body]).toEqual([200, { id, key: 'door' }]);
      const patch = await http(w.t).patch(`/api/account_types/${id}`).set('x-api-key', w.admin.key).send({ key: 'door' });
      expect([patch.status, patch.body]).toEqual([200, { id, key: 'door' }]);
      expect((await w.asAdmin.get(`/api/account_types/${id}`)).body).toEqual({ id, key: 'door' });

      const taken = await w.asAdmin.put(`/api/account_types/${id}`, { key: 'phone' });
      expect([taken.status, taken.body.errors]).toEqual([422, { key: ['The key has already been taken.'] }]);
      const missing = await w.asAdmin.put(`/api/account_types/${id}`, {});
      expect([missing.status, missing.body.errors]).toEqual([422, { key: ['The key field is required.'] }]);
      expect((await w.asAdmin.put('/api/account_types/999999', {})).status).toBe(422);
      const unknown = await w.asAdmin.put('/api/account_types/999999', { key: 'fresh' });
      expect([unknown.status, unknown.body]).toEqual([404, MISSING]);
    });

    it('deletes: 1, then 0; a deleted or non-numeric id is 404', async () => {
      const id = await create('short-lived');
      expect(text(await w.asAdmin.delete(`/api/account_types/${id}`))).toEqual([200, '1', TEXT]);
      expect(text(await w.asAdmin.delete(`/api/account_types/${id}`))).toEqual([200, '0', TEXT]);
      for (const path of [`/api/account_types/${id}`, '/api/account_types/abc', '/api/account_types/0x1']) {
        const res = await w.asAdmin.get(path);
        expect([path, res.status, res.body]).toEqual([path, 404, MISSING]);
      }
    });

    it('is for admins only', async () => {
      const user = as(w.t, john.apiKey);
      for (const res of [
        await user.get('/api/account_types'),
        await user.post('/api/account_types', { key: 'nope' }),
        await user.post(`/api/accounts/${john.account.id}/types/1`),
      ]) {
        expect([res.status, res.body]).toEqual([403, UNAUTHORIZED]);
      }
      expect((await http(w.t).get('/api/account_types')).status).toBe(401);
    });
  });

  describe('on accounts', () => {
    it('attaches (200, empty), refuses twice (403 ""), shows it in the account JSON, detaches (1), refuses twice (403)', async () => {
      const phone = await create('intercom');
      const path = `/api/accounts/${john.account.id}/types/${phone}`;
      const attached = await w.asAdmin.post(path);
      expect([attached.status, attached.text]).toEqual([200, '']);
      const again = await w.asAdmin.post(path);
      expect([again.status, again.body]).toEqual([403, { message: '' }]);

      const shown = await w.asAdmin.get(`/api/accounts/${john.account.id}`);
      expect(shown.body.types).toEqual([{ id: phone, key: 'intercom' }]);
      const page = await w.asAdmin.get('/api/accounts');
      expect(page.body.data.find((a: { id: number }) => a.id === john.account.id).types).toEqual([{ id: phone, key: 'intercom' }]);
      const me = await as(w.t, john.apiKey).get('/api/accounts/me');
      expect(me.body.types).toEqual([{ id: phone, key: 'intercom' }]);

      expect(text(await w.asAdmin.delete(path))).toEqual([200, '1', TEXT]);
      const twice = await w.asAdmin.delete(path);
      expect([twice.status, twice.body]).toEqual([403, { message: '' }]);
      expect((await w.asAdmin.get(`/api/accounts/${john.account.id}`)).body.types).toEqual([]);
    });

    it('checks the account (404), then "already attached" (403), then the type (404)', async () => {
      const type = await create('ordering');
      expect((await w.asAdmin.post(`/api/accounts/999999/types/${type}`)).body).toEqual(MISSING);
      expect((await w.asAdmin.post(`/api/accounts/999999/types/${type}`)).status).toBe(404);
      expect((await w.asAdmin.delete(`/api/accounts/999999/types/${type}`)).status).toBe(404);
      const unknownType = await w.asAdmin.post(`/api/accounts/${john.account.id}/types/999999`);
      expect([unknownType.status, unknownType.body]).toEqual([404, MISSING]);
      expect((await w.asAdmin.delete(`/api/accounts/${john.account.id}/types/999999`)).status).toBe(403);
      expect((await w.asAdmin.post(`/api/accounts/${john.account.id}/types/abc`)).status).toBe(404);
    });

    it('lists several types in type id order; deleting a type removes it from its accounts', async () => {
      const account = (await createAccount(w.t.db, { username: 'multi' })).account;
      const [first, second] = [await create('first-type'), await create('second-type')];
      for (const id of [second, first]) expect((await w.asAdmin.post(`/api/accounts/${account.id}/types/${id}`)).status).toBe(200);
      expect((await w.asAdmin.get(`/api/accounts/${account.id}`)).body.types).toEqual([
        { id: first, key: 'first-type' },
        { id: second, key: 'second-type' },
      ]);
      expect(text(await w.asAdmin.delete(`/api/account_types/${first}`))).toEqual([200, '1', TEXT]);
      expect(await count(w.t.db, AccountAccountType, { account_type_id: first })).toBe(0);
      expect((await w.asAdmin.get(`/api/accounts/${account.id}`)).body.types).toEqual([{ id: second, key: 'second-type' }]);
    });

    it('a new account shows no types', async () => {
      const res = await w.asAdmin.post('/api/accounts', { username: 'fresh', password: 'secret', algorithm: 'SHA-256' });
      expect([res.status, res.body.types]).toEqual([200, []]);
    });
  });

  describe('query counts', () => {
    it('lists and shows in one statement after the Space and the API key', async () => {
      const list = await w.asAdmin.get('/api/account_types');
      expect([list.status, list.headers['x-query-count']]).toEqual([200, '3']);
      const id = list.body[0].id;
      expect((await w.asAdmin.get(`/api/account_types/${id}`)).headers['x-query-count']).toBe('3');
    });
  });

  describe('isolation between Spaces (deviation 19)', () => {
    let theirs: number;
    let theirTaken: number;
    beforeAll(async () => {
      theirs = await create('phone', asOther);
      theirTaken = await create('their-only', asOther);
    });

    it('keys are unique per Space: both Spaces have "phone"', async () => {
      const mine = (await w.asAdmin.get('/api/account_types')).body.find((t: { key: string }) => t.key === 'phone');
      expect(mine.id).not.toBe(theirs);
      expect((await asOther.get('/api/account_types')).body).toEqual([
        { id: theirs, key: 'phone' },
        { id: theirTaken, key: 'their-only' },
      ]);
    });

    it("an admin of one Space cannot see or touch another Space's type by id", async () => {
      const mine = (await w.asAdmin.get('/api/account_types')).body as { id: number }[];
      expect(mine.map((t) => t.id)).not.toContain(theirs);
      for (const res of [
        await w.asAdmin.get(`/api/account_types/${theirs}`),
        // a key taken in their Space only: still 404, nothing told about their Space
        await w.asAdmin.put(`/api/account_types/${theirs}`, { key: 'their-only' }),
        await w.asAdmin.put(`/api/account_types/${theirs}`, { key: 'renamed' }),
        await w.asAdmin.post(`/api/accounts/${john.account.id}/types/${theirs}`),
        await w.asAdmin.post(`/api/accounts/${stranger.id}/types/${theirs}`),
        await w.asAdmin.delete(`/api/accounts/${stranger.id}/types/${theirs}`),
      ]) {
        expect([res.status, res.body]).toEqual([404, MISSING]);
      }
      expect(text(await w.asAdmin.delete(`/api/account_types/${theirs}`))).toEqual([200, '0', TEXT]);
      // not attached to john: nothing to detach
      expect((await w.asAdmin.delete(`/api/accounts/${john.account.id}/types/${theirs}`)).status).toBe(403);
      expect(await w.t.db.getRepository(AccountType).findOneByOrFail({ id: theirs })).toMatchObject({ key: 'phone' });
      expect(await count(w.t.db, AccountAccountType, { account_id: john.account.id, account_type_id: theirs })).toBe(0);
    });

    it("an admin of one Space is refused on another Space's Host", async () => {
      const byHost = as(w.t, w.admin.key, OTHER_DOMAIN);
      for (const res of [
        await byHost.get('/api/account_types'),
        await byHost.get(`/api/account_types/${theirs}`),
        await byHost.post('/api/account_types', { key: 'intruder' }),
        await byHost.put(`/api/account_types/${theirs}`, { key: 'intruder' }),
        await byHost.delete(`/api/account_types/${theirs}`),
        await byHost.post(`/api/accounts/${stranger.id}/types/${theirs}`),
        await byHost.delete(`/api/accounts/${stranger.id}/types/${theirs}`),
      ]) {
        expect([res.status, res.body]).toEqual([403, UNAUTHORIZED]);
      }
      expect(await count(w.t.db, AccountType, { key: 'intruder' })).toBe(0);
    });

    it("a super admin sees every Space's types, renames within the type's own Space, and attaches a type only to accounts of its Space", async () => {
      const all = (await w.asSuper.get('/api/account_types')).body as { id: number }[];
      expect(all.map((t) => t.id)).toEqual(expect.arrayContaining([theirs, theirTaken]));
      expect((await w.asSuper.get(`/api/account_types/${theirs}`)).body).toEqual({ id: theirs, key: 'phone' });

      const clash = await w.asSuper.put(`/api/account_types/${theirTaken}`, { key: 'phone' });
      expect([clash.status, clash.body.errors]).toEqual([422, { key: ['The key has already been taken.'] }]);
      // "taken" exists in the default Space only
      const renamed = await w.asSuper.put(`/api/account_types/${theirTaken}`, { key: 'taken' });
      expect([renamed.status, renamed.body]).toEqual([200, { id: theirTaken, key: 'taken' }]);

      const wrongSpace = await w.asSuper.post(`/api/accounts/${john.account.id}/types/${theirs}`);
      expect([wrongSpace.status, wrongSpace.body]).toEqual([404, MISSING]);
      expect((await w.asSuper.post(`/api/accounts/${stranger.id}/types/${theirs}`)).status).toBe(200);
      expect((await asOther.get(`/api/accounts/${stranger.id}`)).body.types).toEqual([{ id: theirs, key: 'phone' }]);
    });

    it("an account moved to another domain shows none of its former Space's types", async () => {
      const mover = (await createAccount(w.t.db, { username: 'mover' })).account;
      const mine = await create('movable');
      expect((await w.asAdmin.post(`/api/accounts/${mover.id}/types/${mine}`)).status).toBe(200);
      await w.t.db.getRepository(Account).update({ id: mover.id }, { domain: OTHER_DOMAIN });
      expect((await asOther.get(`/api/accounts/${mover.id}`)).body.types).toEqual([]);
      // not one of its types any more: nothing to detach, and their own type can be given
      expect((await asOther.delete(`/api/accounts/${mover.id}/types/${mine}`)).status).toBe(403);
      expect((await asOther.post(`/api/accounts/${mover.id}/types/${theirs}`)).status).toBe(200);
      expect((await asOther.get(`/api/accounts/${mover.id}`)).body.types).toEqual([{ id: theirs, key: 'phone' }]);
    });
  });
});
