import request from 'supertest';
import { Vcard } from '../../src/vcards/entities/vcard.entity';
import { adminWorld, AdminWorld, as, HOST, OTHER_DOMAIN } from '../support/admin-world';
import { AccountFixture, count, createAccount, http } from '../support/fixtures';

const UID = 'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
const SIMON = `BEGIN:VCARD\nVERSION:4.0\nFN:Simon Perreault\nUID:${UID}\nEND:VCARD`;
const card = (uid: string, fn = 'Jhonny English') => `BEGIN:VCARD\nVERSION:4.0\nFN:${fn}\nUID:${uid}\nEND:VCARD\n`;
const MISSING = { message: 'Missing elements to perform the request' };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000000Z$/;

describe('vCard storage (vcards.md §1)', () => {
  let w: AdminWorld;
  let serial = 0;
  const fresh = (domain?: string) => createAccount(w.t.db, { username: `vc${++serial}`, ...(domain ? { domain } : {}) });
  const asUser = (f: AccountFixture, host?: string) => as(w.t, f.apiKey, host);

  beforeAll(async () => {
    w = await adminWorld();
  });
  afterAll(async () => {
    await w.t.close();
  });

  describe('POST /api/accounts/me/vcards-storage', () => {
    it("the spec's example: 200, the normalised text as a bare text/html body; the same UID again is 409", async () => {
      const user = await fresh();
      const res = await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: SIMON });
      expect([res.status, res.text]).toEqual([200, `${SIMON}\n`]);
      expect(res.headers['content-type']).toBe('text/html; charset=UTF-8');
      const again = await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: card(UID) });
      expect([again.status, again.body]).toEqual([409, { message: 'Vcard already exists' }]);
      // another account may store the same UID
      expect((await asUser(await fresh()).post('/api/accounts/me/vcards-storage', { vcard: SIMON })).status).toBe(200);
    });

    it('stores the normalised text: LF, VERSION first, upper-case names, folded lines', async () => {
      const user = await fresh();
      const input = `begin:vcard\r\nfn:Anna\r\nnote:${'n'.repeat(80)}\r\nversion:4.0\r\nuid:anna-1\r\nend:vcard`;
      const expected = `BEGIN:VCARD\nVERSION:4.0\nFN:Anna\nNOTE:${'n'.repeat(70)}\n ${'n'.repeat(10)}\nUID:anna-1\nEND:VCARD\n`;
      expect((await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: input })).text).toBe(expected);
      expect((await asUser(user).get('/api/accounts/me/vcards-storage/anna-1')).body.vcard).toBe(expected);
    });

    it.each([
      ['no vcard', {}, 'The vcard field is required.'],
      ['an empty vcard', { vcard: '' }, 'The vcard field is required.'],
      ['{"foo": "bar"}', { foo: 'bar' }, 'The vcard field is required.'],
      ['a card without UID', { vcard: 'BEGIN:VCARD\nVERSION:4.0\nFN:Simon Perreault\nEND:VCARD' }, 'Invalid vcard passed'],
      ['a UID of 256 characters', { vcard: card('u'.repeat(256)) }, 'Invalid vcard passed'],
      ['no FN', { vcard: `BEGIN:VCARD\nVERSION:4.0\nUID:${UID}\nEND:VCARD` }, 'Invalid vcard passed'],
      ['N with two components', { vcard: `BEGIN:VCARD\nVERSION:4.0\nFN:x\nN:Doe;John\nUID:${UID}\nEND:VCARD` }, 'Invalid vcard passed'],
      ['a BDAY that is no date', { vcard: `BEGIN:VCARD\nVERSION:4.0\nFN:x\nBDAY:soon\nUID:${UID}\nEND:VCARD` }, 'Invalid vcard passed'],
      ['not a card', { vcard: 'hello' }, 'Invalid vcard passed'],
      ['a number', { vcard: 12345 }, 'Invalid vcard passed'],
      ['an object', { vcard: { a: 'b' } }, 'Invalid vcard passed'],
    ])('422 on vcard: %s', async (_label, body, message) => {
      const user = await fresh();
      const res = await asUser(user).post('/api/accounts/me/vcards-storage', body);
      expect([res.status, res.body.errors]).toEqual([422, { vcard: [message] }]);
      expect(await count(w.t.db, Vcard, { account_id: user.account.id })).toBe(0);
    });

    it('sizes are bounded: a vcard over 65535 characters is 422, a request body over 1 MiB 413', async () => {
      const user = await fresh();
      const long = card(UID).replace('FN:', `NOTE:${'x'.repeat(65_600)}\nFN:`);
      const res = await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: long });
      expect([res.status, res.body.errors]).toEqual([422, { vcard: ['The vcard may not be greater than 65535 characters.'] }]);
      const huge = await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: 'x'.repeat(1_100_000) });
      expect(huge.status).toBe(413);
      // a UID of 255 characters (deviation 14) is stored whole
      const uid = `urn:uuid:${'a'.repeat(246)}`;
      expect((await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: card(uid) })).status).toBe(200);
      expect(Object.keys((await asUser(user).get('/api/accounts/me/vcards-storage')).body)).toEqual([uid]);
    });

    it('ten POSTs of one UID at once: one 200, nine 409, one row (the unique index decides)', async () => {
      const user = await fresh();
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => asUser(user).post('/api/accounts/me/vcards-storage', { vcard: SIMON })),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
      for (const res of responses.filter((r) => r.status === 409)) expect(res.body).toEqual({ message: 'Vcard already exists' });
      expect(await count(w.t.db, Vcard, { account_id: user.account.id })).toBe(1);
    });

    it('UIDs differing only by case are two cards, on both engines', async () => {
      const user = await fresh();
      expect((await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: card('abc') })).status).toBe(200);
      expect((await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: card('ABC') })).status).toBe(200);
      expect((await asUser(user).get('/api/accounts/me/vcards-storage/ABC')).body.vcard).toBe(card('ABC'));
    });
  });

  describe('GET /api/accounts/me/vcards-storage[/{uuid}]', () => {
    it('none: `[]`, an empty array; then an object keyed by UID in id order, items without id, account_id, uuid', async () => {
      const user = await fresh();
      const empty = await asUser(user).get('/api/accounts/me/vcards-storage');
      expect([empty.status, empty.text]).toEqual([200, '[]']);
      for (const uid of ['b-2', 'a-1', UID]) await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: card(uid) });
      const list = await asUser(user).get('/api/accounts/me/vcards-storage');
      expect(list.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(list.body)).toEqual(['b-2', 'a-1', UID]);
      expect(Object.keys(list.body[UID]).sort()).toEqual(['created_at', 'updated_at', 'vcard']);
      expect(list.body[UID].vcard).toBe(card(UID));
      expect(list.body[UID].created_at).toMatch(ISO);
      const one = await asUser(user).get(`/api/accounts/me/vcards-storage/${UID}`);
      expect([one.status, one.body]).toEqual([200, list.body[UID]]);
      expect((await asUser(user).get(`/api/accounts/me/vcards-storage/${encodeURIComponent(UID)}`)).body).toEqual(list.body[UID]);
      const unknown = await asUser(user).get('/api/accounts/me/vcards-storage/urn:uuid:nope');
      expect([unknown.status, unknown.body]).toEqual([404, MISSING]);
    });
  });

  describe('PUT, PATCH /api/accounts/me/vcards-storage/{uuid}', () => {
    it('replaces the text; 200 with the normalised text; the index then holds it exactly', async () => {
      const user = await fresh();
      await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: SIMON });
      const lastVcard = card(UID, 'Jhonny English');
      const put = await asUser(user).put(`/api/accounts/me/vcards-storage/${UID}`, { vcard: lastVcard });
      expect([put.status, put.text, put.headers['content-type']]).toEqual([200, lastVcard, 'text/html; charset=UTF-8']);
      expect((await asUser(user).get('/api/accounts/me/vcards-storage')).body).toEqual({
        [UID]: expect.objectContaining({ vcard: lastVcard }),
      });
      const patched = card(UID, 'Simon P');
      const patch = await http(w.t).patch(`/api/accounts/me/vcards-storage/${UID}`).set('x-api-key', user.apiKey).send({ vcard: patched });
      expect([patch.status, patch.text]).toEqual([200, patched]);
      expect((await asUser(user).get(`/api/accounts/me/vcards-storage/${UID}`)).body.vcard).toBe(patched);
    });

    it("a card whose UID is not {uuid}: 422 `UUID should be the same` without errors; an invalid card: the field's 422", async () => {
      const user = await fresh();
      await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: SIMON });
      const res = await asUser(user).put(`/api/accounts/me/vcards-storage/${UID}`, { vcard: card('123') });
      expect([res.status, res.body]).toEqual([422, { message: 'UUID should be the same' }]);
      const invalid = await asUser(user).put(`/api/accounts/me/vcards-storage/${UID}`, { vcard: 'BEGIN:VCARD\nEND:VCARD' });
      expect([invalid.status, invalid.body.errors]).toEqual([422, { vcard: ['Invalid vcard passed'] }]);
      expect((await asUser(user).get(`/api/accounts/me/vcards-storage/${UID}`)).body.vcard).toBe(`${SIMON}\n`);
    });

    it('an unknown uuid: 404 (after the validation and UID checks)', async () => {
      const user = await fresh();
      const res = await asUser(user).put('/api/accounts/me/vcards-storage/unknown', { vcard: card('unknown') });
      expect([res.status, res.body]).toEqual([404, MISSING]);
      expect(await count(w.t.db, Vcard, { account_id: user.account.id })).toBe(0);
    });
  });

  describe('DELETE /api/accounts/me/vcards-storage/{uuid}', () => {
    it('200 body `1`, then GET is 404; an unknown uuid is 404', async () => {
      const user = await fresh();
      await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: SIMON });
      const res = await asUser(user).delete(`/api/accounts/me/vcards-storage/${UID}`);
      expect([res.status, res.text]).toEqual([200, '1']);
      expect((await asUser(user).get(`/api/accounts/me/vcards-storage/${UID}`)).status).toBe(404);
      expect([(await asUser(user).delete(`/api/accounts/me/vcards-storage/${UID}`)).status]).toEqual([404]);
    });

    it('deleting the account deletes its cards', async () => {
      const user = await fresh();
      await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: SIMON });
      expect(await count(w.t.db, Vcard, { account_id: user.account.id })).toBe(1);
      expect((await w.asAdmin.delete(`/api/accounts/${user.account.id}`)).status).toBe(200);
      expect(await count(w.t.db, Vcard, { account_id: user.account.id })).toBe(0);
    });
  });

  describe('admin: /api/accounts/{id}/vcards-storage', () => {
    it('every route on an account of the Space, as for `me`', async () => {
      const user = await fresh();
      const base = `/api/accounts/${user.account.id}/vcards-storage`;
      expect((await w.asAdmin.get(base)).text).toBe('[]');
      expect([(await w.asAdmin.post(base, { vcard: SIMON })).text]).toEqual([`${SIMON}\n`]);
      expect((await w.asAdmin.post(base, { vcard: SIMON })).status).toBe(409);
      expect(Object.keys((await w.asAdmin.get(base)).body)).toEqual([UID]);
      expect((await w.asAdmin.get(`${base}/${UID}`)).body.vcard).toBe(`${SIMON}\n`);
      expect((await w.asAdmin.put(`${base}/${UID}`, { vcard: card(UID) })).text).toBe(card(UID));
      expect((await asUser(user).get(`/api/accounts/me/vcards-storage/${UID}`)).body.vcard).toBe(card(UID));
      expect((await w.asAdmin.put(`${base}/${UID}`, { vcard: card('123') })).body).toEqual({ message: 'UUID should be the same' });
      expect((await w.asAdmin.delete(`${base}/${UID}`)).text).toBe('1');
      expect((await w.asAdmin.get(`${base}/${UID}`)).status).toBe(404);
    });

    it('order of answers: validation (422), then the account (404); for PUT the UID check comes before the account', async () => {
      for (const id of ['999999', 'abc']) {
        const base = `/api/accounts/${id}/vcards-storage`;
        expect((await w.asAdmin.post(base, { foo: 'bar' })).status).toBe(422);
        expect([(await w.asAdmin.post(base, { vcard: SIMON })).status]).toEqual([404]);
        expect((await w.asAdmin.put(`${base}/${UID}`, { vcard: card('123') })).body).toEqual({ message: 'UUID should be the same' });
        for (const res of [
          await w.asAdmin.get(base),
          await w.asAdmin.get(`${base}/${UID}`),
          await w.asAdmin.put(`${base}/${UID}`, { vcard: SIMON }),
          await w.asAdmin.delete(`${base}/${UID}`),
        ]) {
          expect([id, res.status, res.body]).toEqual([id, 404, MISSING]);
        }
      }
    });
  });

  describe('text routes /vcards-storage[/{uuid}] (§1.2)', () => {
    it('every stored text followed by `\\n` (an empty line between cards, `\\n\\n` at the end), text/html; one card exactly; unknown 404 JSON', async () => {
      const user = await fresh();
      const empty = await http(w.t).get('/vcards-storage').set('x-api-key', user.apiKey);
      expect([empty.status, empty.text, empty.headers['content-type']]).toEqual([200, '', 'text/html; charset=UTF-8']);
      await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: SIMON });
      await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: card('second') });
      const all = await http(w.t).get('/vcards-storage/').set('x-api-key', user.apiKey);
      expect([all.status, all.text, all.headers['content-type']]).toEqual([
        200,
        `${SIMON}\n\n${card('second')}\n`,
        'text/html; charset=UTF-8',
      ]);
      const one = await http(w.t).get(`/vcards-storage/${UID}`).set('x-api-key', user.apiKey);
      expect([one.status, one.text, one.headers['content-type']]).toEqual([200, `${SIMON}\n`, 'text/html; charset=UTF-8']);
      const unknown = await http(w.t).get('/vcards-storage/nope').set('x-api-key', user.apiKey);
      expect([unknown.status, unknown.body]).toEqual([404, MISSING]);
      expect((await http(w.t).get('/vcards-storage')).status).toBe(401);
      const head = await request(w.t.url).head('/vcards-storage').set('Host', HOST).set('x-api-key', user.apiKey);
      expect([head.status, head.headers['content-type']]).toEqual([200, 'text/html; charset=UTF-8']);
    });

    it('no blocked check on the text routes, unlike the API', async () => {
      const blocked = await createAccount(w.t.db, { username: `vcblocked${++serial}`, blocked: true });
      await w.t.db.getRepository(Vcard).insert({ account_id: blocked.account.id, uuid: 'b-1', vcard: card('b-1') });
      expect((await http(w.t).get('/vcards-storage/b-1').set('x-api-key', blocked.apiKey)).text).toBe(card('b-1'));
      expect((await asUser(blocked).get('/api/accounts/me/vcards-storage')).status).toBe(403);
    });
  });

  it('the OpenAPI description documents every route and the item JSON they answer', async () => {
    type Schema = { $ref?: string; properties?: Record<string, unknown>; oneOf?: Schema[]; additionalProperties?: Schema };
    const doc = (await http(w.t).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
      components: { schemas: Record<string, Schema> };
    };
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods('/api/accounts/me/vcards-storage')).toEqual(['get', 'post']);
    expect(methods('/api/accounts/{id}/vcards-storage')).toEqual(['get', 'post']);
    expect(methods('/api/accounts/me/vcards-storage/{uuid}')).toEqual(['delete', 'get', 'patch', 'put']);
    expect(methods('/api/accounts/{id}/vcards-storage/{uuid}')).toEqual(['delete', 'get', 'patch', 'put']);
    expect(methods('/vcards-storage')).toEqual(['get']);
    expect(methods('/vcards-storage/{uuid}')).toEqual(['get']);
    const user = await fresh();
    await asUser(user).post('/api/accounts/me/vcards-storage', { vcard: SIMON });
    const item = (await asUser(user).get(`/api/accounts/me/vcards-storage/${UID}`)).body;
    const keysOf = (schema: Schema) => Object.keys(doc.components.schemas[schema.$ref!.split('/').pop()!].properties!).sort();
    for (const path of ['/api/accounts/me/vcards-storage/{uuid}', '/api/accounts/{id}/vcards-storage/{uuid}']) {
      expect([path, keysOf(doc.paths[path].get.responses['200'].content!['application/json'].schema)]).toEqual([
        path,
        Object.keys(item).sort(),
      ]);
    }
    const list = doc.paths['/api/accounts/me/vcards-storage'].get.responses['200'].content!['application/json'].schema;
    expect(keysOf(list.oneOf![0].additionalProperties!)).toEqual(Object.keys(item).sort());
  });

  describe('isolation (issue 16 item 8)', () => {
    let mine: AccountFixture;
    let neighbour: AccountFixture;
    let stranger: AccountFixture;
    let strangerAdmin: AccountFixture;
    const texts = async () =>
      (await w.t.db.getRepository(Vcard).find({ order: { id: 'ASC' } }))
        .filter((r) => [mine, neighbour, stranger].some((f) => f.account.id === r.account_id))
        .map((r) => [r.account_id, r.uuid, r.vcard]);

    beforeAll(async () => {
      mine = await fresh();
      neighbour = await fresh();
      stranger = await fresh(OTHER_DOMAIN);
      strangerAdmin = await createAccount(w.t.db, { username: `vcboss${++serial}`, domain: OTHER_DOMAIN, admin: true });
      await asUser(mine).post('/api/accounts/me/vcards-storage', { vcard: card('mine') });
      await asUser(neighbour).post('/api/accounts/me/vcards-storage', { vcard: card('theirs') });
      await asUser(stranger, OTHER_DOMAIN).post('/api/accounts/me/vcards-storage', { vcard: card('far') });
    });

    const adminCalls = (client: ReturnType<typeof as>, id: number, uid: string) => [
      () => client.get(`/api/accounts/${id}/vcards-storage`),
      () => client.get(`/api/accounts/${id}/vcards-storage/${uid}`),
      () => client.post(`/api/accounts/${id}/vcards-storage`, { vcard: card('intruder') }),
      () => client.put(`/api/accounts/${id}/vcards-storage/${uid}`, { vcard: card(uid, 'Intruder') }),
      () => client.delete(`/api/accounts/${id}/vcards-storage/${uid}`),
    ];

    it("an admin of one Space: another Space's account by id is not found, through that Space's Host refused; nothing changes", async () => {
      const before = await texts();
      const byId = [
        ...adminCalls(w.asAdmin, stranger.account.id, 'far'),
        ...adminCalls(asUser(strangerAdmin, OTHER_DOMAIN), mine.account.id, 'mine'),
      ];
      for (const call of byId) expect([(await call()).status, (await call()).body]).toEqual([404, MISSING]);
      const byHost = [
        ...adminCalls(as(w.t, w.admin.key, OTHER_DOMAIN), stranger.account.id, 'far'),
        ...adminCalls(asUser(strangerAdmin), mine.account.id, 'mine'),
      ];
      for (const call of byHost) expect([(await call()).status, (await call()).body]).toEqual([403, { message: 'Unauthorized area' }]);
      expect(await texts()).toEqual(before);
      // a super admin reaches every Space
      expect(Object.keys((await w.asSuper.get(`/api/accounts/${stranger.account.id}/vcards-storage`)).body)).toEqual(['far']);
    });

    it("a user: only their own cards; another account's uuid is unknown; the admin routes are refused, even on their own id", async () => {
      const before = await texts();
      expect(Object.keys((await asUser(mine).get('/api/accounts/me/vcards-storage')).body)).toEqual(['mine']);
      const others = [
        await asUser(mine).get('/api/accounts/me/vcards-storage/theirs'),
        await asUser(mine).put('/api/accounts/me/vcards-storage/theirs', { vcard: card('theirs', 'Intruder') }),
        await asUser(mine).delete('/api/accounts/me/vcards-storage/theirs'),
        await http(w.t).get('/vcards-storage/theirs').set('x-api-key', mine.apiKey),
        await http(w.t).get('/vcards-storage/far').set('x-api-key', mine.apiKey),
      ];
      expect(others.map((r) => [r.status, r.body])).toEqual(Array(5).fill([404, MISSING]));
      expect((await http(w.t).get('/vcards-storage').set('x-api-key', mine.apiKey)).text).toBe(`${card('mine')}\n`);
      for (const call of [
        ...adminCalls(asUser(mine), mine.account.id, 'mine'),
        ...adminCalls(asUser(mine), neighbour.account.id, 'theirs'),
      ]) {
        expect([(await call()).status, (await call()).body]).toEqual([403, { message: 'Unauthorized area' }]);
      }
      // a user of one Space on another Space's Host
      expect((await asUser(mine, OTHER_DOMAIN).get('/api/accounts/me/vcards-storage')).status).toBe(403);
      expect((await http(w.t).get('/vcards-storage', OTHER_DOMAIN).set('x-api-key', mine.apiKey)).status).toBe(403);
      expect(await texts()).toEqual(before);
    });
  });
});
