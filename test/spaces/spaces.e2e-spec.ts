import { Account } from '../../src/account-core/entities/account.entity';
import { Space } from '../../src/account-core/entities/space.entity';
import { DOMAIN, HOST, startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, createSpace, createSuperAdmin, http, spaceBody } from '../support/fixtures';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const SUPER = 'super.test';

const FLAGS = [
  'disable_chat_feature',
  'disable_meetings_feature',
  'disable_broadcast_feature',
  'hide_settings',
  'hide_account_settings',
  'disable_call_recordings_feature',
  'only_display_sip_uri_username',
  'assistant_hide_create_account',
  'assistant_disable_qr_code',
  'assistant_hide_third_party_account',
];

/** `YYYY-MM-DD` of today + days, UTC */
function day(days: number): string {
  return new Date(Date.now() + days * 24 * 3600_000).toISOString().slice(0, 10);
}

describe('/api/spaces (spaces.md)', () => {
  let t: TestApp;
  let admin: AccountFixture;

  beforeAll(async () => {
    t = await startApp();
    admin = await createSuperAdmin(t.db, SUPER);
  });
  afterAll(() => t.close());

  const as = () => ({
    get: (path: string) => http(t).get(path, SUPER).set('x-api-key', admin.apiKey),
    post: (path: string) => http(t).post(path, SUPER).set('x-api-key', admin.apiKey),
    put: (path: string) => http(t).put(path, SUPER).set('x-api-key', admin.apiKey),
    delete: (path: string) => http(t).delete(path, SUPER).set('x-api-key', admin.apiKey),
  });

  describe('access', () => {
    it('answers 403 Unauthorized area to a non-super admin on every route', async () => {
      const other = await createAccount(t.db, { admin: true });
      const calls = [
        http(t).get('/api/spaces'),
        http(t).get(`/api/spaces/${DOMAIN}`),
        http(t).post('/api/spaces').send({ domain: 'x.test' }),
        http(t).put(`/api/spaces/${DOMAIN}`).send(spaceBody()),
        http(t).delete(`/api/spaces/${DOMAIN}`),
      ];
      for (const call of calls) {
        const res = await call.set('x-api-key', other.apiKey);
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ message: 'Unauthorized area' });
      }
      expect(await t.db.getRepository(Space).countBy({ domain: DOMAIN })).toBe(1);
    });

    it('lets a super admin work from another Space host', async () => {
      const res = await http(t).get('/api/spaces', HOST).set('x-api-key', admin.apiKey);
      expect(res.status).toBe(200);
    });
  });

  describe('GET /api/spaces', () => {
    it('lists every Space in id order, as Space JSON', async () => {
      const res = await as().get('/api/spaces');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const domains = (res.body as { domain: string }[]).map((s) => s.domain);
      expect(domains.slice(0, 2)).toEqual([DOMAIN, SUPER]);
      const space = res.body[0];
      expect(Object.keys(space).sort()).toEqual(
        ['domain', 'super', 'created_at', 'updated_at', 'max_account', 'host', 'max_accounts', 'expire_at', ...FLAGS].sort(),
      );
      expect(space).toMatchObject({
        domain: DOMAIN,
        host: HOST,
        super: false,
        disable_broadcast_feature: true,
        disable_chat_feature: false,
        max_account: 0,
        max_accounts: 0,
        expire_at: null,
      });
      expect(space.created_at).toMatch(TIMESTAMP);
      expect(space.updated_at).toMatch(TIMESTAMP);
      expect(res.body[1].super).toBe(true);
    });
  });

  describe('POST /api/spaces', () => {
    it('creates a Space with defaults, host defaulting to domain', async () => {
      const res = await as().post('/api/spaces').send({ domain: 'third.domain', super: false });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        domain: 'third.domain',
        host: 'third.domain',
        super: false,
        disable_broadcast_feature: true,
        hide_settings: false,
        max_account: 0,
        max_accounts: 0,
        expire_at: null,
      });
      expect(res.body.id).toBeUndefined();
      expect(res.body.created_at).toMatch(TIMESTAMP);
      const list = await as().get('/api/spaces');
      expect(list.body).toContainEqual(expect.objectContaining({ domain: 'third.domain', super: false }));
    });

    it('keeps a given host', async () => {
      const res = await as().post('/api/spaces').send({ domain: 'sip.fourth.test', host: 'fourth.test' });
      expect(res.status).toBe(201);
      expect(res.body.host).toBe('fourth.test');
    });

    it('takes the boolean rule\'s values for flags (deviation 26): "1" and 1 are true, 0 and "0" are false', async () => {
      const res = await as()
        .post('/api/spaces')
        .send({ domain: 'flags.test', hide_settings: '1', super: 0, disable_broadcast_feature: '0', assistant_disable_qr_code: 1 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        hide_settings: true,
        super: false,
        disable_broadcast_feature: false,
        assistant_disable_qr_code: true,
      });
    });

    it('answers 422 without domain', async () => {
      const res = await as().post('/api/spaces').send({});
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ message: 'The domain field is required.', errors: { domain: ['The domain field is required.'] } });
    });

    it('answers 422 to a taken domain or host', async () => {
      const domain = await as().post('/api/spaces').send({ domain: DOMAIN, host: 'free.host.test' });
      expect(domain.status).toBe(422);
      expect(domain.body.errors).toEqual({ domain: ['The domain has already been taken.'] });
      const host = await as().post('/api/spaces').send({ domain: 'fresh.test', host: HOST });
      expect(host.status).toBe(422);
      expect(host.body.errors).toEqual({ host: ['The host has already been taken.'] });
      // hosts are compared case-insensitively, as the Host header is
      const upper = await as().post('/api/spaces').send({ domain: 'fresh.test', host: HOST.toUpperCase() });
      expect(upper.status).toBe(422);
      expect(upper.body.errors).toEqual({ host: ['The host has already been taken.'] });
      // the defaulted host is checked too
      await createSpace(t.db, 'sip.taken.test', { host: 'taken.test' });
      const defaulted = await as().post('/api/spaces').send({ domain: 'taken.test' });
      expect(defaulted.status).toBe(422);
      expect(defaulted.body.errors).toEqual({ host: ['The host has already been taken.'] });
    });

    it('answers 422 (never a 500) to a domain or host that is not a string or too long for its column', async () => {
      const cases: [Record<string, unknown>, Record<string, string[]>][] = [
        [{ domain: 5 }, { domain: ['The domain must be a string.'] }],
        [{ domain: ['a.test'] }, { domain: ['The domain must be a string.'] }],
        [{ domain: `${'d'.repeat(60)}.test` }, { domain: ['The domain may not be greater than 64 characters.'] }],
        [{ domain: 'typed.test', host: 123 }, { host: ['The host must be a string.'] }],
        [{ domain: 'typed.test', host: { a: 1 } }, { host: ['The host must be a string.'] }],
        [
          { domain: 'typed.test', host: `${'h'.repeat(50)}.`.repeat(5) + 'test' },
          { host: ['The host may not be greater than 255 characters.'] },
        ],
      ];
      for (const [input, errors] of cases) {
        const res = await as().post('/api/spaces').send(input);
        expect([input, res.status, res.body.errors]).toEqual([input, 422, errors]);
      }
      const put = await as()
        .put(`/api/spaces/${DOMAIN}`)
        .send({ ...spaceBody(), host: 42 });
      expect([put.status, put.body.errors?.host]).toEqual([422, ['The host must be a string.']]);
      expect(await t.db.getRepository(Space).countBy({ domain: 'typed.test' })).toBe(0);
      // null is an absent host: it defaults to the domain
      const nul = await as().post('/api/spaces').send({ domain: 'null-host.test', host: null });
      expect([nul.status, nul.body.host]).toEqual([201, 'null-host.test']);
    });

    it("reports a taken host together with the other fields' errors, in field order", async () => {
      const res = await as().post('/api/spaces').send({ domain: DOMAIN, host: HOST, max_accounts: 'x' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        message: 'The domain has already been taken. (and 2 more errors)',
        errors: {
          domain: ['The domain has already been taken.'],
          host: ['The host has already been taken.'],
          max_accounts: ['The max accounts must be an integer.'],
        },
      });
      // on PUT, the Space's own host is not "taken"; another Space's is, alongside the other errors
      await createSpace(t.db, 'neighbour.test', { host: 'neighbour.host.test' });
      const own = await as()
        .put(`/api/spaces/${DOMAIN}`)
        .send(spaceBody({ host: HOST }));
      expect(own.status).toBe(200);
      const taken = await as()
        .put(`/api/spaces/${DOMAIN}`)
        .send(spaceBody({ host: 'neighbour.host.test', max_account: 'y' }));
      expect(taken.status).toBe(422);
      expect(taken.body.errors).toEqual({
        host: ['The host has already been taken.'],
        max_account: ['The max account must be an integer.'],
      });
    });

    it('answers 422 to a non-integer max_accounts and accepts null as 0', async () => {
      const bad = await as().post('/api/spaces').send({ domain: 'max.test', max_accounts: 'abc' });
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual({ max_accounts: ['The max accounts must be an integer.'] });
      const badAccount = await as().post('/api/spaces').send({ domain: 'max.test', max_account: '1.5' });
      expect(badAccount.status).toBe(422);
      expect(badAccount.body.errors).toEqual({ max_account: ['The max account must be an integer.'] });
      const nul = await as().post('/api/spaces').send({ domain: 'max.test', max_accounts: null, max_account: null });
      expect(nul.status).toBe(201);
      expect(nul.body).toMatchObject({ max_accounts: 0, max_account: 0 });
    });

    it('answers 422 to an invalid or past expire_at', async () => {
      const invalid = await as().post('/api/spaces').send({ domain: 'date.test', expire_at: 'not a date' });
      expect(invalid.status).toBe(422);
      expect(invalid.body.errors.expire_at[0]).toBe('The expire at is not a valid date.');
      const past = await as()
        .post('/api/spaces')
        .send({ domain: 'date.test', expire_at: day(-1) });
      expect(past.status).toBe(422);
      expect(past.body.errors).toEqual({ expire_at: ['The expire at must be a date after or equal to today.'] });
    });

    it('shows expire_at as the date at midnight', async () => {
      const date = day(30);
      const res = await as()
        .post('/api/spaces')
        .send({ domain: 'expiry.test', expire_at: `${date} 15:00:00` });
      expect(res.status).toBe(201);
      expect(res.body.expire_at).toBe(`${date}T00:00:00.000000Z`);
      const shown = await as().get('/api/spaces/expiry.test');
      expect(shown.body.expire_at).toBe(`${date}T00:00:00.000000Z`);
    });

    it('accepts expire_at today', async () => {
      const res = await as()
        .post('/api/spaces')
        .send({ domain: 'today.test', expire_at: day(0) });
      expect(res.status).toBe(201);
      expect(res.body.expire_at).toBe(`${day(0)}T00:00:00.000000Z`);
    });

    it('trims the input', async () => {
      const res = await as().post('/api/spaces').send({ domain: '  trimmed.test  ' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ domain: 'trimmed.test', host: 'trimmed.test' });
    });

    it('serves the new Space on its host', async () => {
      await as().post('/api/spaces').send({ domain: 'served.test' });
      const user = await createAccount(t.db, { domain: 'served.test' });
      const res = await http(t).get('/api/accounts/me', 'served.test').set('x-api-key', user.apiKey);
      expect(res.status).toBe(200);
    });
  });

  describe('GET /api/spaces/{domain}', () => {
    it('shows one Space', async () => {
      const res = await as().get(`/api/spaces/${SUPER}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ domain: SUPER, host: SUPER, super: true });
    });

    it('answers 404 to an unknown domain', async () => {
      const res = await as().get('/api/spaces/unknown.test');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
    });
  });

  describe('PUT /api/spaces/{domain}', () => {
    it('answers 422 to a body with only super', async () => {
      await as().post('/api/spaces').send({ domain: 'put-only-super.test' });
      const res = await as().put('/api/spaces/put-only-super.test').send({ super: true });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual([...FLAGS, 'max_account', 'max_accounts']);
      expect(res.body.errors.hide_settings).toEqual(['The hide settings field is required.']);
    });

    it('replaces the Space with the POST response, super and hide_settings set', async () => {
      const created = await as().post('/api/spaces').send({ domain: 'put.test', host: 'put-host.test', super: false });
      expect(created.status).toBe(201);
      const res = await as()
        .put('/api/spaces/put.test')
        .send({ ...created.body, super: true, hide_settings: true });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        domain: 'put.test',
        host: 'put-host.test',
        super: true,
        hide_settings: true,
        disable_broadcast_feature: true,
      });
    });

    it('defaults host to the domain and expire_at to null when absent', async () => {
      await as()
        .post('/api/spaces')
        .send({ domain: 'put-defaults.test', host: 'custom-host.test', expire_at: day(3) });
      const res = await as().put('/api/spaces/put-defaults.test').send(spaceBody());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ host: 'put-defaults.test', expire_at: null });
    });

    it('answers 422 to a non-boolean flag', async () => {
      await as().post('/api/spaces').send({ domain: 'put-bool.test' });
      const res = await as()
        .put('/api/spaces/put-bool.test')
        .send(spaceBody({ hide_settings: 'yes' }));
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ hide_settings: ['The hide settings field must be true or false.'] });
    });

    it('accepts 1/0 and "1"/"0" as booleans', async () => {
      await as().post('/api/spaces').send({ domain: 'put-bool2.test' });
      const res = await as()
        .put('/api/spaces/put-bool2.test')
        .send(spaceBody({ hide_settings: '1', super: 1, disable_chat_feature: '0' }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ hide_settings: true, super: true, disable_chat_feature: false });
    });

    it('validates before looking the Space up: 422 then 404', async () => {
      expect((await as().put('/api/spaces/unknown.test').send({ super: true })).status).toBe(422);
      const res = await as().put('/api/spaces/unknown.test').send(spaceBody());
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
    });

    it('answers 422 when max_accounts is below the number of accounts', async () => {
      await as().post('/api/spaces').send({ domain: 'full.test' });
      await createAccount(t.db, { domain: 'full.test' });
      await createAccount(t.db, { domain: 'full.test' });
      const res = await as()
        .put('/api/spaces/full.test')
        .send(spaceBody({ max_accounts: 1 }));
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ max_accounts: ['The max accounts must be at least 2.'] });
      expect(
        (
          await as()
            .put('/api/spaces/full.test')
            .send(spaceBody({ max_accounts: 2 }))
        ).status,
      ).toBe(200);
      expect(
        (
          await as()
            .put('/api/spaces/full.test')
            .send(spaceBody({ max_accounts: 0 }))
        ).status,
      ).toBe(200);
    });

    it('answers 422 to a host taken by another Space', async () => {
      await as().post('/api/spaces').send({ domain: 'put-taken.test' });
      const res = await as()
        .put('/api/spaces/put-taken.test')
        .send(spaceBody({ host: HOST }));
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ host: ['The host has already been taken.'] });
    });

    it('revives an expired Space: its admins can work again', async () => {
      await as().post('/api/spaces').send({ domain: 'revive.test' });
      const spaceAdmin = await createAccount(t.db, { domain: 'revive.test', admin: true });
      const today = new Date();
      today.setUTCHours(12, 0, 0, 0);
      await t.db.getRepository(Space).update({ domain: 'revive.test' }, { expire_at: today });
      const expired = await http(t).get('/api/accounts/me', 'revive.test').set('x-api-key', spaceAdmin.apiKey);
      expect(expired.status).toBe(403);
      expect(expired.body).toEqual({ message: 'The related Space has expired' });

      const shown = await as().get('/api/spaces/revive.test');
      const res = await as()
        .put('/api/spaces/revive.test')
        .send({ ...shown.body, expire_at: `${day(1)} 00:00:00` });
      expect(res.status).toBe(200);
      expect(res.body.expire_at).toBe(`${day(1)}T00:00:00.000000Z`);
      const again = await http(t).get('/api/accounts/me', 'revive.test').set('x-api-key', spaceAdmin.apiKey);
      expect(again.status).toBe(200);
    });
  });

  describe('DELETE /api/spaces/{domain}', () => {
    it('deletes the Space and its accounts and answers 1', async () => {
      await as().post('/api/spaces').send({ domain: 'delete.test' });
      const user = await createAccount(t.db, { domain: 'delete.test' });
      const res = await as().delete('/api/spaces/delete.test');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=UTF-8');
      expect(res.text).toBe('1');
      expect(await t.db.getRepository(Space).countBy({ domain: 'delete.test' })).toBe(0);
      expect(await t.db.getRepository(Account).countBy({ domain: 'delete.test' })).toBe(0);
      expect((await http(t).get('/api/accounts/me', 'delete.test').set('x-api-key', user.apiKey)).status).toBe(404);
    });

    it('answers 0 when no Space has that domain', async () => {
      const res = await as().delete('/api/spaces/never-existed.test');
      expect(res.status).toBe(200);
      expect(res.text).toBe('0');
    });

    it('leaves the other Spaces as they were', async () => {
      await as().post('/api/spaces').send({ domain: 'delete2.test' });
      expect((await as().delete('/api/spaces/delete2.test')).text).toBe('1');
      const list = await as().get('/api/spaces');
      expect(list.body).toContainEqual(expect.objectContaining({ domain: SUPER, max_accounts: 0, expire_at: null }));
      expect(list.body).toContainEqual(expect.objectContaining({ domain: DOMAIN }));
    });
  });
});

describe('/api/spaces with APP_ROOT_DOMAIN', () => {
  const ROOT = 'example.net';
  let t: TestApp;
  let admin: AccountFixture;
  beforeAll(async () => {
    t = await startApp({ APP_ROOT_DOMAIN: ROOT });
    admin = await createSuperAdmin(t.db, `super.${ROOT}`);
  });
  afterAll(() => t.close());

  const post = () => http(t).post('/api/spaces', `super.${ROOT}`).set('x-api-key', admin.apiKey);

  it('refuses a host outside the root domain on POST', async () => {
    const res = await post().send({ domain: 'outside.test' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ host: [`The host must end with ${ROOT}.`] });
  });

  it('accepts a host inside the root domain on POST', async () => {
    const res = await post().send({ domain: `inside.${ROOT}` });
    expect(res.status).toBe(201);
    expect(res.body.host).toBe(`inside.${ROOT}`);
  });

  it('refuses a host outside the root domain on PUT', async () => {
    await post().send({ domain: `put.${ROOT}` });
    const res = await http(t)
      .put(`/api/spaces/put.${ROOT}`, `super.${ROOT}`)
      .set('x-api-key', admin.apiKey)
      .send(spaceBody({ host: 'outside.test' }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ host: [`The host must end with ${ROOT}.`] });
  });
});

describe('the Space of a Host is cached (APP_SPACE_CACHE_SECONDS)', () => {
  it('serves a cached Space for the delay when changed behind its back; changes through the API apply at once', async () => {
    const t = await startApp({ APP_SPACE_CACHE_SECONDS: '60' });
    try {
      const root = await createSuperAdmin(t.db, SUPER);
      await createSpace(t.db, 'cached.test', { host: 'cached.host.test' });
      const info = () => http(t).get('/api/accounts/nobody@cached.test/info', 'cached.host.test');
      expect((await info()).status).toBe(404); // resolved (the account is unknown), and now cached

      // another process moves the Space: this instance keeps serving what it cached
      await t.db.getRepository(Space).update({ domain: 'cached.test' }, { host: 'moved.host.test' });
      const stale = await info();
      expect(stale.body).toEqual({ message: 'Missing elements to perform the request' });

      // a change through this instance's API clears the cache
      const put = await http(t)
        .put('/api/spaces/cached.test', SUPER)
        .set('x-api-key', root.apiKey)
        .send(spaceBody({ host: 'moved.host.test' }));
      expect(put.status).toBe(200);
      expect((await info()).body).toEqual({ message: 'Host not configured' });
    } finally {
      await t.close();
    }
  });
});
