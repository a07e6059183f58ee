import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import request from 'supertest';
import { Account } from '../../src/account-core/entities/account.entity';
import { ActivationExpiration } from '../../src/account-core/entities/activation-expiration.entity';
import { Password } from '../../src/account-core/entities/password.entity';
import { ProvisioningToken } from '../../src/account-core/entities/provisioning-token.entity';
import { AuthToken } from '../../src/auth/entities/auth-token.entity';
import { minutesAgo } from '../../src/database/timestamps';
import { Space } from '../../src/account-core/entities/space.entity';
import { adminWorld, AdminWorld, body, DOMAIN, OTHER_DOMAIN } from '../support/admin-world';
import { ha1 } from '../../src/common/digest-hash';
import { digestGet } from '../support/digest-client';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { lpObject, lpValue, parseLpconfig } from '../support/lpconfig';

const HEADER = 'x-linphone-provisioning';
const NAMESPACE_START = '<config xmlns="http://www.linphone.org/xsds/lpconfig.xsd">';

/** A 200 XML answer, parsed (a document that is not well-formed fails the test). */
function xmlOf(res: request.Response) {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/xml');
  expect(res.text.startsWith(NAMESPACE_START)).toBe(true);
  expect(res.text.endsWith('</config>')).toBe(true);
  return parseLpconfig(res.text);
}

describe('provisioning (provisioning.md)', () => {
  let w: AdminWorld;
  beforeAll(async () => {
    w = await adminWorld();
  });
  afterAll(() => w.t.close());

  const get = (path: string, host?: string) => http(w.t).get(path, host);
  const withHeader = (path: string, host?: string) => get(path, host).set(HEADER, '');

  /** An account created by the admin API, not activated: it comes with a provisioning token. */
  async function pending(username: string, fields: Record<string, unknown> = {}) {
    const res = await w.asAdmin.post('/api/accounts', body({ username, activated: false, algorithm: 'MD5', ...fields }));
    expect(res.status).toBe(200);
    expect(res.body.provisioning_token).toMatch(/^[A-Za-z0-9]{13}$/);
    return { id: res.body.id as number, token: res.body.provisioning_token as string };
  }

  const tokenRow = (token: string) => w.t.db.getRepository(ProvisioningToken).findOneByOrFail({ token });
  const accountRow = (id: number) => w.t.db.getRepository(Account).findOneByOrFail({ id });
  const hashOf = async (id: number) => (await w.t.db.getRepository(Password).findOneByOrFail({ account_id: id })).password;

  describe('GET /provisioning', () => {
    it('without the x-linphone-provisioning header → 400', async () => {
      const res = await get('/provisioning');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: 'x-linphone-provisioning header is missing' });
    });

    it('with the header (even empty) → 200 application/xml, misc only, never ha1', async () => {
      const res = await withHeader('/provisioning');
      const sections = xmlOf(res);
      expect(res.text).not.toContain('ha1');
      expect(sections).toEqual([{ name: 'misc', entries: [{ name: 'contacts-vcard-list', value: 'http://localhost/contacts/vcard' }] }]);
    });

    it('builds its URLs from the Host as received, port included', async () => {
      const res = await withHeader('/provisioning', 'localhost:8443');
      expect(lpValue(xmlOf(res), 'misc', 'contacts-vcard-list')).toBe('http://localhost:8443/contacts/vcard');
    });

    it('an unknown Host → 404 Host not configured', async () => {
      const res = await withHeader('/provisioning', 'nowhere.example.org');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Host not configured' });
    });

    it('is not an API route: no rate-limit headers', async () => {
      const res = await withHeader('/provisioning');
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    });
  });

  describe('GET /provisioning/{provisioning_token}', () => {
    it('an unknown token → 404 Missing elements', async () => {
      const res = await withHeader('/provisioning/1234');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
    });

    it('without the header → 400 and nothing changes', async () => {
      const { id, token } = await pending('noheader');
      const res = await get(`/provisioning/${token}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: 'x-linphone-provisioning header is missing' });
      expect((await tokenRow(token)).used).toBe(false);
      expect((await accountRow(id)).activated).toBe(false);
    });

    it('→ 200 with the credentials; the account is activated, the token used; again → 404', async () => {
      const { id, token } = await pending('anna', { display_name: "Anna O'Reily" });
      const res = await withHeader(`/provisioning/${token}`);
      const sections = xmlOf(res);
      expect(res.text).toContain(`<entry name="reg_identity">"Anna O'Reily" &lt;sip:anna@${DOMAIN}&gt;</entry>`);
      expect(lpObject(sections).auth_info_0).toEqual({
        username: 'anna',
        domain: DOMAIN,
        ha1: await hashOf(id),
        realm: DOMAIN,
        algorithm: 'MD5',
      });
      expect(lpValue(sections, 'misc', 'contacts-vcard-list')).toBe('http://localhost/contacts/vcard');
      expect(sections.map((s) => s.name)).toEqual(['misc', 'ui', 'proxy_0', 'auth_info_0']);
      expect((await accountRow(id)).activated).toBe(true);
      expect((await tokenRow(token)).used).toBe(true);

      const again = await withHeader(`/provisioning/${token}`);
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ message: 'Missing elements to perform the request' });

      // the account JSON no longer has a current token
      const shown = await w.asAdmin.get(`/api/accounts/${id}`);
      expect(shown.body.provisioning_token).toBeNull();
    });

    it('after a new token is created, the new one works and the older one is used up (404, issue 15)', async () => {
      const { id, token: old } = await pending('renewed');
      const renewed = await w.asAdmin.get(`/api/accounts/${id}/provision`);
      expect(renewed.status).toBe(200);
      const current = renewed.body.provisioning_token as string;
      expect(current).not.toBe(old);

      const stale = await withHeader(`/provisioning/${old}`);
      expect(stale.status).toBe(404);
      expect(stale.body).toEqual({ message: 'Missing elements to perform the request' });
      expect(xmlOf(await withHeader(`/provisioning/${current}`))).toBeDefined();
    });

    it('the user renews its own token through /api/accounts/me/provision', async () => {
      const f = await createAccount(w.t.db, { username: 'selfprov' });
      const res = await http(w.t).get('/api/accounts/me/provision').set('x-api-key', f.apiKey);
      expect(res.status).toBe(200);
      const sections = xmlOf(await withHeader(`/provisioning/${res.body.provisioning_token}`));
      expect(lpValue(sections, 'auth_info_0', 'username')).toBe('selfprov');
    });

    it('an account whose activation expired → 404 "" and nothing consumed', async () => {
      const { id, token } = await pending('expiredactivation');
      await w.t.db.getRepository(ActivationExpiration).insert({ account_id: id, expires: minutesAgo(60) });
      const res = await withHeader(`/provisioning/${token}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: '' });
      expect((await tokenRow(token)).used).toBe(false);
    });

    it('matches the token exactly (case included)', async () => {
      const { token } = await pending('casetoken');
      const swapped = token.replace(/[A-Za-z]/, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
      const res = await withHeader(`/provisioning/${swapped}`);
      expect(res.status).toBe(404);
      expect((await tokenRow(token)).used).toBe(false);
    });

    it('?reset_password: a new random hash with the default algorithm, carried by the XML', async () => {
      const { id, token } = await pending('resetme');
      const before = await hashOf(id);
      const sections = xmlOf(await withHeader(`/provisioning/${token}?reset_password`));
      const rows = await w.t.db.getRepository(Password).findBy({ account_id: id });
      expect(rows).toHaveLength(1);
      expect(rows[0].algorithm).toBe('SHA-256');
      expect(rows[0].password).not.toBe(before);
      expect(lpObject(sections).auth_info_0).toMatchObject({ ha1: rows[0].password, algorithm: 'SHA-256' });
    });

    it('20 parallel uses of one token: exactly one 200 XML, the others 404', async () => {
      const { id, token } = await pending('racer');
      const answers = await Promise.all(Array.from({ length: 20 }, () => withHeader(`/provisioning/${token}`)));
      const ok = answers.filter((r) => r.status === 200);
      expect(ok).toHaveLength(1);
      expect(lpValue(xmlOf(ok[0]), 'auth_info_0', 'username')).toBe('racer');
      expect(answers.filter((r) => r.status === 404)).toHaveLength(19);
      expect((await accountRow(id)).activated).toBe(true);
    });

    it("an account of a second Space: its own Space's ui flags, on any Host", async () => {
      await w.t.db.getRepository(Space).update({ domain: OTHER_DOMAIN }, { disable_call_recordings_feature: true, max_account: 3 });
      const res = await w.asSuper.post('/api/accounts', body({ username: 'otherspace', domain: OTHER_DOMAIN, activated: false }));
      expect(res.status).toBe(200);
      const sections = xmlOf(await withHeader(`/provisioning/${res.body.provisioning_token}`));
      expect(lpObject(sections).ui).toMatchObject({ disable_call_recordings_feature: '1', max_account: '3', super: '0' });
      expect(lpObject(sections).auth_info_0).toMatchObject({ username: 'otherspace', domain: OTHER_DOMAIN, realm: OTHER_DOMAIN });
    });

    it('a hostile display name stays well-formed and comes back as written', async () => {
      const name = `</entry><entry name="ha1">x</entry> &amp; &x; <!-- ]]>`;
      const { token } = await pending('hostilename', { display_name: name });
      const sections = xmlOf(await withHeader(`/provisioning/${token}`));
      expect(lpValue(sections, 'proxy_0', 'reg_identity')).toBe(`"${name}" <sip:hostilename@${DOMAIN}>`);
      expect(sections.find((s) => s.name === 'proxy_0')!.entries).toHaveLength(1);
    });
  });

  describe('GET /provisioning/me', () => {
    it('with the header but no credentials → 401', async () => {
      const res = await withHeader('/provisioning/me');
      expect(res.status).toBe(401);
    });

    it('an API key without the header → 400; nothing activated or consumed', async () => {
      const f = await createAccount(w.t.db, { username: 'meheader', activated: false });
      const token = await w.t.db.getRepository(ProvisioningToken).save({ account_id: f.account.id, token: 'MeHeader12345', used: false });
      const res = await get('/provisioning/me').set('x-api-key', f.apiKey);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: 'x-linphone-provisioning header is missing' });
      expect((await accountRow(f.account.id)).activated).toBe(false);
      expect((await tokenRow(token.token)).used).toBe(false);
    });

    it("an API key and the header → the caller's XML; nothing activated", async () => {
      const f = await createAccount(w.t.db, { username: 'mekey', activated: false, algorithms: ['MD5', 'SHA-256'] });
      const sections = xmlOf(await withHeader('/provisioning/me').set('x-api-key', f.apiKey));
      expect(lpValue(sections, 'proxy_0', 'reg_identity')).toBe(`<sip:mekey@${DOMAIN}>`);
      expect(lpValue(sections, 'auth_info_0', 'algorithm')).toBe('MD5');
      expect(lpValue(sections, 'auth_info_1', 'algorithm')).toBe('SHA-256');
      expect((await accountRow(f.account.id)).activated).toBe(false);
    });

    it('by DIGEST (MD5 and SHA-256 stored hashes)', async () => {
      for (const algorithm of ['MD5', 'SHA-256'] as const) {
        const f = await createAccount(w.t.db, { username: `medigest${algorithm.length}`, algorithms: [algorithm] });
        const res = await digestGet(http(w.t), f, '/provisioning/me', { prepare: (test) => test.set(HEADER, '') });
        const sections = xmlOf(res);
        const stored = await w.t.db.getRepository(Password).findOneByOrFail({ account_id: f.account.id });
        expect(lpObject(sections).auth_info_0).toEqual({
          username: f.account.username,
          domain: DOMAIN,
          ha1: stored.password,
          realm: DOMAIN,
          algorithm,
        });
      }
    });

    it('a blocked account and an expired Space still get their XML (no blocked or expiry check)', async () => {
      const f = await createAccount(w.t.db, { username: 'meblocked', blocked: true });
      xmlOf(await withHeader('/provisioning/me').set('x-api-key', f.apiKey));
      await w.t.db.getRepository(Space).update({ domain: OTHER_DOMAIN }, { expire_at: minutesAgo(3 * 24 * 60) });
      try {
        const other = await createAccount(w.t.db, { username: 'meexpired', domain: OTHER_DOMAIN });
        xmlOf(await withHeader('/provisioning/me', OTHER_DOMAIN).set('x-api-key', other.apiKey));
        // the same account on an API route is refused
        expect((await http(w.t).get('/api/accounts/me', OTHER_DOMAIN).set('x-api-key', other.apiKey)).status).toBe(403);
      } finally {
        await w.t.db.getRepository(Space).update({ domain: OTHER_DOMAIN }, { expire_at: null });
      }
    });

    it('an account of another Space on this Host → 403 (cross-Space rule)', async () => {
      const other = await createAccount(w.t.db, { username: 'mecross', domain: OTHER_DOMAIN });
      const res = await withHeader('/provisioning/me').set('x-api-key', other.apiKey);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Unauthorized area' });
    });

    it('?reset_password: a new hash, and the old password no longer authenticates by DIGEST', async () => {
      const f = await createAccount(w.t.db, { username: 'mereset', algorithms: ['MD5'] });
      const before = await hashOf(f.account.id);
      const sections = xmlOf(await withHeader('/provisioning/me?reset_password=').set('x-api-key', f.apiKey));
      const after = await hashOf(f.account.id);
      expect(after).not.toBe(before);
      expect(lpObject(sections).auth_info_0).toMatchObject({ ha1: after, algorithm: 'SHA-256' });
      const digest = await digestGet(http(w.t), f, '/provisioning/me', { prepare: (test) => test.set(HEADER, '') });
      expect(digest.status).toBe(401);
    });
  });

  describe('concurrent password resets of one account', () => {
    it("10 parallel /provisioning/me?reset_password: all 200, one password row left, the last XML's or another's hash", async () => {
      const f = await createAccount(w.t.db, { username: 'resetrace' });
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => withHeader('/provisioning/me?reset_password').set('x-api-key', f.apiKey)),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
      const rows = await w.t.db.getRepository(Password).findBy({ account_id: f.account.id });
      expect(rows).toHaveLength(1);
      const hashes = answers.map((r) => lpValue(xmlOf(r), 'auth_info_0', 'ha1'));
      expect(hashes).toContain(rows[0].password);
    });
  });

  describe('GET /provisioning/auth_token/{auth_token}', () => {
    const newAuthToken = async () => (await http(w.t).post('/api/accounts/auth_token')).body.token as string;

    it('unknown → 404 Missing elements; not attached → 404 ""', async () => {
      let res = await get('/provisioning/auth_token/unknown');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
      res = await get(`/provisioning/auth_token/${await newAuthToken()}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: '' });
    });

    it('older than 5 minutes → 404 Missing elements', async () => {
      const f = await createAccount(w.t.db, { username: 'oldauth' });
      const token = await newAuthToken();
      await w.t.db.getRepository(AuthToken).update({ token }, { account_id: f.account.id, created_at: minutesAgo(6) });
      const res = await get(`/provisioning/auth_token/${token}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
    });

    it("attached → the account's XML without the header; token deleted, account not activated; reuse → 404", async () => {
      const f = await createAccount(w.t.db, { username: 'pairedxml', activated: false });
      const token = await newAuthToken();
      expect((await http(w.t).get(`/api/accounts/auth_token/${token}/attach`).set('x-api-key', f.apiKey)).status).toBe(200);
      const sections = xmlOf(await get(`/provisioning/auth_token/${token}`));
      expect(lpObject(sections).auth_info_0).toMatchObject({ username: 'pairedxml', ha1: await hashOf(f.account.id) });
      expect(await w.t.db.getRepository(AuthToken).countBy({ token })).toBe(0);
      expect((await accountRow(f.account.id)).activated).toBe(false);
      const again = await get(`/provisioning/auth_token/${token}`);
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ message: 'Missing elements to perform the request' });
    });

    it('?reset_password and 20 parallel uses: one 200 with the new hash, 19 × 404', async () => {
      const f = await createAccount(w.t.db, { username: 'pairedrace' });
      const before = await hashOf(f.account.id);
      const token = await newAuthToken();
      await http(w.t).get(`/api/accounts/auth_token/${token}/attach`).set('x-api-key', f.apiKey);
      const answers = await Promise.all(Array.from({ length: 20 }, () => get(`/provisioning/auth_token/${token}?reset_password`)));
      const ok = answers.filter((r) => r.status === 200);
      expect(ok).toHaveLength(1);
      expect(answers.filter((r) => r.status === 404)).toHaveLength(19);
      const after = await hashOf(f.account.id);
      expect(after).not.toBe(before);
      expect(lpValue(xmlOf(ok[0]), 'auth_info_0', 'ha1')).toBe(after);
    });
  });

  describe('GET /provisioning/qrcode/{provisioning_token}', () => {
    /** The PNG body, decoded back to its text. */
    const decode = (png: Buffer): string | undefined => {
      const image = PNG.sync.read(png);
      expect([image.width, image.height]).toEqual([320, 320]);
      return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
    };
    const png = (path: string) => get(path).buffer(true);

    it('unknown → 404 Missing elements', async () => {
      const res = await get('/provisioning/qrcode/1234');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
    });

    it('?reset_password → a PNG of the reset URL (X-Qrcode-URL); that URL gives the new hash', async () => {
      const { id, token } = await pending('qrreset');
      const before = await hashOf(id);
      const res = await png(`/provisioning/qrcode/${token}?reset_password`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      const url = `http://localhost/provisioning/${token}?reset_password=1`;
      expect(res.headers['x-qrcode-url']).toBe(url);
      expect(decode(res.body as Buffer)).toBe(url);
      // showing the code consumes nothing
      expect((await tokenRow(token)).used).toBe(false);

      const sections = xmlOf(await withHeader(url.replace('http://localhost', '')));
      const after = await hashOf(id);
      expect(after).not.toBe(before);
      expect(lpValue(sections, 'auth_info_0', 'ha1')).toBe(after);
    });

    it('without reset_password: the plain URL; no header needed; a replaced token answers as its own URL (issue 15)', async () => {
      const { id, token: old } = await pending('qrold');
      const res = await png(`/provisioning/qrcode/${old}`);
      expect(res.status).toBe(200);
      expect(decode(res.body as Buffer)).toBe(`http://localhost/provisioning/${old}`);
      await w.asAdmin.get(`/api/accounts/${id}/provision`);
      const replaced = await get(`/provisioning/qrcode/${old}`);
      expect([replaced.status, replaced.body]).toEqual([404, { message: 'Missing elements to perform the request' }]);
    });

    it('an account whose activation expired → 404 ""', async () => {
      const { id, token } = await pending('qrexpired');
      await w.t.db.getRepository(ActivationExpiration).insert({ account_id: id, expires: minutesAgo(1) });
      const res = await get(`/provisioning/qrcode/${token}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: '' });
    });
  });

  describe('GET /provisioning/documentation', () => {
    it('is an HTML page naming the routes with this Host, no header needed', async () => {
      const res = await get('/provisioning/documentation');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=UTF-8');
      expect(res.text).toContain('http://localhost/provisioning/{provisioning_token}');
      expect(res.text).toContain('x-linphone-provisioning');
    });
  });

  describe('the journey of an app (issue 10, item 6, from the creation token on)', () => {
    it('creation token → account → DIGEST → API key → the XML carries the same credentials, by /me and by its token', async () => {
      const minted = await w.asAdmin.post('/api/account_creation_tokens', {});
      expect(minted.status).toBe(201);
      const created = await http(w.t)
        .post('/api/accounts/with-account-creation-token')
        .send({ username: 'journey', password: 'journey-pass', algorithm: 'SHA-256', account_creation_token: minted.body.token });
      expect(created.status).toBe(200);
      const app = { account: { username: 'journey', domain: DOMAIN }, password: 'journey-pass' } as unknown as AccountFixture;

      const me = await digestGet(http(w.t), app, '/api/accounts/me');
      expect(me.status).toBe(200);
      const key = await digestGet(http(w.t), app, '/api/accounts/me/api_key');
      expect(key.status).toBe(200);
      expect(key.text).toMatch(/^[A-Za-z0-9]{40}$/);

      const expected = {
        username: 'journey',
        domain: DOMAIN,
        ha1: ha1('SHA-256', 'journey', DOMAIN, 'journey-pass'),
        realm: DOMAIN,
        algorithm: 'SHA-256',
      };
      const byMe = xmlOf(await withHeader('/provisioning/me').set('x-api-key', key.text));
      expect(lpObject(byMe).auth_info_0).toEqual(expected);
      const byToken = xmlOf(await withHeader(`/provisioning/${created.body.provisioning_token}`));
      expect(lpObject(byToken).auth_info_0).toEqual(expected);
      expect((await accountRow(created.body.id)).activated).toBe(true);
    });
  });

  describe('the OpenAPI description', () => {
    it('lists every provisioning route', async () => {
      const doc = (await get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      for (const path of [
        '/provisioning',
        '/provisioning/me',
        '/provisioning/documentation',
        '/provisioning/auth_token/{auth_token}',
        '/provisioning/qrcode/{provisioning_token}',
        '/provisioning/{provisioning_token}',
      ]) {
        expect(doc.paths[path]?.get).toBeDefined();
      }
    });
  });

  it("a token route serves the token's account whatever Space the Host names (any domain, step 2)", async () => {
    const res = await w.asSuper.post('/api/accounts', body({ username: 'anyhost', domain: OTHER_DOMAIN, activated: false }));
    const sections = xmlOf(await http(w.t).get(`/provisioning/${res.body.provisioning_token}`).set(HEADER, '1'));
    expect(lpValue(sections, 'auth_info_0', 'domain')).toBe(OTHER_DOMAIN);
  });
});
