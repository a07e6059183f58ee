import request from 'supertest';
import { Account } from '../../src/account-core/entities/account.entity';
import { AccountAction } from '../../src/account-actions/entities/account-action.entity';
import { AccountFixture, count, createAccount, http } from '../support/fixtures';
import { adminWorld, AdminWorld, as, OTHER_DOMAIN } from '../support/admin-world';

/** the request an answer came from (superagent sets it; its types do not say so) */
const reqOf = (res: request.Response) => (res as unknown as { req: { method: string; path: string } }).req;

const MISSING = { message: 'Missing elements to perform the request' };
const UNAUTHORIZED = { message: 'Unauthorized area' };
const NO_DTMF = { message: 'DTMF Protocol must be configured' };
const TEXT = 'text/html; charset=UTF-8';
const text = (res: request.Response) => [res.status, res.text, res.headers['content-type']];

describe('account actions (contacts.md §5)', () => {
  let w: AdminWorld;
  let door: AccountFixture;
  let asOther: ReturnType<typeof as>;
  let stranger: Account;

  const withDtmf = async (username: string, domain?: string): Promise<AccountFixture> => {
    const f = await createAccount(w.t.db, { username, domain });
    await w.t.db.getRepository(Account).update({ id: f.account.id }, { dtmf_protocol: 'sipinfo' });
    return f;
  };
  const actions = (accountId: number) => `/api/accounts/${accountId}/actions`;
  const create = async (accountId: number, key: string, code: string, client = w.asAdmin): Promise<number> => {
    const res = await client.post(actions(accountId), { key, code });
    expect([key, res.status]).toEqual([key, 201]);
    return res.body.id as number;
  };

  beforeAll(async () => {
    w = await adminWorld({ DB_QUERY_COUNT_HEADER: 'true' });
    door = await withDtmf('door');
    const otherAdmin = await createAccount(w.t.db, { username: 'boss', domain: OTHER_DOMAIN, admin: true });
    asOther = as(w.t, otherAdmin.apiKey, OTHER_DOMAIN);
    stranger = (await withDtmf('gate', OTHER_DOMAIN)).account;
  });
  afterAll(() => w.t.close());

  it('creates 123/123: 201 {"key", "code", "id"}; lists and shows it as {"id", "key", "code"}', async () => {
    const res = await w.asAdmin.post(actions(door.account.id), { key: '123', code: '123' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['key', 'code', 'id']);
    expect(res.body).toEqual({ key: '123', code: '123', id: expect.any(Number) });
    const list = await w.asAdmin.get(actions(door.account.id));
    expect([list.status, list.body]).toEqual([200, [{ id: res.body.id, key: '123', code: '123' }]]);
    expect(Object.keys(list.body[0])).toEqual(['id', 'key', 'code']);
    const shown = await w.asAdmin.get(`${actions(door.account.id)}/${res.body.id}`);
    expect([shown.status, shown.body]).toEqual([200, { id: res.body.id, key: '123', code: '123' }]);
    const row = await w.t.db.getRepository(AccountAction).findOneByOrFail({ id: res.body.id });
    expect([row.account_id, row.created_at]).toEqual([door.account.id, expect.any(Date)]);
  });

  it('refuses keys and codes outside the rules (422 on the field)', async () => {
    const alphaDash = 'The key may only contain letters, numbers, dashes and underscores.';
    const alphaNum = 'The code may only contain letters and numbers.';
    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      [{}, { key: ['The key field is required.'], code: ['The code field is required.'] }],
      [{ code: '1' }, { key: ['The key field is required.'] }],
      [{ key: 'k' }, { code: ['The code field is required.'] }],
      [{ key: 'Abc1234', code: '1' }, { key: ['No uppercase letters are allowed.'] }],
      [{ key: 'a b', code: '1' }, { key: [alphaDash] }],
      [{ key: 'k', code: 'ABC' }, { code: ['No uppercase letters are allowed.'] }],
      [{ key: 'k', code: 'a-b' }, { code: [alphaNum] }],
      [{ key: 'k', code: '1#' }, { code: [alphaNum] }],
      [{ key: 'x'.repeat(256), code: '1' }, { key: ['The key may not be greater than 255 characters.'] }],
      [{ key: 'k', code: '1'.repeat(256) }, { code: ['The code may not be greater than 255 characters.'] }],
      [
        { key: true, code: false },
        { key: [alphaDash], code: [alphaNum] },
      ],
      [{ key: { a: 1 }, code: '1' }, { key: ['The key must be a string.'] }],
    ];
    for (const [body, errors] of cases) {
      const res = await w.asAdmin.post(actions(door.account.id), body);
      expect([body, res.status, res.body.errors]).toEqual([body, 422, errors]);
    }
  });

  it('accepts Unicode letters and digits, "-" and "_" in keys, and numbers as their text', async () => {
    const res = await w.asAdmin.post(actions(door.account.id), { key: 'ouvrir_porte-été', code: 'éa٣' });
    expect([res.status, res.body.key, res.body.code]).toEqual([201, 'ouvrir_porte-été', 'éa٣']);
    const numbers = await w.asAdmin.post(actions(door.account.id), { key: 7, code: 42 });
    expect([numbers.status, numbers.body.key, numbers.body.code]).toEqual([201, '7', '42']);
  });

  it("updates with PUT and PATCH (both fields required: 422 first, then 404 for another account's or unknown action)", async () => {
    const id = await create(door.account.id, 'update-me', '1');
    const put = await w.asAdmin.put(`${actions(door.account.id)}/${id}`, { key: 'update-me', code: 'abc' });
    expect([put.status, put.body]).toEqual([200, { id, key: 'update-me', code: 'abc' }]);
    expect((await w.asAdmin.get(actions(door.account.id))).body).toContainEqual({ id, key: 'update-me', code: 'abc' });
    const patch = await http(w.t)
      .patch(`${actions(door.account.id)}/${id}`)
      .set('x-api-key', w.admin.key)
      .send({ key: 'patched', code: '9' });
    expect([patch.status, patch.body]).toEqual([200, { id, key: 'patched', code: '9' }]);

    const missing = await w.asAdmin.put(`${actions(door.account.id)}/${id}`, { key: 'k' });
    expect([missing.status, missing.body.errors]).toEqual([422, { code: ['The code field is required.'] }]);
    expect((await w.asAdmin.put(`${actions(door.account.id)}/999999`, {})).status).toBe(422);
    const unknown = await w.asAdmin.put(`${actions(door.account.id)}/999999`, { key: 'k', code: '1' });
    expect([unknown.status, unknown.body]).toEqual([404, MISSING]);

    const neighbour = await withDtmf('neighbour');
    const foreign = await w.asAdmin.put(`${actions(neighbour.account.id)}/${id}`, { key: 'k', code: '1' });
    expect([foreign.status, foreign.body]).toEqual([404, MISSING]);
    expect((await w.asAdmin.get(`${actions(neighbour.account.id)}/${id}`)).status).toBe(404);
    expect(text(await w.asAdmin.delete(`${actions(neighbour.account.id)}/${id}`))).toEqual([200, '0', TEXT]);
    expect(await count(w.t.db, AccountAction, { id, key: 'patched' })).toBe(1);
  });

  it('deletes: 1, then 0; the list drops to nothing', async () => {
    const account = (await withDtmf('deleting')).account;
    const id = await create(account.id, 'bye', '1');
    expect(text(await w.asAdmin.delete(`${actions(account.id)}/${id}`))).toEqual([200, '1', TEXT]);
    expect(text(await w.asAdmin.delete(`${actions(account.id)}/${id}`))).toEqual([200, '0', TEXT]);
    expect((await w.asAdmin.get(actions(account.id))).body).toEqual([]);
    expect((await w.asAdmin.get(`${actions(account.id)}/${id}`)).status).toBe(404);
    for (const path of [`${actions(account.id)}/abc`, `${actions(account.id)}/0x1`, '/api/accounts/abc/actions']) {
      expect([path, (await w.asAdmin.get(path)).status]).toEqual([path, 404]);
    }
  });

  it('shows the actions in the account JSON (show, list, /me)', async () => {
    const account = await withDtmf('shown');
    const id = await create(account.account.id, 'open', '12');
    const expected = [{ id, key: 'open', code: '12' }];
    expect((await w.asAdmin.get(`/api/accounts/${account.account.id}`)).body.actions).toEqual(expected);
    const page = await w.asAdmin.get('/api/accounts?per_page=100');
    expect(page.body.data.find((a: { id: number }) => a.id === account.account.id).actions).toEqual(expected);
    expect((await as(w.t, account.apiKey).get('/api/accounts/me')).body.actions).toEqual(expected);
  });

  describe('the DTMF rule', () => {
    it('without a DTMF protocol every action route answers 403 before validation; the account JSON shows no actions, though rows exist', async () => {
      const account = await withDtmf('no-dtmf');
      const id = await create(account.account.id, 'kept', '1');
      // through the API, as the spec's flow does
      const cleared = await w.asAdmin.put(`/api/accounts/${account.account.id}`, {
        username: 'no-dtmf',
        algorithm: 'SHA-256',
        dtmf_protocol: null,
      });
      expect([cleared.status, cleared.body.dtmf_protocol, cleared.body.actions]).toEqual([200, null, []]);

      const base = actions(account.account.id);
      for (const res of [
        await w.asAdmin.get(base),
        await w.asAdmin.post(base, { key: 'k', code: '1' }),
        await w.asAdmin.post(base, {}),
        await w.asAdmin.get(`${base}/${id}`),
        await w.asAdmin.get(`${base}/999999`),
        await w.asAdmin.get(`${base}/abc`),
        await w.asAdmin.put(`${base}/${id}`, {}),
        await w.asAdmin.delete(`${base}/${id}`),
      ]) {
        expect([reqOf(res).method, reqOf(res).path, res.status, res.body]).toEqual([reqOf(res).method, reqOf(res).path, 403, NO_DTMF]);
      }
      expect((await w.asAdmin.get(`/api/accounts/${account.account.id}`)).body.actions).toEqual([]);
      expect((await as(w.t, account.apiKey).get('/api/accounts/me')).body.actions).toEqual([]);
      expect(await count(w.t.db, AccountAction, { id })).toBe(1);
    });

    it('the account comes first: an unknown account is 404, whatever the body', async () => {
      for (const res of [
        await w.asAdmin.post(actions(999999), {}),
        await w.asAdmin.get(actions(999999)),
        await w.asAdmin.delete(`${actions(999999)}/1`),
      ]) {
        expect([res.status, res.body]).toEqual([404, MISSING]);
      }
    });
  });

  it('is for admins only', async () => {
    const user = as(w.t, door.apiKey);
    for (const res of [await user.get(actions(door.account.id)), await user.post(actions(door.account.id), { key: 'k', code: '1' })]) {
      expect([res.status, res.body]).toEqual([403, UNAUTHORIZED]);
    }
    expect((await http(w.t).get(actions(door.account.id))).status).toBe(401);
  });

  it('query counts: a list is the Space, the API key, the account and the actions', async () => {
    const res = await w.asAdmin.get(actions(door.account.id));
    expect([res.status, res.headers['x-query-count']]).toEqual([200, '4']);
  });

  describe('isolation between Spaces', () => {
    let theirs: number;
    beforeAll(async () => {
      theirs = await create(stranger.id, 'their-door', '7', asOther);
    });

    it("an admin of one Space cannot see or touch another Space's account actions by id", async () => {
      const base = actions(stranger.id);
      for (const res of [
        await w.asAdmin.get(base),
        await w.asAdmin.get(`${base}/${theirs}`),
        await w.asAdmin.post(base, { key: 'intruder', code: '1' }),
        await w.asAdmin.post(base, {}),
        await w.asAdmin.put(`${base}/${theirs}`, { key: 'intruder', code: '1' }),
        await w.asAdmin.delete(`${base}/${theirs}`),
        // their action under an account of ours
        await w.asAdmin.get(`${actions(door.account.id)}/${theirs}`),
        await w.asAdmin.put(`${actions(door.account.id)}/${theirs}`, { key: 'intruder', code: '1' }),
      ]) {
        expect([reqOf(res).method, reqOf(res).path, res.status, res.body]).toEqual([reqOf(res).method, reqOf(res).path, 404, MISSING]);
      }
      expect(text(await w.asAdmin.delete(`${actions(door.account.id)}/${theirs}`))).toEqual([200, '0', TEXT]);
      expect(await w.t.db.getRepository(AccountAction).findOneByOrFail({ id: theirs })).toMatchObject({
        account_id: stranger.id,
        key: 'their-door',
        code: '7',
      });
      expect(await count(w.t.db, AccountAction, { key: 'intruder' })).toBe(0);
    });

    it("an admin of one Space is refused on another Space's Host", async () => {
      const byHost = as(w.t, w.admin.key, OTHER_DOMAIN);
      const base = actions(stranger.id);
      for (const res of [
        await byHost.get(base),
        await byHost.get(`${base}/${theirs}`),
        await byHost.post(base, { key: 'intruder', code: '1' }),
        await byHost.put(`${base}/${theirs}`, { key: 'intruder', code: '1' }),
        await byHost.delete(`${base}/${theirs}`),
      ]) {
        expect([res.status, res.body]).toEqual([403, UNAUTHORIZED]);
      }
      expect(await count(w.t.db, AccountAction, { id: theirs })).toBe(1);
    });

    it('their own admin and a super admin reach them', async () => {
      expect((await asOther.get(actions(stranger.id))).body).toEqual([{ id: theirs, key: 'their-door', code: '7' }]);
      expect((await w.asSuper.get(`${actions(stranger.id)}/${theirs}`)).body).toEqual({ id: theirs, key: 'their-door', code: '7' });
    });
  });
});
