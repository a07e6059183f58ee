import { startApp, TestApp } from '../../support/app';
import { createAccount, createToken, createValidatedAccount, http } from '../../support/fixtures';
import { Account } from '../../../src/account-core/entities/account.entity';
import { AccountTombstone } from '../../../src/account-core/entities/account-tombstone.entity';
import { Password } from '../../../src/account-core/entities/password.entity';
import { ProvisioningToken } from '../../../src/account-core/entities/provisioning-token.entity';
import { ha1 } from '../../../src/common/digest-hash';
import { closeAppWithMail, SmtpSink, startAppWithMail } from '../../support/smtp-sink';

describe('/api/accounts/me', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMail({
      MAIL_SIGNATURE: 'The Test Team',
      ACCOUNT_PROXY_REGISTRAR_ADDRESS: 'proxy.example.org',
      ACCOUNT_TRANSPORT_PROTOCOL_TEXT: 'TLS (recommended), TCP or UDP',
    }));
  });
  afterAll(() => closeAppWithMail({ t, smtp }));

  /** An account without any password row (as an admin may create it), reachable by API key. */
  const passwordless = (options: Parameters<typeof createAccount>[1] = {}) => createAccount(t.db, { ...options, algorithms: [] });

  describe('DELETE /api/accounts/me', () => {
    it('deletes the caller, writes the tombstone, answers 1; info then 404', async () => {
      const { apiKey, account } = await createAccount(t.db, { username: 'leaving' });
      expect((await http(t).get('/api/accounts/leaving@sip.example.org/info')).status).toBe(200);

      const res = await http(t).delete('/api/accounts/me').set('x-api-key', apiKey);
      expect(res.status).toBe(200);
      expect(res.text).toBe('1');
      expect(await t.db.getRepository(Account).countBy({ id: account.id })).toBe(0);
      expect(await t.db.getRepository(AccountTombstone).countBy({ username: 'leaving', domain: 'sip.example.org' })).toBe(1);

      const info = await http(t).get('/api/accounts/leaving@sip.example.org/info');
      expect(info.status).toBe(404);
      expect(info.body).toEqual({ message: 'Missing elements to perform the request' });
    });

    it('needs authentication (401)', async () => {
      expect((await http(t).delete('/api/accounts/me')).status).toBe(401);
    });
  });

  describe('POST /api/accounts/me/password', () => {
    it('wrong algorithm → 422 algorithm; missing fields → 422', async () => {
      const { apiKey } = await passwordless();
      let res = await http(t).post('/api/accounts/me/password').set('x-api-key', apiKey).send({ algorithm: '123', password: 'x' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ algorithm: ['The password algorithm must be in MD5, SHA-256'] });

      res = await http(t).post('/api/accounts/me/password').set('x-api-key', apiKey).send({});
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ algorithm: ['The algorithm field is required.'], password: ['The password field is required.'] });
    });

    it('first password: 200 empty body, activated, the "Confirmed Registration" mail; then the old password rules', async () => {
      const { apiKey, account } = await passwordless({ activated: false, email: 'first.password@example.org', username: 'firstpw' });

      let res = await http(t).post('/api/accounts/me/password').set('x-api-key', apiKey).send({ algorithm: 'MD5', password: 'testtest' });
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      let me = await http(t).get('/api/accounts/me').set('x-api-key', apiKey);
      expect(me.body).toMatchObject({ activated: true, passwords: [{ algorithm: 'MD5' }] });
      const row = await t.db.getRepository(Password).findOneByOrFail({ account_id: account.id });
      expect(row.password).toBe(ha1('MD5', 'firstpw', 'sip.example.org', 'testtest'));

      const mail = await smtp.next('first.password@example.org');
      expect(mail.subject).toBe('Confirmed Registration');
      expect(mail.text).toContain('sip:firstpw@sip.example.org');
      expect(mail.text).toContain('sip:proxy.example.org');
      expect(mail.text).toContain('TLS (recommended), TCP or UDP');
      expect(mail.text).toContain('The Test Team');

      // now it has a password: old_password is required
      res = await http(t).post('/api/accounts/me/password').set('x-api-key', apiKey).send({ algorithm: 'SHA-256', password: 'newpass' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ old_password: ['The old password field is required.'] });

      res = await http(t)
        .post('/api/accounts/me/password')
        .set('x-api-key', apiKey)
        .send({ algorithm: 'SHA-256', password: 'newpass', old_password: 'wrong' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ errors: { old_password: 'Incorrect old password' } });

      res = await http(t)
        .post('/api/accounts/me/password')
        .set('x-api-key', apiKey)
        .send({ algorithm: 'SHA-256', password: 'newpass', old_password: 'testtest' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
      me = await http(t).get('/api/accounts/me').set('x-api-key', apiKey);
      expect(me.body.passwords).toEqual([{ algorithm: 'SHA-256' }]);
      expect((await t.db.getRepository(Password).findOneByOrFail({ account_id: account.id })).password).toBe(
        ha1('SHA-256', 'firstpw', 'sip.example.org', 'newpass'),
      );
      // only the first password sends a mail
      expect(smtp.received.filter((m) => m.to.includes('first.password@example.org'))).toHaveLength(0);
    });

    it('a failed attempt still activates the account (reference quirk)', async () => {
      const { apiKey, account } = await createAccount(t.db, { activated: false });
      const res = await http(t)
        .post('/api/accounts/me/password')
        .set('x-api-key', apiKey)
        .send({ algorithm: 'MD5', password: 'x', old_password: 'wrong' });
      expect(res.status).toBe(422);
      expect((await t.db.getRepository(Account).findOneByOrFail({ id: account.id })).activated).toBe(true);
    });

    it('a legacy CLRTXT row is compared in clear text', async () => {
      const { apiKey } = await createAccount(t.db, { algorithms: ['CLRTXT'], password: 'clear' });
      const res = await http(t)
        .post('/api/accounts/me/password')
        .set('x-api-key', apiKey)
        .send({ algorithm: 'MD5', password: 'other', old_password: 'clear' });
      expect(res.status).toBe(200);
    });

    it('no mail without an email; a non-ASCII password is hashed as UTF-8', async () => {
      const { apiKey, account } = await passwordless({ username: 'nomail' });
      const res = await http(t)
        .post('/api/accounts/me/password')
        .set('x-api-key', apiKey)
        .send({ algorithm: 'SHA-256', password: 'nonascii€' });
      expect(res.status).toBe(200);
      expect((await t.db.getRepository(Password).findOneByOrFail({ account_id: account.id })).password).toBe(
        ha1('SHA-256', 'nomail', 'sip.example.org', 'nonascii€'),
      );
    });

    it('needs authentication (401)', async () => {
      expect((await http(t).post('/api/accounts/me/password').send({ algorithm: 'MD5', password: 'x' })).status).toBe(401);
    });
  });

  describe('GET /api/accounts/me/provision', () => {
    it('creates a new current provisioning token; expire_at null with the default setting', async () => {
      const { apiKey, account } = await createAccount(t.db);
      const first = await http(t).get('/api/accounts/me/provision').set('x-api-key', apiKey).set('User-Agent', 'Prov/1');
      expect(first.status).toBe(200);
      expect(first.body.provisioning_token).toMatch(/^[A-Za-z0-9]{13}$/);
      expect(first.body.provisioning_token_expire_at).toBeNull();
      const second = await http(t).get('/api/accounts/me/provision').set('x-api-key', apiKey);
      expect(second.body.provisioning_token).not.toBe(first.body.provisioning_token);
      const row = await t.db.getRepository(ProvisioningToken).findOneByOrFail({ token: first.body.provisioning_token });
      // replaced: used up at once (issue 15)
      expect(row).toMatchObject({ account_id: account.id, ip: '127.0.0.1', user_agent: 'Prov/1', used: true });
    });

    it('needs authentication (401)', async () => {
      expect((await http(t).get('/api/accounts/me/provision')).status).toBe(401);
    });
  });

  describe('route order', () => {
    it('/me routes are not taken for an account id', async () => {
      const { apiKey } = await createAccount(t.db, { admin: true, username: 'adminme' });
      const res = await http(t).get('/api/accounts/me/provision').set('x-api-key', apiKey);
      expect(res.status).toBe(200);
      expect(res.body.username).toBe('adminme');
    });
  });
});

describe('/api/accounts/me/provision with APP_PROVISIONING_TOKEN_EXPIRATION_MINUTES=10', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ APP_PROVISIONING_TOKEN_EXPIRATION_MINUTES: '10' });
  });
  afterAll(() => t.close());

  it("provisioning_token_expire_at = the new token's created_at + 10 min", async () => {
    const { apiKey } = await createAccount(t.db);
    const res = await http(t).get('/api/accounts/me/provision').set('x-api-key', apiKey);
    expect(res.status).toBe(200);
    const row = await t.db.getRepository(ProvisioningToken).findOneByOrFail({ token: res.body.provisioning_token });
    expect(res.body.provisioning_token_expire_at).toBe(
      new Date(row.created_at!.getTime() + 600_000).toISOString().replace('.000Z', '.000000Z'),
    );
  });
});

describe('a mail transport failure fails the request (500), except the dangerous creation (misc.md)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // nothing listens on port 9 of the loopback
    t = await startApp({ MAIL_HOST: '127.0.0.1', MAIL_PORT: '9', APP_DANGEROUS_ENDPOINTS: 'true' });
  });
  afterAll(() => t.close());

  it('first password with an email and no SMTP server → 500', async () => {
    const { apiKey } = await createAccount(t.db, { algorithms: [], email: 'nowhere@example.org' });
    const res = await http(t).post('/api/accounts/me/password').set('x-api-key', apiKey).send({ algorithm: 'MD5', password: 'x' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ message: 'Server Error' });
  });

  it('an email change request → 500 (the pending change waits for a request that succeeds)', async () => {
    const { apiKey } = await createValidatedAccount(t.db);
    const res = await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'unreachable@example.org' });
    expect([res.status, res.body]).toEqual([500, { message: 'Server Error' }]);
  });

  it('the dangerous public creation logs the failure and goes on: 200, the account exists', async () => {
    const token = await createToken(t.db);
    const res = await http(t).post('/api/accounts/public').send({
      username: 'mailless',
      email: 'mailless@example.org',
      algorithm: 'SHA-256',
      password: 'secret',
      account_creation_token: token.token,
    });
    expect(res.status).toBe(200);
    expect(await t.db.getRepository(Account).countBy({ username: 'mailless' })).toBe(1);
  });
});
