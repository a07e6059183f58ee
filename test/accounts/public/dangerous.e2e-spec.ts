import { DOMAIN, startApp, TestApp, waitForOutput } from '../../support/app';
import { activateCountries, createAccount, createSpace, createToken, http } from '../../support/fixtures';
import { Account } from '../../../src/account-core/entities/account.entity';
import { AccountTombstone } from '../../../src/account-core/entities/account-tombstone.entity';
import { ActivationExpiration } from '../../../src/account-core/entities/activation-expiration.entity';
import { Password } from '../../../src/account-core/entities/password.entity';
import { AccountCreationToken } from '../../../src/tokens/entities/account-creation-token.entity';
import { minutesAgo } from '../../../src/database/timestamps';
import { closeAppWithMail, SmtpSink, startAppWithMail } from '../../support/smtp-sink';

describe('dangerous endpoints, off by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it.each([
    ['POST', '/api/accounts/public'],
    ['GET', '/api/accounts/+33612345678/info-by-phone'],
    ['POST', '/api/accounts/recover-by-phone'],
    ['GET', '/api/accounts/john@sip.example.org/recover/1234'],
  ])('%s %s → 404 {"message": ""} before any validation', async (method, path) => {
    const res = method === 'GET' ? await http(t).get(path) : await http(t).post(path).send({});
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: '' });
  });
});

describe('dangerous endpoints with APP_DANGEROUS_ENDPOINTS=true', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMail({
      APP_DANGEROUS_ENDPOINTS: 'true',
      APP_NAME: 'Dangerous',
      LOG_LEVEL: 'info',
    }));
    await activateCountries(t.db, 'FR');
  });
  afterAll(() => closeAppWithMail({ t, smtp }));

  const createPublic = (body: Record<string, unknown>) =>
    http(t)
      .post('/api/accounts/public')
      .set('User-Agent', 'Dangerous-Client/1')
      .send({ algorithm: 'SHA-256', password: 'secret', ...body });

  describe('POST /api/accounts/public', () => {
    it('missing email (and phone) → 422 email; missing token → 422 account_creation_token', async () => {
      const res = await createPublic({ username: 'nomail' });
      expect(res.status).toBe(422);
      expect(res.body.errors.email).toEqual(['The email field is required when phone is not present.']);
      expect(res.body.errors.account_creation_token).toEqual(['The account creation token field is required.']);
    });

    it('in French, the other field of required_without is named as French names it', async () => {
      const res = await createPublic({ username: 'nomailfr' }).set('Accept-Language', 'fr');
      expect(res.status).toBe(422);
      expect(res.body.errors.email).toEqual(["Le champ email est obligatoire quand téléphone n'est pas présent."]);
    });

    it('with an email: 200 not activated, the sent User-Agent, the "Register Confirmation" mail; token reuse → 422', async () => {
      const token = await createToken(t.db);
      const res = await createPublic({ username: 'dangeruser', email: 'danger@example.org', account_creation_token: token.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        username: 'dangeruser',
        email: 'danger@example.org',
        activated: false,
        user_agent: 'Dangerous-Client/1',
      });
      const account = await t.db.getRepository(Account).findOneByOrFail({ id: res.body.id });
      expect(account.confirmation_key).toMatch(/^[A-Za-z0-9]{13}$/);
      expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ id: token.id })).toMatchObject({
        used: true,
        account_id: account.id,
      });

      const mail = await smtp.next('danger@example.org');
      expect(mail.subject).toBe('Register Confirmation');
      expect(mail.text).toContain(`/authenticate/email/${account.confirmation_key}`);

      const again = await createPublic({ username: 'dangeruser2', email: 'danger2@example.org', account_creation_token: token.token });
      expect(again.status).toBe(422);
      expect(again.body.errors).toEqual({ account_creation_token: ['Please provide a valid account_creation_token'] });
    });

    it('an existing username → 422 username', async () => {
      await createAccount(t.db, { username: 'existing' });
      const token = await createToken(t.db);
      const res = await createPublic({ username: 'existing', email: 'e@example.org', account_creation_token: token.token });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ username: ['The username has already been taken.'] });
    });

    it('username and email: 64 characters at most (the columns), nothing written', async () => {
      const token = await createToken(t.db);
      const res = await createPublic({
        username: 'u'.repeat(65),
        email: `${'e'.repeat(53)}@example.org`,
        account_creation_token: token.token,
      });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({
        username: ['The username may not be greater than 64 characters.'],
        email: ['The email may not be greater than 64 characters.'],
      });
      expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ id: token.id })).toMatchObject({ used: false });
    });

    it('a tombstoned username → 422 username', async () => {
      await t.db.getRepository(AccountTombstone).save({ username: 'buried', domain: DOMAIN });
      const token = await createToken(t.db);
      const res = await createPublic({ username: 'buried', email: 'buried@example.org', account_creation_token: token.token });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ username: ['The username has already been taken.'] });
    });

    it('domain: the account lands in that Space, whose capacity is the one checked; an unknown one → 422', async () => {
      const elsewhere = await createSpace(t.db, 'elsewhere.example.org', { max_accounts: 1 });
      let token = await createToken(t.db);
      let res = await createPublic({
        username: 'moved',
        email: 'moved@example.org',
        domain: elsewhere.domain,
        account_creation_token: token.token,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ username: 'moved', domain: 'elsewhere.example.org' });

      // that Space is now full, the current one is not
      token = await createToken(t.db);
      res = await createPublic({
        username: 'moved2',
        email: 'moved2@example.org',
        domain: elsewhere.domain,
        account_creation_token: token.token,
      });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'This action is unauthorized.' });

      res = await createPublic({
        username: 'moved3',
        email: 'moved3@example.org',
        domain: 'nowhere.example.org',
        account_creation_token: token.token,
      });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ domain: ['The selected domain is invalid.'] });
      expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ id: token.id })).toMatchObject({ used: false });
    });

    it('phone only: username = phone = the number, a PIN by SMS', async () => {
      const token = await createToken(t.db);
      const res = await createPublic({ phone: '+33612345670', account_creation_token: token.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ username: '+33612345670', phone: '+33612345670', activated: false });
      const account = await t.db.getRepository(Account).findOneByOrFail({ id: res.body.id });
      expect(account.confirmation_key).toMatch(/^\d{4}$/);
      await waitForOutput(t.output, `Your Dangerous creation code is ${account.confirmation_key}`);
    });

    it('phone and email both given: the phone wins (a PIN by SMS, no mail)', async () => {
      const token = await createToken(t.db);
      const res = await createPublic({
        username: 'both',
        email: 'both@example.org',
        phone: '+33612345681',
        account_creation_token: token.token,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ username: 'both', email: 'both@example.org', phone: '+33612345681' });
      const account = await t.db.getRepository(Account).findOneByOrFail({ id: res.body.id });
      expect(account.confirmation_key).toMatch(/^\d{4}$/);
      await waitForOutput(t.output, `Your Dangerous creation code is ${account.confirmation_key}`);
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.received.filter((m) => m.to.includes('both@example.org'))).toEqual([]);
    });

    it('phone: "username" → 422 phone', async () => {
      const token = await createToken(t.db);
      const res = await createPublic({ phone: 'username', account_creation_token: token.token });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['phone']);
    });
  });

  describe('POST /api/accounts/public with ACCOUNT_EMAIL_UNIQUE', () => {
    let u: TestApp;
    beforeAll(async () => {
      u = await startApp({ APP_DANGEROUS_ENDPOINTS: 'true', ACCOUNT_EMAIL_UNIQUE: 'true' });
    });
    afterAll(() => u.close());

    it('an existing email → 422 email', async () => {
      await createAccount(u.db, { email: 'taken@example.org' });
      const token = await createToken(u.db);
      const res = await http(u)
        .post('/api/accounts/public')
        .send({ username: 'someone', algorithm: 'MD5', password: 'x', email: 'taken@example.org', account_creation_token: token.token });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ email: ['The email has already been taken.'] });
    });
  });

  describe('POST /api/accounts/recover-by-phone', () => {
    it('missing or wrong token → 422; unknown phone → 422 phone; success → 200 with an SMS; reuse → 422', async () => {
      const { account } = await createAccount(t.db, { username: 'recoverme' });
      await t.db.getRepository(Account).update({ id: account.id }, { phone: '+33612345671' });

      let res = await http(t).post('/api/accounts/recover-by-phone').send({ phone: '+33612345671' });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['account_creation_token']);

      res = await http(t).post('/api/accounts/recover-by-phone').send({ phone: '+33612345671', account_creation_token: 'wrongwrong123' });
      expect(res.status).toBe(422);

      const token = await createToken(t.db);
      res = await http(t).post('/api/accounts/recover-by-phone').send({ phone: '+33612345679', account_creation_token: token.token });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ phone: ['The selected phone is invalid.'] });

      res = await http(t).post('/api/accounts/recover-by-phone').send({ phone: '+33612345671', account_creation_token: token.token });
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      const stored = await t.db.getRepository(Account).findOneByOrFail({ id: account.id });
      expect(stored.confirmation_key).toMatch(/^\d{4}$/);
      await waitForOutput(t.output, `Your Dangerous recovery code is ${stored.confirmation_key}`);
      expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ id: token.id })).toMatchObject({
        used: true,
        account_id: account.id,
      });

      res = await http(t).post('/api/accounts/recover-by-phone').send({ phone: '+33612345671', account_creation_token: token.token });
      expect(res.status).toBe(422);
    });
  });

  describe('GET /api/accounts/{sip}/recover/{recovery_key}', () => {
    it('wrong key 404; expired 403; right key 200 with the hashes, activated; a second call 404', async () => {
      const { account } = await createAccount(t.db, { username: 'recovering', activated: false, algorithms: ['MD5'] });
      await t.db.getRepository(Account).update({ id: account.id }, { confirmation_key: '5678', phone: '+33612345672' });
      const hash = (await t.db.getRepository(Password).findOneByOrFail({ account_id: account.id })).password;

      expect((await http(t).get('/api/accounts/recovering@sip.example.org/recover/0000')).status).toBe(404);
      expect((await http(t).get('/api/accounts/nobody@sip.example.org/recover/5678')).status).toBe(404);

      await t.db.getRepository(ActivationExpiration).save({ account_id: account.id, expires: minutesAgo(1) });
      let res = await http(t).get('/api/accounts/recovering@sip.example.org/recover/5678');
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Activation expired' });
      await t.db.getRepository(ActivationExpiration).delete({ account_id: account.id });

      // by phone as well as by username
      res = await http(t).get('/api/accounts/+33612345672@sip.example.org/recover/5678');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: account.id, activated: true, passwords: [{ password: hash, algorithm: 'MD5' }] });

      expect((await http(t).get('/api/accounts/recovering@sip.example.org/recover/5678')).status).toBe(404);
    });
  });

  describe('GET /api/accounts/{phone}/info-by-phone', () => {
    it('phone: true when found through phone; false when the number is the username', async () => {
      const { account } = await createAccount(t.db, { username: 'withphone' });
      await t.db.getRepository(Account).update({ id: account.id }, { phone: '+33612345673' });
      let res = await http(t).get('/api/accounts/+33612345673/info-by-phone');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ activated: true, realm: null, phone: true });

      await createAccount(t.db, { username: '+33612345674', activated: false });
      res = await http(t).get('/api/accounts/+33612345674/info-by-phone');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ activated: false, realm: null, phone: false });
    });

    it('invalid numbers → 422 phone; unknown → 404', async () => {
      let res = await http(t).get('/api/accounts/+1234/info-by-phone');
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['phone']);
      res = await http(t).get('/api/accounts/john@sip.example.org/info-by-phone');
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['phone']);
      res = await http(t).get('/api/accounts/+33612345675/info-by-phone');
      expect(res.status).toBe(404);
    });
  });
});
