import { DataSource } from 'typeorm';
import { AccountAction } from '../../src/account-actions/entities/account-action.entity';
import { AccountDictionaryEntry } from '../../src/account-core/entities/account-dictionary-entry.entity';
import { ActivationExpiration } from '../../src/account-core/entities/activation-expiration.entity';
import { Account } from '../../src/account-core/entities/account.entity';
import { EmailChangeCode } from '../../src/account-core/entities/email-change-code.entity';
import { ProvisioningToken } from '../../src/account-core/entities/provisioning-token.entity';
import { AccountAccountType } from '../../src/account-types/entities/account-account-type.entity';
import { AccountType } from '../../src/account-types/entities/account-type.entity';
import { Contact } from '../../src/contacts/entities/contact.entity';
import { Space } from '../../src/account-core/entities/space.entity';
import { adminWorld, AdminWorld, as, DOMAIN, OTHER_DOMAIN } from '../support/admin-world';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { attachList, createList, linkContacts, linksOf } from '../support/contacts';

const MISSING = { message: 'Missing elements to perform the request' };
const sip = (f: AccountFixture) => `${f.account.username}@${f.account.domain}`;

/** An account whose every relation has a row, secrets included (what a contact must never carry). */
async function richAccount(db: DataSource, username: string): Promise<AccountFixture & { secrets: string[] }> {
  const f = await createAccount(db, { username, email: `${username}@example.org`, algorithms: ['MD5', 'SHA-256'] });
  const id = f.account.id;
  const space = await db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
  const type = await db.getRepository(AccountType).save({ space_id: space.id, key: `phone-${username}` });
  await db
    .getRepository(Account)
    .update({ id }, { dtmf_protocol: 'sipinfo', display_name: `${username} Display`, confirmation_key: `CONF${username}` });
  await db.getRepository(AccountAccountType).save({ account_id: id, account_type_id: type.id });
  await db.getRepository(AccountAction).save({ account_id: id, key: '123', code: '123' });
  await db.getRepository(AccountDictionaryEntry).save({ account_id: id, key: 'floor', value: '2' });
  await db.getRepository(ActivationExpiration).save({
    account_id: id,
    expires: new Date(Date.UTC(2040, 0, 2, 3, 4, 5)),
    created_at: new Date(Date.UTC(2024, 11, 10, 9, 31, 7)),
    updated_at: new Date(Date.UTC(2024, 11, 11, 9, 31, 7)),
  });
  await db.getRepository(ProvisioningToken).save({ account_id: id, token: `PROVTOKEN${username}`, used: false });
  await db.getRepository(EmailChangeCode).save({ account_id: id, code: '9876', email: `pending-${username}@example.org` });
  const hashes = await db.query<{ password: string }[]>('SELECT password FROM passwords WHERE account_id = ?', [id]);
  return {
    ...f,
    secrets: [
      ...hashes.map((h) => h.password),
      f.apiKey,
      `PROVTOKEN${username}`,
      '9876',
      `pending-${username}@example.org`,
      `CONF${username}`,
    ],
  };
}

describe('contacts (contacts.md §1, §2)', () => {
  let w: AdminWorld;
  let owner: AccountFixture;
  let alice: AccountFixture & { secrets: string[] };
  let bob: AccountFixture;
  let carol: AccountFixture;
  let stranger: AccountFixture;
  let strangerAdmin: AccountFixture;
  const asUser = (f: AccountFixture, host?: string) => as(w.t, f.apiKey, host);
  const ids = (res: { body: { id: number }[] }) => res.body.map((c) => c.id);
  const sorted = (...values: number[]) => values.sort((a, b) => a - b);

  beforeAll(async () => {
    w = await adminWorld();
    owner = await createAccount(w.t.db, { username: 'owner' });
    alice = await richAccount(w.t.db, 'alice');
    bob = await createAccount(w.t.db, { username: 'bob' });
    carol = await createAccount(w.t.db, { username: 'carol' });
    stranger = await createAccount(w.t.db, { username: 'stranger', domain: OTHER_DOMAIN });
    strangerAdmin = await createAccount(w.t.db, { username: 'boss', domain: OTHER_DOMAIN, admin: true });
  });
  afterAll(() => w.t.close());
  afterEach(async () => {
    await w.t.db.query('DELETE FROM contacts');
    await w.t.db.query('DELETE FROM contacts_lists');
  });

  it('the reference flow: link, 403 on a second link, /me/contacts and /me/contacts/{sip}, then a list attached to the admin', async () => {
    for (const contact of [alice, bob]) {
      const res = await w.asAdmin.post(`/api/accounts/${owner.account.id}/contacts/${contact.account.id}`);
      expect([res.status, res.text]).toEqual([200, '']);
    }
    const again = await w.asAdmin.post(`/api/accounts/${owner.account.id}/contacts/${alice.account.id}`);
    expect([again.status, again.body]).toEqual([403, { message: '' }]);

    const mine = await asUser(owner).get('/api/accounts/me/contacts');
    expect(mine.status).toBe(200);
    expect(ids(mine)).toEqual([alice.account.id, bob.account.id]);
    expect(mine.body[0]).toMatchObject({ username: 'alice', activated: true });
    const one = await asUser(owner).get(`/api/accounts/me/contacts/${sip(alice)}`);
    expect([one.status, one.body.id]).toEqual([200, alice.account.id]);

    const list = await w.asAdmin.post('/api/contacts_lists', { title: 'Everyone', description: 'three accounts' });
    expect(list.status).toBe(201);
    for (const member of [owner, alice, bob])
      expect((await w.asAdmin.post(`/api/contacts_lists/${list.body.id}/contacts/${member.account.id}`)).status).toBe(200);
    expect((await w.asAdmin.post(`/api/accounts/${w.admin.id}/contacts_lists/${list.body.id}`)).status).toBe(200);
    expect(ids(await w.asAdmin.get('/api/accounts/me/contacts'))).toEqual(sorted(owner.account.id, alice.account.id, bob.account.id));
  });

  describe('the contact object', () => {
    it("has exactly the spec's keys in its order, with the contact's identity, types, actions and relations", async () => {
      await linkContacts(w.t.db, owner.account.id, alice.account.id);
      const [contact] = (await asUser(owner).get('/api/accounts/me/contacts')).body;
      const type = await w.t.db.getRepository(AccountType).findOneByOrFail({ key: 'phone-alice' });
      const action = await w.t.db.getRepository(AccountAction).findOneByOrFail({ account_id: alice.account.id });
      const expiration = await w.t.db.getRepository(ActivationExpiration).findOneByOrFail({ account_id: alice.account.id });
      expect(Object.keys(contact)).toEqual([
        'id',
        'username',
        'domain',
        'activated',
        'dtmf_protocol',
        'display_name',
        'realm',
        'confirmation_key_expires',
        'provisioning_token',
        'provisioning_token_expire_at',
        'dictionary',
        'passwords',
        'activation_expiration',
        'email_change_code',
        'types',
        'actions',
      ]);
      expect(contact).toEqual({
        id: alice.account.id,
        username: 'alice',
        domain: DOMAIN,
        activated: true,
        dtmf_protocol: 'sipinfo',
        display_name: 'alice Display',
        realm: null,
        confirmation_key_expires: '2040-01-02 03:04:05',
        provisioning_token: null,
        provisioning_token_expire_at: null,
        dictionary: { floor: '2' },
        passwords: [{ algorithm: 'MD5' }, { algorithm: 'SHA-256' }],
        activation_expiration: {
          id: expiration.id,
          account_id: alice.account.id,
          expires: '2040-01-02 03:04:05',
          created_at: '2024-12-10T09:31:07.000000Z',
          updated_at: '2024-12-11T09:31:07.000000Z',
        },
        email_change_code: null,
        types: [{ id: type.id, key: 'phone-alice' }],
        actions: [{ id: action.id, key: '123', code: '123' }],
      });
      expect((await asUser(owner).get(`/api/accounts/me/contacts/${sip(alice)}`)).body).toEqual(contact);
      // the fields it shares with the account JSON are rendered alike
      const own = (await asUser(alice).get('/api/accounts/me')).body;
      for (const key of ['realm', 'confirmation_key_expires', 'dictionary', 'passwords', 'activation_expiration', 'types', 'actions']) {
        expect([key, contact[key]]).toEqual([key, own[key]]);
      }
    });

    it('carries no secret of the contact: no hash, API key, provisioning token, change code, pending email or confirmation key (deviation 8)', async () => {
      await linkContacts(w.t.db, owner.account.id, alice.account.id);
      // the admin's view of the same account has them: they are there to leak
      const full = (await w.asAdmin.get(`/api/accounts/${alice.account.id}`)).body;
      expect([full.provisioning_token, full.email_change_code.email]).toEqual(['PROVTOKENalice', 'pending-alice@example.org']);
      for (const path of ['/api/accounts/me/contacts', `/api/accounts/me/contacts/${sip(alice)}`]) {
        const res = await asUser(owner).get(path);
        expect(res.status).toBe(200);
        for (const secret of alice.secrets) expect([path, secret, res.text.includes(secret)]).toEqual([path, secret, false]);
      }
    });

    it('a contact without DTMF protocol shows no actions, even with rows; empty relations are empty', async () => {
      await w.t.db.getRepository(AccountAction).save({ account_id: bob.account.id, key: 'open', code: '1' });
      try {
        await linkContacts(w.t.db, owner.account.id, bob.account.id);
        const [contact] = (await asUser(owner).get('/api/accounts/me/contacts')).body;
        expect(contact).toMatchObject({
          dtmf_protocol: null,
          display_name: null,
          dictionary: {},
          types: [],
          actions: [],
          activation_expiration: null,
          confirmation_key_expires: null,
        });
      } finally {
        await w.t.db.getRepository(AccountAction).delete({ account_id: bob.account.id });
      }
    });
  });

  describe('GET /api/accounts/me/contacts', () => {
    it('[] when there is none', async () => {
      const res = await asUser(owner).get('/api/accounts/me/contacts');
      expect([res.status, res.text]).toEqual([200, '[]']);
    });

    it('direct contacts and the members of every attached list, each once, in id order; unattached lists add nothing', async () => {
      await linkContacts(w.t.db, owner.account.id, carol.account.id, alice.account.id);
      const first = await createList(w.t.db, 'first', [carol.account.id, bob.account.id]);
      const second = await createList(w.t.db, 'second', [bob.account.id, alice.account.id, owner.account.id]);
      await createList(w.t.db, 'unattached', [w.admin.id]);
      await attachList(w.t.db, owner.account.id, first.id);
      await attachList(w.t.db, owner.account.id, second.id);
      const res = await asUser(owner).get('/api/accounts/me/contacts');
      expect(ids(res)).toEqual(sorted(owner.account.id, alice.account.id, bob.account.id, carol.account.id));
      // a list member is found by its address too
      expect((await asUser(owner).get(`/api/accounts/me/contacts/${sip(bob)}`)).body.id).toBe(bob.account.id);
      // the lists are attached to the owner only
      expect((await asUser(bob).get('/api/accounts/me/contacts')).body).toEqual([]);
    });

    it('only contacts of the current domain; a super admin sees every domain', async () => {
      await linkContacts(w.t.db, owner.account.id, stranger.account.id, bob.account.id);
      const list = await createList(w.t.db, 'mixed', [stranger.account.id, carol.account.id]);
      await attachList(w.t.db, owner.account.id, list.id);
      expect(ids(await asUser(owner).get('/api/accounts/me/contacts'))).toEqual([bob.account.id, carol.account.id]);
      expect((await asUser(owner).get(`/api/accounts/me/contacts/${sip(stranger)}`)).status).toBe(404);

      await linkContacts(w.t.db, w.superAdmin.id, stranger.account.id, bob.account.id);
      expect(ids(await w.asSuper.get('/api/accounts/me/contacts'))).toEqual(sorted(bob.account.id, stranger.account.id));
      expect((await w.asSuper.get(`/api/accounts/me/contacts/${sip(stranger)}`)).body.id).toBe(stranger.account.id);
    });

    it('needs credentials; a blocked account is refused', async () => {
      expect((await http(w.t).get('/api/accounts/me/contacts')).status).toBe(401);
      const blocked = await createAccount(w.t.db, { username: 'blocked', blocked: true });
      const res = await asUser(blocked).get('/api/accounts/me/contacts');
      expect([res.status, res.body]).toEqual([403, { message: 'Account blocked' }]);
    });
  });

  describe('GET /api/accounts/me/contacts/{sip}', () => {
    it('the contact by its address (`@` encoded too); anything else is 404 Missing elements', async () => {
      await linkContacts(w.t.db, owner.account.id, alice.account.id);
      expect((await asUser(owner).get(`/api/accounts/me/contacts/alice%40${DOMAIN}`)).body.id).toBe(alice.account.id);
      for (const other of [
        sip(bob),
        'alice',
        `alice@${OTHER_DOMAIN}`,
        `alice@${DOMAIN}x`,
        `@${DOMAIN}`,
        'nobody@nowhere',
        sip(owner),
        `${'x'.repeat(60)}@${DOMAIN}`,
      ]) {
        const res = await asUser(owner).get(`/api/accounts/me/contacts/${encodeURIComponent(other)}`);
        expect([other.slice(0, 40), res.status, res.body]).toEqual([other.slice(0, 40), 404, MISSING]);
      }
    });
  });

  describe('admin: /api/accounts/{id}/contacts', () => {
    it('GET lists the direct contacts only, as account objects (§1.1), id order; [] when none', async () => {
      expect((await w.asAdmin.get(`/api/accounts/${owner.account.id}/contacts`)).text).toBe('[]');
      await linkContacts(w.t.db, owner.account.id, bob.account.id, alice.account.id);
      const list = await createList(w.t.db, 'listed', [carol.account.id]);
      await attachList(w.t.db, owner.account.id, list.id);
      const res = await w.asAdmin.get(`/api/accounts/${owner.account.id}/contacts`);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual(sorted(alice.account.id, bob.account.id));
      // the account JSON of §1.1, as the account itself sees it
      expect(res.body.find((c: { id: number }) => c.id === alice.account.id)).toEqual((await asUser(alice).get('/api/accounts/me')).body);
    });

    it('GET /{contact_id}: a direct contact as an account object; a list member or another account is 404', async () => {
      await linkContacts(w.t.db, owner.account.id, alice.account.id);
      const list = await createList(w.t.db, 'listed', [carol.account.id]);
      await attachList(w.t.db, owner.account.id, list.id);
      const res = await w.asAdmin.get(`/api/accounts/${owner.account.id}/contacts/${alice.account.id}`);
      expect([res.status, res.body]).toEqual([200, (await asUser(alice).get('/api/accounts/me')).body]);
      for (const id of [carol.account.id, bob.account.id, 999999]) {
        const missing = await w.asAdmin.get(`/api/accounts/${owner.account.id}/contacts/${id}`);
        expect([id, missing.status, missing.body]).toEqual([id, 404, MISSING]);
      }
    });

    it('POST: account → 404; already a contact → 403 ""; unknown contact → 404; linking itself is allowed; timestamps left null', async () => {
      expect((await w.asAdmin.post(`/api/accounts/999999/contacts/${bob.account.id}`)).body).toEqual(MISSING);
      expect((await w.asAdmin.post(`/api/accounts/${owner.account.id}/contacts/1234`)).body).toEqual(MISSING);
      expect((await w.asAdmin.post(`/api/accounts/${owner.account.id}/contacts/${bob.account.id}`)).status).toBe(200);
      const again = await w.asAdmin.post(`/api/accounts/${owner.account.id}/contacts/${bob.account.id}`);
      expect([again.status, again.body]).toEqual([403, { message: '' }]);
      const self = await w.asAdmin.post(`/api/accounts/${owner.account.id}/contacts/${owner.account.id}`);
      expect([self.status, self.text]).toEqual([200, '']);
      const rows = await w.t.db.getRepository(Contact).find({ where: { account_id: owner.account.id } });
      expect(rows.map((r) => [r.contact_id, r.created_at, r.updated_at]).sort()).toEqual(
        [
          [owner.account.id, null, null],
          [bob.account.id, null, null],
        ].sort(),
      );
    });

    it('DELETE: account → 404; not a direct contact → 403 ""; unlinked → 200 `1`', async () => {
      await linkContacts(w.t.db, owner.account.id, bob.account.id);
      const list = await createList(w.t.db, 'listed', [carol.account.id]);
      await attachList(w.t.db, owner.account.id, list.id);
      expect((await w.asAdmin.delete(`/api/accounts/999999/contacts/${bob.account.id}`)).body).toEqual(MISSING);
      for (const id of [carol.account.id, alice.account.id, 1234]) {
        const res = await w.asAdmin.delete(`/api/accounts/${owner.account.id}/contacts/${id}`);
        expect([id, res.status, res.body]).toEqual([id, 403, { message: '' }]);
      }
      const res = await w.asAdmin.delete(`/api/accounts/${owner.account.id}/contacts/${bob.account.id}`);
      expect([res.status, res.text]).toEqual([200, '1']);
      expect((await w.asAdmin.delete(`/api/accounts/${owner.account.id}/contacts/${bob.account.id}`)).status).toBe(403);
      expect(ids(await asUser(owner).get('/api/accounts/me/contacts'))).toEqual([carol.account.id]);
    });

    it('concurrent links of the same pair: one 200, the others 403, no 5xx', async () => {
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => w.asAdmin.post(`/api/accounts/${owner.account.id}/contacts/${carol.account.id}`)),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([200, 403, 403, 403, 403, 403]);
      expect(await w.t.db.getRepository(Contact).countBy({ account_id: owner.account.id, contact_id: carol.account.id })).toBe(1);
      const removals = await Promise.all(
        Array.from({ length: 4 }, () => w.asAdmin.delete(`/api/accounts/${owner.account.id}/contacts/${carol.account.id}`)),
      );
      expect(removals.map((r) => r.status).sort()).toEqual([200, 403, 403, 403]);
    });

    it('ids that are not digits are 404', async () => {
      for (const [method, path] of [
        ['get', '/api/accounts/abc/contacts'],
        ['get', `/api/accounts/${owner.account.id}/contacts/0x2`],
        ['post', `/api/accounts/${owner.account.id}/contacts/1e3`],
        ['delete', `/api/accounts/${owner.account.id}/contacts/-1`],
      ] as const) {
        const res = await w.asAdmin[method](path);
        expect([path, res.status, res.body]).toEqual([path, 404, MISSING]);
      }
    });
  });

  it('deleting an account removes its contact rows, on both sides, and its list memberships and attachments', async () => {
    const doomed = await createAccount(w.t.db, { username: 'doomed' });
    await linkContacts(w.t.db, owner.account.id, doomed.account.id);
    await linkContacts(w.t.db, doomed.account.id, alice.account.id);
    const list = await createList(w.t.db, 'with doomed', [doomed.account.id, bob.account.id]);
    await attachList(w.t.db, doomed.account.id, list.id);
    await attachList(w.t.db, owner.account.id, list.id);
    expect(await linksOf(w.t.db, doomed.account.id)).toEqual({ contacts: 2, members: 1, attachments: 1 });
    expect((await w.asAdmin.delete(`/api/accounts/${doomed.account.id}`)).status).toBe(200);
    expect(await linksOf(w.t.db, doomed.account.id)).toEqual({ contacts: 0, members: 0, attachments: 0 });
    expect(ids(await asUser(owner).get('/api/accounts/me/contacts'))).toEqual([bob.account.id]);
    expect((await w.asAdmin.get(`/api/contacts_lists/${list.id}`)).body.contacts_count).toBe(1);
  });

  describe('isolation', () => {
    let before: Contact[];
    beforeEach(async () => {
      await linkContacts(w.t.db, owner.account.id, alice.account.id);
      await linkContacts(w.t.db, stranger.account.id, strangerAdmin.account.id);
      before = await w.t.db.getRepository(Contact).find({ order: { account_id: 'ASC', contact_id: 'ASC' } });
    });
    afterEach(async () => {
      // nothing was linked or unlinked
      expect(await w.t.db.getRepository(Contact).find({ order: { account_id: 'ASC', contact_id: 'ASC' } })).toEqual(before);
    });

    it("an admin of another Space: this Space's accounts by id are 404, by this Space's Host 403; and the reverse", async () => {
      const other = asUser(strangerAdmin, OTHER_DOMAIN);
      const byId = [
        await other.get(`/api/accounts/${owner.account.id}/contacts`),
        await other.get(`/api/accounts/${owner.account.id}/contacts/${alice.account.id}`),
        await other.post(`/api/accounts/${owner.account.id}/contacts/${bob.account.id}`),
        await other.delete(`/api/accounts/${owner.account.id}/contacts/${alice.account.id}`),
        await w.asAdmin.get(`/api/accounts/${stranger.account.id}/contacts`),
        await w.asAdmin.get(`/api/accounts/${stranger.account.id}/contacts/${strangerAdmin.account.id}`),
        await w.asAdmin.post(`/api/accounts/${stranger.account.id}/contacts/${owner.account.id}`),
        await w.asAdmin.delete(`/api/accounts/${stranger.account.id}/contacts/${strangerAdmin.account.id}`),
        // an account of one Space is not given a contact of the other
        await w.asAdmin.post(`/api/accounts/${owner.account.id}/contacts/${stranger.account.id}`),
        await other.post(`/api/accounts/${stranger.account.id}/contacts/${alice.account.id}`),
      ];
      expect(byId.map((r) => [r.status, r.body])).toEqual(Array(10).fill([404, MISSING]));
      const byHost = [
        await asUser(strangerAdmin).get(`/api/accounts/${owner.account.id}/contacts`),
        await asUser(strangerAdmin).get(`/api/accounts/${owner.account.id}/contacts/${alice.account.id}`),
        await asUser(strangerAdmin).post(`/api/accounts/${owner.account.id}/contacts/${bob.account.id}`),
        await asUser(strangerAdmin).delete(`/api/accounts/${owner.account.id}/contacts/${alice.account.id}`),
        await as(w.t, w.admin.key, OTHER_DOMAIN).get(`/api/accounts/${stranger.account.id}/contacts`),
        await as(w.t, w.admin.key, OTHER_DOMAIN).post(`/api/accounts/${stranger.account.id}/contacts/${owner.account.id}`),
        await as(w.t, w.admin.key, OTHER_DOMAIN).delete(`/api/accounts/${stranger.account.id}/contacts/${strangerAdmin.account.id}`),
        await asUser(strangerAdmin).get('/api/accounts/me/contacts'),
        await asUser(owner, OTHER_DOMAIN).get('/api/accounts/me/contacts'),
        await asUser(owner, OTHER_DOMAIN).get(`/api/accounts/me/contacts/${sip(alice)}`),
      ];
      expect(byHost.map((r) => [r.status, r.body])).toEqual(Array(10).fill([403, { message: 'Unauthorized area' }]));
    });

    it('a user: the admin routes are refused, even on their own id; `me` is only their own contacts', async () => {
      const refused = [
        await asUser(owner).get(`/api/accounts/${owner.account.id}/contacts`),
        await asUser(owner).get(`/api/accounts/${owner.account.id}/contacts/${alice.account.id}`),
        await asUser(owner).post(`/api/accounts/${owner.account.id}/contacts/${bob.account.id}`),
        await asUser(owner).delete(`/api/accounts/${owner.account.id}/contacts/${alice.account.id}`),
        await asUser(alice).get(`/api/accounts/${owner.account.id}/contacts`),
      ];
      expect(refused.map((r) => [r.status, r.body])).toEqual(Array(5).fill([403, { message: 'Unauthorized area' }]));
      expect(ids(await asUser(owner).get('/api/accounts/me/contacts'))).toEqual([alice.account.id]);
      expect((await asUser(alice).get('/api/accounts/me/contacts')).body).toEqual([]);
      expect((await asUser(alice).get(`/api/accounts/me/contacts/${sip(alice)}`)).status).toBe(404);
      expect(ids(await asUser(stranger, OTHER_DOMAIN).get('/api/accounts/me/contacts'))).toEqual([strangerAdmin.account.id]);
    });
  });

  it('the OpenAPI description documents the contact object and the routes', async () => {
    await linkContacts(w.t.db, owner.account.id, alice.account.id);
    type Schema = { $ref?: string; items?: Schema; properties?: Record<string, unknown> };
    const doc = (await http(w.t).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
      components: { schemas: Record<string, Schema> };
    };
    const schemaOf = (path: string) => doc.paths[path].get.responses['200'].content!['application/json'].schema;
    const keysOf = (schema: Schema) => Object.keys(doc.components.schemas[schema.$ref!.split('/').pop()!].properties!).sort();
    const contact = (await asUser(owner).get('/api/accounts/me/contacts')).body[0];
    expect(keysOf(schemaOf('/api/accounts/me/contacts').items!)).toEqual(Object.keys(contact).sort());
    expect(keysOf(schemaOf('/api/accounts/me/contacts/{sip}'))).toEqual(Object.keys(contact).sort());
    const direct = (await w.asAdmin.get(`/api/accounts/${owner.account.id}/contacts`)).body[0];
    expect(keysOf(schemaOf('/api/accounts/{id}/contacts').items!)).toEqual(Object.keys(direct).sort());
    expect(keysOf(schemaOf('/api/accounts/{id}/contacts/{contact_id}'))).toEqual(Object.keys(direct).sort());
    expect(Object.keys(doc.paths['/api/accounts/{id}/contacts/{contact_id}']).sort()).toEqual(['delete', 'get', 'post']);
  });
});
