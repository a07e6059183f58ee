import { AccountContactsList } from '../../src/contacts-lists/entities/account-contacts-list.entity';
import { ContactsListContact } from '../../src/contacts-lists/entities/contacts-list-contact.entity';
import { ContactsList } from '../../src/contacts-lists/entities/contacts-list.entity';
import { Space } from '../../src/account-core/entities/space.entity';
import { adminWorld, AdminWorld, as, DOMAIN, OTHER_DOMAIN } from '../support/admin-world';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { attachList, createList } from '../support/contacts';

const MISSING = { message: 'Missing elements to perform the request' };
const FORBIDDEN = { message: '' };
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$/;

describe('contacts lists (contacts.md §3, deviation 19)', () => {
  let w: AdminWorld;
  let alice: AccountFixture;
  let bob: AccountFixture;
  let carol: AccountFixture;
  let stranger: AccountFixture;
  let strangerAdmin: AccountFixture;
  const asUser = (f: AccountFixture, host?: string) => as(w.t, f.apiKey, host);
  const members = async (listId: number) =>
    (await w.t.db.getRepository(ContactsListContact).find({ where: { contacts_list_id: listId } }))
      .map((m) => m.contact_id)
      .sort((a, b) => a - b);
  const attachments = async (accountId: number) =>
    (await w.t.db.getRepository(AccountContactsList).find({ where: { account_id: accountId } }))
      .map((a) => a.contacts_list_id)
      .sort((a, b) => a - b);

  beforeAll(async () => {
    w = await adminWorld();
    alice = await createAccount(w.t.db, { username: 'alice' });
    bob = await createAccount(w.t.db, { username: 'bob' });
    carol = await createAccount(w.t.db, { username: 'carol' });
    stranger = await createAccount(w.t.db, { username: 'stranger', domain: OTHER_DOMAIN });
    strangerAdmin = await createAccount(w.t.db, { username: 'boss', domain: OTHER_DOMAIN, admin: true });
  });
  afterAll(() => w.t.close());
  afterEach(async () => {
    await w.t.db.query('DELETE FROM contacts_lists');
  });

  it('the reference flow: create → 201; three accounts added → 200 each; account 1234 → 404; attached to the admin → 200, again → 403', async () => {
    const created = await w.asAdmin.post('/api/contacts_lists', { title: 'Front desk', description: 'Reception phones' });
    expect(created.status).toBe(201);
    for (const f of [alice, bob, carol]) {
      const res = await w.asAdmin.post(`/api/contacts_lists/${created.body.id}/contacts/${f.account.id}`);
      expect([res.status, res.text]).toEqual([200, '']);
    }
    expect([(await w.asAdmin.post(`/api/contacts_lists/${created.body.id}/contacts/1234`)).status]).toEqual([404]);
    const attached = await w.asAdmin.post(`/api/accounts/${w.admin.id}/contacts_lists/${created.body.id}`);
    expect([attached.status, attached.text]).toEqual([200, '']);
    const again = await w.asAdmin.post(`/api/accounts/${w.admin.id}/contacts_lists/${created.body.id}`);
    expect([again.status, again.body]).toEqual([403, FORBIDDEN]);
    expect((await w.asAdmin.get(`/api/contacts_lists/${created.body.id}`)).body.contacts_count).toBe(3);
  });

  describe('CRUD', () => {
    it("POST: 201 with the reference's keys in its order, in the request's Space; the row as given", async () => {
      const res = await w.asAdmin.post('/api/contacts_lists', { title: 'Front desk', description: 'Reception phones' });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual(['title', 'description', 'updated_at', 'created_at', 'id']);
      expect(res.body).toEqual({
        title: 'Front desk',
        description: 'Reception phones',
        updated_at: expect.stringMatching(ISO),
        created_at: res.body.updated_at,
        id: expect.any(Number),
      });
      const row = await w.t.db.getRepository(ContactsList).findOneByOrFail({ id: res.body.id });
      const space = await w.t.db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
      expect([row.space_id, row.title, row.description]).toEqual([space.id, 'Front desk', 'Reception phones']);
      // a number is taken as its text (the reference's `required` accepts it)
      const numeric = await w.asAdmin.post('/api/contacts_lists', { title: 2024, description: 7 });
      expect([numeric.status, numeric.body.title, numeric.body.description]).toEqual([201, '2024', '7']);
    });

    it('POST: title and description required, strings, bounded; title unique in the Space (en, fr)', async () => {
      const empty = await w.asAdmin.post('/api/contacts_lists', {});
      expect([empty.status, empty.body.errors]).toEqual([
        422,
        { title: ['The title field is required.'], description: ['The description field is required.'] },
      ]);
      const wrong = await w.asAdmin.post('/api/contacts_lists', { title: ['x'], description: 'x'.repeat(10_001) });
      expect(wrong.status).toBe(422);
      expect(Object.keys(wrong.body.errors).sort()).toEqual(['description', 'title']);
      expect((await w.asAdmin.post('/api/contacts_lists', { title: 'x'.repeat(256), description: 'd' })).body.errors).toEqual({
        title: ['The title may not be greater than 255 characters.'],
      });
      expect((await w.asAdmin.post('/api/contacts_lists', { title: 'Taken', description: 'd' })).status).toBe(201);
      const taken = await w.asAdmin.post('/api/contacts_lists', { title: 'Taken', description: 'd' });
      expect([taken.status, taken.body]).toEqual([
        422,
        { message: 'The title has already been taken.', errors: { title: ['The title has already been taken.'] } },
      ]);
      const fr = await w.asAdmin.post('/api/contacts_lists', { title: 'Taken' }, { 'Accept-Language': 'fr' });
      expect(fr.body.errors).toEqual({ title: ['Le titre a déjà été pris.'], description: ['Le champ description est obligatoire.'] });
      expect(await w.t.db.getRepository(ContactsList).countBy({ title: 'Taken' })).toBe(1);
    });

    it('a title is unique per Space only: another Space (or a super admin in it) may reuse it', async () => {
      expect((await w.asAdmin.post('/api/contacts_lists', { title: 'Shared', description: 'a' })).status).toBe(201);
      expect((await asUser(strangerAdmin, OTHER_DOMAIN).post('/api/contacts_lists', { title: 'Shared', description: 'b' })).status).toBe(
        201,
      );
      // the super admin's list goes to the Space of the Host it calls
      expect(
        (await as(w.t, w.superAdmin.key, OTHER_DOMAIN).post('/api/contacts_lists', { title: 'Shared', description: 'c' })).status,
      ).toBe(422);
      expect((await w.asSuper.post('/api/contacts_lists', { title: 'Shared', description: 'c' })).status).toBe(422);
    });

    it("GET: the Space's lists in id order with contacts_count (members of the domain); by id; unknown → 404", async () => {
      const first = await createList(w.t.db, 'first', [alice.account.id, bob.account.id, stranger.account.id]);
      const second = await createList(w.t.db, 'second');
      const index = await w.asAdmin.get('/api/contacts_lists');
      expect(index.status).toBe(200);
      expect(index.body.map((l: { id: number; contacts_count: number }) => [l.id, l.contacts_count])).toEqual([
        [first.id, 2],
        [second.id, 0],
      ]);
      const one = await w.asAdmin.get(`/api/contacts_lists/${first.id}`);
      expect(Object.keys(one.body)).toEqual(['id', 'title', 'description', 'created_at', 'updated_at', 'contacts_count']);
      expect(one.body).toEqual({
        id: first.id,
        title: 'first',
        description: 'first members',
        created_at: expect.stringMatching(ISO),
        updated_at: expect.stringMatching(ISO),
        contacts_count: 2,
      });
      // a super admin counts every member
      expect((await w.asSuper.get(`/api/contacts_lists/${first.id}`)).body.contacts_count).toBe(3);
      for (const id of ['999999', 'abc', '0x1'])
        expect([id, (await w.asAdmin.get(`/api/contacts_lists/${id}`)).body]).toEqual([id, MISSING]);
      expect((await w.asAdmin.get('/api/contacts_lists/999999')).status).toBe(404);
    });

    it('[] when the Space has none', async () => {
      const res = await w.asAdmin.get('/api/contacts_lists');
      expect([res.status, res.text]).toEqual([200, '[]']);
    });

    it('PUT and PATCH: both fields required, validated before the 404; unique ignoring itself; 200 list object', async () => {
      const list = await createList(w.t.db, 'Old', [alice.account.id]);
      await createList(w.t.db, 'Other');
      for (const method of ['put', 'patch'] as const) {
        const call = (id: number | string, body: object) =>
          http(w.t)[method](`/api/contacts_lists/${id}`).set('x-api-key', w.admin.key).set('Accept', 'application/json').send(body);
        expect((await call(999999, { title: 'x' })).status).toBe(422);
        expect((await call(999999, { title: 'New', description: 'd' })).body).toEqual(MISSING);
        expect((await call(list.id, { title: 'Other', description: 'd' })).body.errors).toEqual({
          title: ['The title has already been taken.'],
        });
        const same = await call(list.id, { title: 'Old', description: `kept by ${method}` });
        expect([same.status, same.body.description, same.body.contacts_count]).toEqual([200, `kept by ${method}`, 1]);
      }
      const res = await http(w.t)
        .put(`/api/contacts_lists/${list.id}`)
        .set('x-api-key', w.admin.key)
        .send({ title: 'Renamed', description: 'new' });
      expect(Object.keys(res.body)).toEqual(['id', 'title', 'description', 'created_at', 'updated_at', 'contacts_count']);
      expect(res.body).toMatchObject({ id: list.id, title: 'Renamed', description: 'new', contacts_count: 1 });
      expect((await w.t.db.getRepository(ContactsList).findOneByOrFail({ id: list.id })).title).toBe('Renamed');
    });

    it('DELETE: `1`, its memberships and attachments with it; then `0`', async () => {
      const list = await createList(w.t.db, 'doomed', [alice.account.id, bob.account.id]);
      await attachList(w.t.db, carol.account.id, list.id);
      const res = await w.asAdmin.delete(`/api/contacts_lists/${list.id}`);
      expect([res.status, res.text]).toEqual([200, '1']);
      expect([await members(list.id), await attachments(carol.account.id)]).toEqual([[], []]);
      const again = await w.asAdmin.delete(`/api/contacts_lists/${list.id}`);
      expect([again.status, again.text]).toEqual([200, '0']);
    });
  });

  describe('members: /api/contacts_lists/{id}/contacts/{contact_id}', () => {
    it('POST: list → 404; already a member → 403 ""; account → 404; added → 200 empty', async () => {
      const list = await createList(w.t.db, 'team', [alice.account.id]);
      expect((await w.asAdmin.post(`/api/contacts_lists/999999/contacts/${bob.account.id}`)).body).toEqual(MISSING);
      expect((await w.asAdmin.post(`/api/contacts_lists/${list.id}/contacts/${alice.account.id}`)).body).toEqual(FORBIDDEN);
      expect((await w.asAdmin.post(`/api/contacts_lists/${list.id}/contacts/${alice.account.id}`)).status).toBe(403);
      expect((await w.asAdmin.post(`/api/contacts_lists/${list.id}/contacts/999999`)).body).toEqual(MISSING);
      const res = await w.asAdmin.post(`/api/contacts_lists/${list.id}/contacts/${bob.account.id}`);
      expect([res.status, res.text]).toEqual([200, '']);
      expect(await members(list.id)).toEqual([alice.account.id, bob.account.id].sort((a, b) => a - b));
    });

    it('DELETE: list → 404; not a member → 403 ""; removed → 200 `1`', async () => {
      const list = await createList(w.t.db, 'team', [alice.account.id, bob.account.id]);
      expect((await w.asAdmin.delete(`/api/contacts_lists/999999/contacts/${alice.account.id}`)).body).toEqual(MISSING);
      const notMember = await w.asAdmin.delete(`/api/contacts_lists/${list.id}/contacts/${carol.account.id}`);
      expect([notMember.status, notMember.body]).toEqual([403, FORBIDDEN]);
      const res = await w.asAdmin.delete(`/api/contacts_lists/${list.id}/contacts/${alice.account.id}`);
      expect([res.status, res.text]).toEqual([200, '1']);
      expect((await w.asAdmin.delete(`/api/contacts_lists/${list.id}/contacts/${alice.account.id}`)).status).toBe(403);
      expect(await members(list.id)).toEqual([bob.account.id]);
    });
  });

  describe('attachments: /api/accounts/{account_id}/contacts_lists/{contacts_list_id}', () => {
    it('POST: account → 404; already attached → 403 ""; list → 404; attached → 200 empty, and its members become contacts', async () => {
      const list = await createList(w.t.db, 'team', [bob.account.id]);
      expect((await w.asAdmin.post(`/api/accounts/999999/contacts_lists/${list.id}`)).body).toEqual(MISSING);
      expect((await w.asAdmin.post(`/api/accounts/${alice.account.id}/contacts_lists/999999`)).body).toEqual(MISSING);
      const res = await w.asAdmin.post(`/api/accounts/${alice.account.id}/contacts_lists/${list.id}`);
      expect([res.status, res.text]).toEqual([200, '']);
      expect((await w.asAdmin.post(`/api/accounts/${alice.account.id}/contacts_lists/${list.id}`)).body).toEqual(FORBIDDEN);
      expect(await attachments(alice.account.id)).toEqual([list.id]);
      expect((await asUser(alice).get('/api/accounts/me/contacts')).body.map((c: { id: number }) => c.id)).toEqual([bob.account.id]);
    });

    it('DELETE: account → 404; not attached → 403 ""; detached → 200 `1`', async () => {
      const list = await createList(w.t.db, 'team', [bob.account.id]);
      await attachList(w.t.db, alice.account.id, list.id);
      expect((await w.asAdmin.delete(`/api/accounts/999999/contacts_lists/${list.id}`)).body).toEqual(MISSING);
      for (const [account, id] of [
        [carol.account.id, list.id],
        [alice.account.id, 999999],
      ]) {
        const res = await w.asAdmin.delete(`/api/accounts/${account}/contacts_lists/${id}`);
        expect([res.status, res.body]).toEqual([403, FORBIDDEN]);
      }
      const res = await w.asAdmin.delete(`/api/accounts/${alice.account.id}/contacts_lists/${list.id}`);
      expect([res.status, res.text]).toEqual([200, '1']);
      expect((await w.asAdmin.delete(`/api/accounts/${alice.account.id}/contacts_lists/${list.id}`)).status).toBe(403);
      expect([await attachments(alice.account.id), (await asUser(alice).get('/api/accounts/me/contacts')).body]).toEqual([[], []]);
    });
  });

  it('concurrent adds and attachments of the same pair: one 200, the others 403, no 5xx', async () => {
    const list = await createList(w.t.db, 'raced');
    const adds = await Promise.all(
      Array.from({ length: 6 }, () => w.asAdmin.post(`/api/contacts_lists/${list.id}/contacts/${alice.account.id}`)),
    );
    const attaches = await Promise.all(
      Array.from({ length: 6 }, () => w.asAdmin.post(`/api/accounts/${bob.account.id}/contacts_lists/${list.id}`)),
    );
    for (const answers of [adds, attaches]) expect(answers.map((r) => r.status).sort()).toEqual([200, 403, 403, 403, 403, 403]);
    expect([await members(list.id), await attachments(bob.account.id)]).toEqual([[alice.account.id], [list.id]]);
  });

  it('one title created six times at once: one 201, five 422 on title (the rule, or the unique index when the race is lost)', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => w.asAdmin.post('/api/contacts_lists', { title: 'Twin', description: 'd' })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422, 422]);
    for (const res of answers.filter((r) => r.status === 422))
      expect(res.body.errors).toEqual({ title: ['The title has already been taken.'] });
    expect(await w.t.db.getRepository(ContactsList).countBy({ title: 'Twin' })).toBe(1);
  });

  it('deleting a Space deletes its lists, with their members and attachments', async () => {
    const doomedSpace = 'doomed.example.org';
    expect((await w.asSuper.post('/api/spaces', { domain: doomedSpace })).status).toBe(201);
    const list = await createList(w.t.db, 'doomed', [alice.account.id], doomedSpace);
    await attachList(w.t.db, bob.account.id, list.id);
    const kept = await createList(w.t.db, 'kept', [alice.account.id]);
    expect((await w.asSuper.delete(`/api/spaces/${doomedSpace}`)).status).toBe(200);
    expect((await w.t.db.getRepository(ContactsList).find()).map((l) => l.id)).toEqual([kept.id]);
    expect([await members(list.id), await attachments(bob.account.id)]).toEqual([[], []]);
  });

  describe('isolation: a list belongs to its Space', () => {
    let mine: number;
    let theirs: number;
    let snapshot: unknown;
    const state = async () => ({
      lists: await w.t.db.getRepository(ContactsList).find({ order: { id: 'ASC' } }),
      members: await w.t.db.getRepository(ContactsListContact).find({ order: { contacts_list_id: 'ASC', contact_id: 'ASC' } }),
      attachments: await w.t.db.getRepository(AccountContactsList).find({ order: { account_id: 'ASC', contacts_list_id: 'ASC' } }),
    });
    beforeEach(async () => {
      mine = (await createList(w.t.db, 'mine', [alice.account.id])).id;
      theirs = (await createList(w.t.db, 'theirs', [stranger.account.id], OTHER_DOMAIN)).id;
      await attachList(w.t.db, bob.account.id, mine);
      await attachList(w.t.db, strangerAdmin.account.id, theirs);
      snapshot = await state();
    });
    afterEach(async () => {
      // no route below changed anything
      expect(await state()).toEqual(snapshot);
    });

    it('an admin of another Space, on its own Host: this Space\'s list by id is absent (404, 403 "" for a detach, `0` for a delete); its index shows only its own', async () => {
      const other = asUser(strangerAdmin, OTHER_DOMAIN);
      const answers = [
        await other.get(`/api/contacts_lists/${mine}`),
        await other.put(`/api/contacts_lists/${mine}`, { title: 'x', description: 'y' }),
        await http(w.t)
          .patch(`/api/contacts_lists/${mine}`, OTHER_DOMAIN)
          .set('x-api-key', strangerAdmin.apiKey)
          .send({ title: 'x', description: 'y' }),
        await other.post(`/api/contacts_lists/${mine}/contacts/${stranger.account.id}`),
        await other.delete(`/api/contacts_lists/${mine}/contacts/${alice.account.id}`),
        await other.post(`/api/accounts/${stranger.account.id}/contacts_lists/${mine}`),
      ];
      expect(answers.map((r) => [r.status, r.body])).toEqual(Array(6).fill([404, MISSING]));
      const detach = await other.delete(`/api/accounts/${strangerAdmin.account.id}/contacts_lists/${mine}`);
      expect([detach.status, detach.body]).toEqual([403, FORBIDDEN]);
      expect((await other.delete(`/api/contacts_lists/${mine}`)).text).toBe('0');
      expect((await other.get('/api/contacts_lists')).body.map((l: { id: number }) => l.id)).toEqual([theirs]);
      expect((await w.asAdmin.get('/api/contacts_lists')).body.map((l: { id: number }) => l.id)).toEqual([mine]);
      // and the reverse, with this Space's admin on its own Host
      const reverse = [
        await w.asAdmin.get(`/api/contacts_lists/${theirs}`),
        await w.asAdmin.put(`/api/contacts_lists/${theirs}`, { title: 'x', description: 'y' }),
        await w.asAdmin.post(`/api/contacts_lists/${theirs}/contacts/${alice.account.id}`),
        await w.asAdmin.delete(`/api/contacts_lists/${theirs}/contacts/${stranger.account.id}`),
        await w.asAdmin.post(`/api/accounts/${bob.account.id}/contacts_lists/${theirs}`),
      ];
      expect(reverse.map((r) => [r.status, r.body])).toEqual(Array(5).fill([404, MISSING]));
      expect((await w.asAdmin.delete(`/api/contacts_lists/${theirs}`)).text).toBe('0');
    });

    it("an admin renaming another Space's list to a title that Space holds: 404, never the 422 that would reveal the title", async () => {
      const other = asUser(strangerAdmin, OTHER_DOMAIN);
      await createList(w.t.db, 'secret plans', []);
      snapshot = await state();
      for (const res of [
        await other.put(`/api/contacts_lists/${mine}`, { title: 'secret plans', description: 'y' }),
        await w.asAdmin.put(`/api/contacts_lists/${theirs}`, { title: 'theirs', description: 'y' }),
      ]) {
        expect([res.status, res.body]).toEqual([404, MISSING]);
      }
    });

    it("an admin: its own list with another Space's account, or another Space's account with its list, is 404", async () => {
      const answers = [
        await w.asAdmin.post(`/api/contacts_lists/${mine}/contacts/${stranger.account.id}`),
        await w.asAdmin.post(`/api/accounts/${stranger.account.id}/contacts_lists/${mine}`),
        await w.asAdmin.delete(`/api/accounts/${strangerAdmin.account.id}/contacts_lists/${theirs}`),
      ];
      expect(answers.map((r) => [r.status, r.body])).toEqual(Array(3).fill([404, MISSING]));
    });

    it("an admin with another Space's Host, and a user anywhere: refused before anything (403 Unauthorized area)", async () => {
      const clients = [as(w.t, w.admin.key, OTHER_DOMAIN), asUser(strangerAdmin), asUser(alice), asUser(stranger, OTHER_DOMAIN)];
      const refused: unknown[] = [];
      for (const client of clients) {
        for (const id of [mine, theirs]) {
          refused.push(
            await client.get('/api/contacts_lists'),
            await client.get(`/api/contacts_lists/${id}`),
            await client.post('/api/contacts_lists', { title: 'intruder', description: 'd' }),
            await client.put(`/api/contacts_lists/${id}`, { title: 'x', description: 'y' }),
            await client.delete(`/api/contacts_lists/${id}`),
            await client.post(`/api/contacts_lists/${id}/contacts/${alice.account.id}`),
            await client.delete(`/api/contacts_lists/${id}/contacts/${alice.account.id}`),
            await client.post(`/api/accounts/${alice.account.id}/contacts_lists/${id}`),
            await client.delete(`/api/accounts/${bob.account.id}/contacts_lists/${id}`),
          );
        }
      }
      const answers = (refused as { status: number; body: unknown }[]).map((r) => [r.status, r.body]);
      expect(answers).toEqual(Array(answers.length).fill([403, { message: 'Unauthorized area' }]));
      expect(answers.length).toBe(72);
    });

    it("a super admin sees and changes every Space's lists", async () => {
      expect((await w.asSuper.get('/api/contacts_lists')).body.map((l: { id: number }) => l.id)).toEqual([mine, theirs]);
      expect((await w.asSuper.get(`/api/contacts_lists/${theirs}`)).body.contacts_count).toBe(1);
      expect((await w.asSuper.post(`/api/contacts_lists/${theirs}/contacts/${strangerAdmin.account.id}`)).status).toBe(200);
      expect((await w.asSuper.delete(`/api/contacts_lists/${theirs}/contacts/${strangerAdmin.account.id}`)).text).toBe('1');
    });

    it('without credentials: 401 on every route', async () => {
      const anonymous = [
        await http(w.t).get('/api/contacts_lists'),
        await http(w.t).post('/api/contacts_lists'),
        await http(w.t).get(`/api/contacts_lists/${mine}`),
        await http(w.t).delete(`/api/contacts_lists/${mine}`),
        await http(w.t).post(`/api/contacts_lists/${mine}/contacts/${alice.account.id}`),
        await http(w.t).post(`/api/accounts/${bob.account.id}/contacts_lists/${mine}`),
      ];
      expect(anonymous.map((r) => r.status)).toEqual(Array(6).fill(401));
    });
  });

  it('the OpenAPI description documents the list objects the routes answer', async () => {
    type Schema = { $ref?: string; items?: Schema; properties?: Record<string, unknown> };
    const doc = (await http(w.t).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
      components: { schemas: Record<string, Schema> };
    };
    const keysOf = (schema: Schema) => Object.keys(doc.components.schemas[schema.$ref!.split('/').pop()!].properties!).sort();
    const schemaOf = (path: string, method: string, status = '200') =>
      doc.paths[path][method].responses[status].content!['application/json'].schema;
    const created = await w.asAdmin.post('/api/contacts_lists', { title: 'Doc', description: 'd' });
    expect(keysOf(schemaOf('/api/contacts_lists', 'post', '201'))).toEqual(Object.keys(created.body).sort());
    const shown = await w.asAdmin.get(`/api/contacts_lists/${created.body.id}`);
    for (const [path, method] of [
      ['/api/contacts_lists/{id}', 'get'],
      ['/api/contacts_lists/{id}', 'put'],
      ['/api/contacts_lists/{id}', 'patch'],
    ]) {
      expect([path, method, keysOf(schemaOf(path, method))]).toEqual([path, method, Object.keys(shown.body).sort()]);
    }
    expect(keysOf(schemaOf('/api/contacts_lists', 'get').items!)).toEqual(Object.keys(shown.body).sort());
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/contacts_lists/{id}/contacts/{contact_id}', '/api/accounts/{id}/contacts_lists/{contacts_list_id}']),
    );
  });
});
