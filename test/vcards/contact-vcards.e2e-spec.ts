import { AccountAction } from '../../src/account-actions/entities/account-action.entity';
import { Account } from '../../src/account-core/entities/account.entity';
import { AccountAccountType } from '../../src/account-types/entities/account-account-type.entity';
import { AccountType } from '../../src/account-types/entities/account-type.entity';
import { adminWorld, AdminWorld, DOMAIN, HOST, OTHER_DOMAIN } from '../support/admin-world';
import { attachList, createList, linkContacts } from '../support/contacts';
import { digestGet } from '../support/digest-client';
import { AccountFixture, createAccount, createSpace, http } from '../support/fixtures';
import { DHAND_CARD, SPEC_EXAMPLE, TATYANA_CARD } from '../support/vcard-spec-example';

const LINPHONE = 'sip.linphone.org';
const MISSING = { message: 'Missing elements to perform the request' };
const TEXT = 'text/html; charset=UTF-8';

/** `/contacts/vcard[/{sip}]` (vcards.md §4): the URL the provisioning XML gives clients as `contacts-vcard-list`. */
describe('/contacts/vcard (vcards.md §4)', () => {
  let w: AdminWorld;
  let owner: AccountFixture;
  let tatyana: AccountFixture;
  let dhand: AccountFixture;
  let stranger: AccountFixture;
  const get = (f: AccountFixture, path: string, host = LINPHONE) => http(w.t).get(path, host).set('x-api-key', f.apiKey);

  beforeAll(async () => {
    w = await adminWorld();
    const space = await createSpace(w.t.db, LINPHONE);
    owner = await createAccount(w.t.db, { username: 'owner', domain: LINPHONE });
    tatyana = await createAccount(w.t.db, { username: 'schoen.tatyana', domain: LINPHONE });
    dhand = await createAccount(w.t.db, { username: 'dhand', domain: LINPHONE });
    // of another Space: never shown to a caller of this one, even when linked
    stranger = await createAccount(w.t.db, { username: 'stranger', domain: OTHER_DOMAIN });
    for (const f of [tatyana, dhand, stranger])
      await w.t.db.getRepository(Account).update({ id: f.account.id }, { dtmf_protocol: 'sipinfo' });
    const phone = await w.t.db.getRepository(AccountType).save({ space_id: space.id, key: 'phone' });
    await w.t.db.getRepository(AccountAccountType).save({ account_id: tatyana.account.id, account_type_id: phone.id });
    await w.t.db.getRepository(AccountAction).save({ account_id: tatyana.account.id, key: 'action_key', code: '123' });
    // tatyana direct and in a list (shown once), dhand through the list only
    await linkContacts(w.t.db, owner.account.id, tatyana.account.id, stranger.account.id);
    const list = await createList(w.t.db, 'doors', [dhand.account.id, tatyana.account.id], LINPHONE);
    await attachList(w.t.db, owner.account.id, list.id);
  });
  afterAll(() => w.t.close());

  it("the spec's example, line for line: direct contacts and a list's, types, actions, DTMF protocol; no trailing newline; text/html", async () => {
    const res = await get(owner, '/contacts/vcard');
    expect([res.status, res.headers['content-type']]).toEqual([200, TEXT]);
    expect(res.text.split('\n')).toEqual(SPEC_EXAMPLE.split('\n'));
    expect(res.text).toBe(SPEC_EXAMPLE);
  });

  it('FN is the display name; a contact without DTMF protocol has no protocol and no action line', async () => {
    const fx = await createAccount(w.t.db, { username: 'lobby', domain: LINPHONE });
    await w.t.db.getRepository(Account).update({ id: fx.account.id }, { display_name: 'Lobby door' });
    await w.t.db.getRepository(AccountAction).save({ account_id: fx.account.id, key: 'open', code: '1' });
    const viewer = await createAccount(w.t.db, { username: 'viewer', domain: LINPHONE });
    await linkContacts(w.t.db, viewer.account.id, fx.account.id);
    const res = await get(viewer, '/contacts/vcard');
    expect(res.text).toBe(`BEGIN:VCARD\nVERSION:4.0\nKIND:individual\nIMPP:sip:lobby@${LINPHONE}\nFN:Lobby door\nEND:VCARD`);
  });

  it("/contacts/vcard/{sip}: one contact's card (direct or through a list); a non-contact 404", async () => {
    const one = await get(owner, `/contacts/vcard/dhand@${LINPHONE}`);
    expect([one.status, one.headers['content-type'], one.text]).toEqual([200, TEXT, DHAND_CARD]);
    expect((await get(owner, `/contacts/vcard/schoen.tatyana@${LINPHONE}`)).text).toBe(TATYANA_CARD);
    for (const sip of [`owner@${LINPHONE}`, `nobody@${LINPHONE}`, 'dhand', `stranger@${OTHER_DOMAIN}`]) {
      const res = await get(owner, `/contacts/vcard/${sip}`);
      expect([sip, res.status, res.body]).toEqual([sip, 404, MISSING]);
    }
  });

  it('no contact: 200, an empty body', async () => {
    const res = await get(dhand, '/contacts/vcard');
    expect([res.status, res.text, res.headers['content-type']]).toEqual([200, '', TEXT]);
  });

  it('a blocked account still gets its cards (no blocked check outside /api)', async () => {
    await w.t.db.getRepository(Account).update({ id: owner.account.id }, { blocked: true });
    try {
      expect((await get(owner, '/contacts/vcard')).text).toBe(SPEC_EXAMPLE);
      expect((await http(w.t).get('/api/accounts/me/contacts', LINPHONE).set('x-api-key', owner.apiKey)).status).toBe(403);
    } finally {
      await w.t.db.getRepository(Account).update({ id: owner.account.id }, { blocked: false });
    }
  });

  it('DIGEST, as a SIP client fetches it: 401 with a challenge, then the cards', async () => {
    const first = await http(w.t).get('/contacts/vcard', LINPHONE).set('From', `sip:owner@${LINPHONE}`);
    expect(first.status).toBe(401);
    const res = await digestGet({ get: (path) => http(w.t).get(path, LINPHONE) }, owner, '/contacts/vcard');
    expect([res.status, res.text]).toEqual([200, SPEC_EXAMPLE]);
    const one = await digestGet({ get: (path) => http(w.t).get(path, LINPHONE) }, owner, `/contacts/vcard/dhand@${LINPHONE}`);
    expect([one.status, one.text]).toEqual([200, DHAND_CARD]);
    // no credentials at all: refused, nothing shown
    expect((await http(w.t).get('/contacts/vcard', LINPHONE)).text).not.toContain('BEGIN:VCARD');
  });

  it("isolation: another Space's Host is refused; another account's contacts never appear", async () => {
    const wrongHost = await get(owner, '/contacts/vcard', HOST);
    expect([wrongHost.status, wrongHost.body]).toEqual([403, { message: 'Unauthorized area' }]);
    expect((await get(owner, `/contacts/vcard/dhand@${LINPHONE}`, OTHER_DOMAIN)).status).toBe(403);
    // a neighbour of the same Space with contacts of their own sees only those
    const neighbour = await createAccount(w.t.db, { username: 'neighbour', domain: LINPHONE });
    await linkContacts(w.t.db, neighbour.account.id, dhand.account.id);
    expect((await get(neighbour, '/contacts/vcard')).text).toBe(DHAND_CARD);
    expect((await get(neighbour, `/contacts/vcard/schoen.tatyana@${LINPHONE}`)).status).toBe(404);
    // an account of the default Space linked to the owner's contacts: theirs are of their Space only
    const elsewhere = await createAccount(w.t.db, { username: 'elsewhere', domain: DOMAIN });
    await linkContacts(w.t.db, elsewhere.account.id, tatyana.account.id);
    const res = await http(w.t).get('/contacts/vcard').set('x-api-key', elsewhere.apiKey);
    expect([res.status, res.text]).toEqual([200, '']);
  });

  it('the OpenAPI description lists both routes as text', async () => {
    const doc = (await http(w.t).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
    };
    expect(Object.keys(doc.paths['/contacts/vcard/{sip}'].get.responses)).toContain('404');
    expect(Object.keys(doc.paths['/contacts/vcard'].get.responses['200'].content ?? {})).toEqual(['text/html']);
  });
});
