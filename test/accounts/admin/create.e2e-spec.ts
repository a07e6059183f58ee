import { createHash } from 'node:crypto';
import { Account } from '../../../src/account-core/entities/account.entity';
import { AccountTombstone } from '../../../src/account-core/entities/account-tombstone.entity';
import { ActivationExpiration } from '../../../src/account-core/entities/activation-expiration.entity';
import { Password } from '../../../src/account-core/entities/password.entity';
import { ProvisioningToken } from '../../../src/account-core/entities/provisioning-token.entity';
import { Space } from '../../../src/account-core/entities/space.entity';
import { accountCount, activateCountries, count, createAccount } from '../../support/fixtures';
import { adminWorld, AdminWorld, as, body, DOMAIN, OTHER_DOMAIN } from '../../support/admin-world';

describe('POST /api/accounts', () => {
  let w: AdminWorld;
  beforeAll(async () => {
    w = await adminWorld();
  });
  afterAll(() => w.t.close());

  it('answers 403 Unauthorized area to a non-admin', async () => {
    const user = await createAccount(w.t.db, { username: 'plainuser' });
    const res = await as(w.t, user.apiKey).post('/api/accounts', body({ username: 'nope' }));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Unauthorized area' });
  });

  it('creates the account of the reference example (200, not 201)', async () => {
    const res = await w.asAdmin.post(
      '/api/accounts',
      { username: 'foobar', algorithm: 'SHA-256', password: '123456', dtmf_protocol: 'sipinfo' },
      { 'User-Agent': 'Linphone/5.2' },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      username: 'foobar',
      domain: DOMAIN,
      activated: false,
      admin: false,
      blocked: false,
      dtmf_protocol: 'sipinfo',
      email: null,
      phone: null,
      display_name: null,
      user_agent: 'Linphone/5.2',
      realm: null,
      confirmation_key_expires: null,
      provisioning_token_expire_at: null,
      dictionary: {},
      passwords: [{ algorithm: 'SHA-256' }],
      activation_expiration: null,
      email_change_code: null,
      types: [],
      actions: [],
    });
    expect(res.body.confirmation_key).toMatch(/^[A-Za-z0-9]{13}$/);
    expect(res.body.provisioning_token).toMatch(/^[A-Za-z0-9]{13}$/);
    expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$/);
    expect(res.body).not.toHaveProperty('phone_change_code');
    expect(typeof res.body.ip_address).toBe('string');

    const stored = await w.t.db.getRepository(Account).findOneByOrFail({ id: res.body.id });
    expect(stored.confirmation_key).toBe(res.body.confirmation_key);
    const passwords = await w.t.db.getRepository(Password).findBy({ account_id: res.body.id });
    const expected = createHash('sha256').update(`foobar:${DOMAIN}:123456`).digest('hex');
    expect(passwords.map((p) => [p.algorithm, p.password])).toEqual([['SHA-256', expected]]);
    expect(await count(w.t.db, ProvisioningToken, { account_id: res.body.id })).toBe(1);
  });

  it('hashes MD5 as H(username:realm:password)', async () => {
    const res = await w.asAdmin.post('/api/accounts', { username: 'foo', algorithm: 'MD5', password: 'testtest' });
    expect(res.status).toBe(200);
    const [row] = await w.t.db.getRepository(Password).findBy({ account_id: res.body.id });
    expect(row).toMatchObject({ algorithm: 'MD5', password: '284f5ee1ac3ce11b7a485052f80c8f91' });
  });

  it('uses APP_NAME as user agent when the header is absent', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'noagent' }));
    expect(res.status).toBe(200);
    expect(res.body.user_agent).toBe('Account Manager');
  });

  it('cuts a long User-Agent to 255 characters (common/request-origin.ts)', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'longagent' }), { 'User-Agent': 'U'.repeat(1000) });
    expect(res.status).toBe(200);
    expect(res.body.user_agent).toBe('U'.repeat(255));
  });

  it('admin: true gives the role; activated: true leaves no confirmation key', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'boss', admin: true, activated: true }));
    expect(res.status).toBe(200);
    expect(res.body.admin).toBe(true);
    expect(res.body.activated).toBe(true);
    expect(res.body.confirmation_key).toBeNull();
  });

  it('stores the activation expiration of a non-activated account', async () => {
    const res = await w.asAdmin.post(
      '/api/accounts',
      body({ username: 'expiring', activated: false, confirmation_key_expires: '2040-12-12 12:12:12' }),
    );
    expect(res.status).toBe(200);
    expect(res.body.confirmation_key_expires).toBe('2040-12-12 12:12:12');
    expect(res.body.activation_expiration).toMatchObject({ account_id: res.body.id, expires: '2040-12-12 12:12:12' });
  });

  it('ignores confirmation_key_expires for an activated account, and a null one', async () => {
    const activated = await w.asAdmin.post(
      '/api/accounts',
      body({ username: 'expact', activated: true, confirmation_key_expires: '2040-12-12 12:12:12' }),
    );
    expect(activated.status).toBe(200);
    expect(activated.body.confirmation_key_expires).toBeNull();
    const nulled = await w.asAdmin.post('/api/accounts', body({ username: 'expnull', confirmation_key_expires: null }));
    expect(nulled.status).toBe(200);
    expect(nulled.body.confirmation_key_expires).toBeNull();
    expect(await count(w.t.db, ActivationExpiration, { account_id: activated.body.id })).toBe(0);
  });

  it('rejects a malformed confirmation_key_expires', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'badexp', confirmation_key_expires: 'abc' }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ confirmation_key_expires: ['The confirmation key expires does not match the format Y-m-d H:i:s.'] });
  });

  it('stores the dictionary', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'dico', dictionary: { foo: 'bar', waza: 'yop' } }));
    expect(res.status).toBe(200);
    expect(res.body.dictionary).toEqual({ foo: 'bar', waza: 'yop' });
    expect(Object.keys(res.body.dictionary)).toEqual(['foo', 'waza']);
  });

  it('rejects an empty username', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: '' }));
    expect(res.status).toBe(422);
    expect(res.body.errors.username).toEqual(['The username field is required.']);
  });

  it('rejects a username taken in the domain', async () => {
    await w.asAdmin.post('/api/accounts', body({ username: 'taken' }));
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'taken' }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ username: ['The username has already been taken.'] });
  });

  it('lets a super admin create the same username in two domains', async () => {
    const here = await w.asSuper.post('/api/accounts', body({ username: 'twin' }));
    const there = await w.asSuper.post('/api/accounts', body({ username: 'twin', domain: OTHER_DOMAIN }));
    expect([here.status, there.status]).toEqual([200, 200]);
    expect(here.body.domain).toBe(DOMAIN);
    expect(there.body.domain).toBe(OTHER_DOMAIN);
  });

  it("gives a plain admin's account its own domain whatever domain is sent", async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'mine', domain: OTHER_DOMAIN }));
    expect(res.status).toBe(200);
    expect(res.body.domain).toBe(DOMAIN);
    // so a duplicate in its own domain is refused even when another domain is named
    const again = await w.asAdmin.post('/api/accounts', body({ username: 'mine', domain: OTHER_DOMAIN }));
    expect(again.status).toBe(422);
    expect(Object.keys(again.body.errors)).toEqual(['username']);
  });

  it("rejects a plain admin's unknown domain (422)", async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'lost', domain: 'nowhere.example.org' }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ domain: ['The selected domain is invalid.'] });
  });

  it("answers 403 to a super admin's unknown domain (no Space), before validation", async () => {
    const before = await accountCount(w.t.db);
    const res = await w.asSuper.post('/api/accounts', { domain: 'nowhere.example.org' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'This action is unauthorized.' });
    expect(await accountCount(w.t.db)).toBe(before);
  });

  it('refuses a re-creation over a tombstone', async () => {
    const created = await w.asAdmin.post('/api/accounts', body({ username: 'ghost' }));
    expect((await w.asAdmin.delete(`/api/accounts/${created.body.id}`)).status).toBe(200);
    expect(await count(w.t.db, AccountTombstone, { username: 'ghost', domain: DOMAIN })).toBe(1);
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'ghost' }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ username: ['The username has already been taken.'] });
    // the tombstone is per domain
    expect((await w.asSuper.post('/api/accounts', body({ username: 'ghost', domain: OTHER_DOMAIN }))).status).toBe(200);
  });

  it('validates the username rules in order', async () => {
    const cases: [unknown, string[]][] = [
      ['John', ['No uppercase letters are allowed.', 'The username should be a valid SIP username']],
      ['blabla hop', ['The username should be a valid SIP username']],
      ['blabla🔥', ['The username should be a valid SIP username']],
      ['+33612121212', ['The username should not be a phone number']],
      ['0612345678', ['The username should not be a phone number']],
      ['2000000', ['The username should not be a phone number']],
      ['a'.repeat(65), ['The username may not be greater than 64 characters.']],
    ];
    for (const [username, messages] of cases) {
      const res = await w.asAdmin.post('/api/accounts', body({ username }));
      expect([username, res.status, res.body.errors?.username]).toEqual([username, 422, messages]);
    }
    for (const username of ['123456', 'user123', 'john.doe', 'émile', 'a'.repeat(64)]) {
      const res = await w.asAdmin.post('/api/accounts', body({ username }));
      expect([username, res.status]).toEqual([username, username === 'émile' ? 422 : 200]);
    }
  });

  it('validates dtmf_protocol, email, algorithm, password, admin and activated', async () => {
    const res = await w.asAdmin.post('/api/accounts', {
      username: 'fields',
      password: 'ab',
      algorithm: 'SHA-1',
      email: 'blabla',
      dtmf_protocol: 'morse',
      admin: 'yes',
      activated: 'no',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({
      password: ['The password must be at least 3 characters.'],
      email: ['The email must be a valid email address.'],
      dtmf_protocol: ['The selected dtmf protocol is invalid.'],
      algorithm: ['The password algorithm must be in MD5, SHA-256'],
      admin: ['The admin field must be true or false.'],
      activated: ['The activated field must be true or false.'],
    });
    expect(res.body.message).toBe('The password must be at least 3 characters. (and 5 more errors)');
  });

  it('measures a numeric password by its text, and accepts any Unicode password', async () => {
    const short = await w.asAdmin.post('/api/accounts', body({ username: 'numpw', password: 12 }));
    expect(short.body.errors).toEqual({ password: ['The password must be at least 3 characters.'] });
    const ok = await w.asAdmin.post('/api/accounts', body({ username: 'numpw', password: 123 }));
    expect(ok.status).toBe(200);
    const unicode = await w.asAdmin.post('/api/accounts', body({ username: 'unipw', password: 'nonascii€', algorithm: 'MD5' }));
    expect(unicode.status).toBe(200);
    const [row] = await w.t.db.getRepository(Password).findBy({ account_id: unicode.body.id });
    expect(row.password).toBe(createHash('md5').update(`unipw:${DOMAIN}:nonascii€`, 'utf8').digest('hex'));
  });

  it('accepts a@b as an email', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'shortmail', email: 'a@b' }));
    expect(res.status).toBe(200);
    expect(res.body.email).toBe('a@b');
  });

  it('validates the dictionary', async () => {
    const message = ['The dictionary must be an associative dictionary of strings'];
    for (const dictionary of [null, 'foo', ['a'], { a: { b: 'c' } }, { a: '' }, { a: 1 }]) {
      const res = await w.asAdmin.post('/api/accounts', body({ username: 'baddico', dictionary }));
      expect([dictionary, res.status, res.body.errors]).toEqual([dictionary, 422, { dictionary: message }]);
    }
    for (const [i, dictionary] of [{}, []].entries()) {
      const res = await w.asAdmin.post('/api/accounts', body({ username: `emptydico${i}`, dictionary }));
      expect(res.status).toBe(200);
      expect(res.body.dictionary).toEqual({});
    }
  });

  it('gives the fr example of errors-and-i18n §5', async () => {
    const de = await w.asAdmin.post('/api/accounts', { domain: 'example.com' }, { 'Accept-Language': 'de' });
    expect(de.status).toBe(422);
    expect(de.body.errors.username).toEqual(['The username field is required.']);
    const fr = await w.asAdmin.post('/api/accounts', { domain: 'example.com' }, { 'Accept-Language': 'fr' });
    expect(fr.status).toBe(422);
    expect(fr.body.errors.username).toEqual(['Le champ pseudo est obligatoire.']);
    expect(fr.body.message).toBe('Le champ pseudo est obligatoire. (and 3 more errors)');
    expect(Object.keys(fr.body.errors)).toEqual(['username', 'domain', 'password', 'algorithm']);
    expect(fr.body.errors.domain).toEqual(['Le champ domain sélectionné est invalide.']);
  });
});

describe('POST /api/accounts: phone', () => {
  let w: AdminWorld;
  beforeAll(async () => {
    w = await adminWorld();
    await activateCountries(w.t.db, 'FR');
  });
  afterAll(() => w.t.close());

  it('accepts an FR number once FR is activated, and stores it', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'phoned', phone: '+33612121212' }));
    expect(res.status).toBe(200);
    expect(res.body.phone).toBe('+33612121212');
  });

  it('rejects a NL number until NL is activated (super admin route)', async () => {
    const refused = await w.asAdmin.post('/api/accounts', body({ username: 'dutch', phone: '+31612121212' }));
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({ phone: ['The phone number must belong to an authorized country.'] });
    expect((await w.asSuper.post('/api/phone_countries/NL/activate')).status).toBe(200);
    const accepted = await w.asAdmin.post('/api/accounts', body({ username: 'dutch', phone: '+31612121212' }));
    expect(accepted.status).toBe(200);
  });

  it('reports both "valid" and "country" for blabla; null or absent skips', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'blaphone', phone: 'blabla' }));
    expect(res.body.errors).toEqual({
      phone: ['The phone field contains an invalid number.', 'The phone number must belong to an authorized country.'],
    });
    expect((await w.asAdmin.post('/api/accounts', body({ username: 'nullphone', phone: null }))).status).toBe(200);
  });

  it('rejects a national number without phone_country, accepts it with one', async () => {
    const national = await w.asAdmin.post('/api/accounts', body({ username: 'natphone', phone: '0612121213' }));
    expect(national.status).toBe(422);
    const withCountry = await w.asAdmin.post('/api/accounts', body({ username: 'natphone', phone: '0612121213', phone_country: 'FR' }));
    expect(withCountry.status).toBe(200);
  });

  it('rejects a number used as phone or as username in any domain', async () => {
    await w.asSuper.post('/api/accounts', body({ username: 'first', phone: '+33612121288', domain: OTHER_DOMAIN }));
    const usedAsPhone = await w.asAdmin.post('/api/accounts', body({ username: 'second', phone: '+33612121288' }));
    expect(usedAsPhone.body.errors).toEqual({ phone: ['The phone has already been taken.'] });
    await createAccount(w.t.db, { username: '+33612121299', domain: OTHER_DOMAIN });
    const usedAsUsername = await w.asAdmin.post('/api/accounts', body({ username: 'third', phone: '+33612121299' }));
    expect(usedAsUsername.body.errors).toEqual({ phone: ['The phone has already been taken.'] });
  });
});

describe('POST /api/accounts: settings', () => {
  it('black-lists ACCOUNT_BLACKLISTED_USERNAMES entries, literally or as unanchored patterns', async () => {
    const w = await adminWorld({ ACCOUNT_BLACKLISTED_USERNAMES: 'foobar,blacklisted,username-.*' });
    try {
      for (const username of ['blacklisted', 'username-gnap', 'myfoobar1']) {
        const res = await w.asAdmin.post('/api/accounts', body({ username }));
        expect([username, res.status, res.body.errors]).toEqual([username, 422, { username: ['Username already used.'] }]);
      }
      expect((await w.asAdmin.post('/api/accounts', body({ username: 'valid-username' }))).status).toBe(200);
    } finally {
      await w.t.close();
    }
  });

  it('uses ACCOUNT_USERNAME_REGEX (Unicode) and APP_ALLOW_PHONE_NUMBER_USERNAME_ADMIN_API', async () => {
    const w = await adminWorld({ ACCOUNT_USERNAME_REGEX: '^[a-z0-9🔥+_.-]*$', APP_ALLOW_PHONE_NUMBER_USERNAME_ADMIN_API: 'true' });
    try {
      expect((await w.asAdmin.post('/api/accounts', body({ username: 'blabla🔥' }))).status).toBe(200);
      expect((await w.asAdmin.post('/api/accounts', body({ username: '+33612121212' }))).status).toBe(200);
    } finally {
      await w.t.close();
    }
  });

  it('enforces ACCOUNT_EMAIL_UNIQUE across domains', async () => {
    const w = await adminWorld({ ACCOUNT_EMAIL_UNIQUE: 'true' });
    try {
      expect(
        (await w.asSuper.post('/api/accounts', body({ username: 'a1', email: 'same@example.org', domain: OTHER_DOMAIN }))).status,
      ).toBe(200);
      const res = await w.asAdmin.post('/api/accounts', body({ username: 'a2', email: 'same@example.org' }));
      expect(res.body.errors).toEqual({ email: ['The email has already been taken.'] });

      // on update the account itself is ignored (deviation), another account is not
      const mine = await w.asAdmin.post('/api/accounts', body({ username: 'a3', email: 'mine@example.org' }));
      expect(mine.status).toBe(200);
      const unchanged = await w.asAdmin.put(`/api/accounts/${mine.body.id}`, {
        username: 'a3',
        algorithm: 'MD5',
        email: 'mine@example.org',
      });
      expect(unchanged.status).toBe(200);
      const clash = await w.asAdmin.put(`/api/accounts/${mine.body.id}`, { username: 'a3', algorithm: 'MD5', email: 'same@example.org' });
      expect([clash.status, clash.body.errors]).toEqual([422, { email: ['The email has already been taken.'] }]);
    } finally {
      await w.t.close();
    }
  });

  it('answers 403 when the Space is full, before validation, and writes nothing', async () => {
    const w = await adminWorld();
    try {
      await w.t.db.getRepository(Space).update({ domain: DOMAIN }, { max_accounts: 2 });
      expect((await w.asAdmin.post('/api/accounts', body({ username: 'fits' }))).status).toBe(200);
      const before = await accountCount(w.t.db);
      for (const payload of [body({ username: 'overflow' }), {}]) {
        const res = await w.asAdmin.post('/api/accounts', payload);
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ message: 'This action is unauthorized.' });
      }
      expect(await accountCount(w.t.db)).toBe(before);
      // a super admin creating in another, unlimited Space is not concerned
      expect((await w.asSuper.post('/api/accounts', body({ username: 'elsewhere', domain: OTHER_DOMAIN }))).status).toBe(200);
    } finally {
      await w.t.close();
    }
  });

  it('shows ACCOUNT_REALM as realm and hashes with it', async () => {
    const w = await adminWorld({ ACCOUNT_REALM: 'realm.example.org' });
    try {
      const res = await w.asAdmin.post('/api/accounts', { username: 'foo', algorithm: 'MD5', password: 'testtest' });
      expect(res.body.realm).toBe('realm.example.org');
      const [row] = await w.t.db.getRepository(Password).findBy({ account_id: res.body.id });
      expect(row.password).toBe(createHash('md5').update('foo:realm.example.org:testtest').digest('hex'));
    } finally {
      await w.t.close();
    }
  });
});
