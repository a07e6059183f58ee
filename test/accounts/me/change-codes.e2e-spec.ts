import { startApp, TestApp, waitForOutput } from '../../support/app';
import { activateCountries, ageAccount, createAccount, createValidatedAccount, http } from '../../support/fixtures';
import { Account } from '../../../src/account-core/entities/account.entity';
import { EmailChangeCode } from '../../../src/account-core/entities/email-change-code.entity';
import { PhoneChangeCode } from '../../../src/account-core/entities/phone-change-code.entity';
import { minutesAgo } from '../../../src/database/timestamps';
import { closeAppWithMail, SmtpSink, startAppWithMail } from '../../support/smtp-sink';

describe('email and phone change codes', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMail({
      MAIL_FROM_ADDRESS: 'noreply@example.org',
      APP_NAME: 'FlexiTest',
      // SMS go to the log (no OVH settings): read them from the server's output
      LOG_LEVEL: 'info',
      // the blocking service is tested on its own below
      BLOCKING_AMOUNT_EVENTS_AUTHORIZED_DURING_PERIOD: '0',
    }));
    await activateCountries(t.db, 'FR');
  });
  afterAll(() => closeAppWithMail({ t, smtp }));

  const pendingEmail = (accountId: number) =>
    t.db.getRepository(EmailChangeCode).findOne({ where: { account_id: accountId }, order: { id: 'DESC' } });

  describe('POST /api/accounts/me/email/request', () => {
    it('needs authentication (401)', async () => {
      expect((await http(t).post('/api/accounts/me/email/request').send({ email: 'a@b.org' })).status).toBe(401);
    });

    it('an unvalidated account → 403 Account unvalidated (before the input is validated)', async () => {
      const { apiKey } = await createAccount(t.db);
      const res = await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'blabla' });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Account unvalidated' });
    });

    it('validates the email: required, format, different from the current one', async () => {
      const { apiKey } = await createValidatedAccount(t.db, { email: 'current@example.org' });
      let res = await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({});
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ email: ['The email field is required.'] });

      res = await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'blabla' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ email: ['The email must be a valid email address.'] });

      res = await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'current@example.org' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ email: ['The selected email is invalid.'] });

      // it becomes the account's email: 64 characters at most, nothing written otherwise
      res = await http(t)
        .post('/api/accounts/me/email/request')
        .set('x-api-key', apiKey)
        .send({ email: `${'a'.repeat(53)}@example.org` });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ email: ['The email may not be greater than 64 characters.'] });
      expect(await t.db.getRepository(EmailChangeCode).countBy({ email: `${'a'.repeat(53)}@example.org` })).toBe(0);
    });

    it('mails the 4-digit code to the new address ("Register Validation"), on its own line', async () => {
      const { apiKey, account } = await createValidatedAccount(t.db);
      const res = await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'new.address@example.org' });
      expect(res.status).toBe(200);
      expect(res.text).toBe('');

      const mail = await smtp.next('new.address@example.org');
      expect(mail.subject).toBe('Register Validation');
      expect(mail.from).toBe('noreply@example.org');
      const row = await pendingEmail(account.id);
      expect(row?.code).toMatch(/^\d{4}$/);
      expect(row?.email).toBe('new.address@example.org');
      expect(mail.text.split(/\r?\n/)).toContain(row!.code);
      expect(mail.raw).toMatch(/Content-Type: text\/html/);

      // the owner sees the pending change without its code
      const me = await http(t).get('/api/accounts/me').set('x-api-key', apiKey);
      expect(me.body.email_change_code).toMatchObject({ email: 'new.address@example.org' });
      expect(me.body.email_change_code.code).toBeUndefined();
    });

    it('French with Accept-Language: fr', async () => {
      const { apiKey } = await createValidatedAccount(t.db);
      const res = await http(t)
        .post('/api/accounts/me/email/request')
        .set('x-api-key', apiKey)
        .set('Accept-Language', 'fr')
        .send({ email: 'francais@example.org' });
      expect(res.status).toBe(200);
      const mail = await smtp.next('francais@example.org');
      expect(mail.subject).toBe('Register Validation');
      expect(mail.text).toContain('Bonjour');
    });

    it('a second request re-uses the pending row with a new code and created_at', async () => {
      const { apiKey, account } = await createValidatedAccount(t.db);
      await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'first@example.org' });
      await smtp.next('first@example.org');
      const first = await pendingEmail(account.id);
      await t.db.getRepository(EmailChangeCode).update({ id: first!.id }, { created_at: minutesAgo(60) });

      await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'second@example.org' });
      await smtp.next('second@example.org');
      const rows = await t.db.getRepository(EmailChangeCode).findBy({ account_id: account.id });
      expect(rows).toHaveLength(1);
      expect(rows[0].email).toBe('second@example.org');
      expect(rows[0].created_at!.getTime()).toBeGreaterThan(minutesAgo(2).getTime());
    });
  });

  describe('POST /api/accounts/me/email', () => {
    it('the whole flow: wrong code 403, expired 410, right code 200 (email changed, activated)', async () => {
      const { apiKey, account } = await createValidatedAccount(t.db, { activated: false, email: 'old@example.org' });

      let res = await http(t).post('/api/accounts/me/email').set('x-api-key', apiKey).send({ code: '1234' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Missing elements to perform the request' });

      await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'changed@example.org' });
      const mail = await smtp.next('changed@example.org');
      const row = await pendingEmail(account.id);
      expect(mail.text).toContain(row!.code!);
      const wrong = row!.code === '1111' ? '2222' : '1111';

      res = await http(t).post('/api/accounts/me/email').set('x-api-key', apiKey).send({ code: 'wrong' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ code: ['The code must be 4 digits.'] });

      res = await http(t).post('/api/accounts/me/email').set('x-api-key', apiKey).send({ code: wrong });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: '' });

      await t.db.getRepository(EmailChangeCode).update({ id: row!.id }, { created_at: minutesAgo(11) });
      res = await http(t).post('/api/accounts/me/email').set('x-api-key', apiKey).send({ code: row!.code });
      expect(res.status).toBe(410);
      expect(res.body).toEqual({ message: 'Expired code' });

      await t.db.getRepository(EmailChangeCode).update({ id: row!.id }, { created_at: minutesAgo(9) });
      res = await http(t).post('/api/accounts/me/email').set('x-api-key', apiKey).send({ code: row!.code });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: account.id, email: 'changed@example.org', activated: true, email_change_code: null });

      const stored = await t.db.getRepository(Account).findOneByOrFail({ id: account.id });
      expect(stored).toMatchObject({ email: 'changed@example.org', activated: true });
      expect((await t.db.getRepository(EmailChangeCode).findOneByOrFail({ id: row!.id })).code).toBeNull();

      // consumed: nothing pending any more
      res = await http(t).post('/api/accounts/me/email').set('x-api-key', apiKey).send({ code: row!.code });
      expect(res.status).toBe(404);
    });

    it('code required (422)', async () => {
      const { apiKey } = await createValidatedAccount(t.db);
      const res = await http(t).post('/api/accounts/me/email').set('x-api-key', apiKey).send({});
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ code: ['The code field is required.'] });
    });
  });

  describe('POST /api/accounts/me/phone/request and /me/phone', () => {
    it('an unvalidated account → 403 even with a bad phone', async () => {
      const { apiKey } = await createAccount(t.db);
      const res = await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: 'blabla' });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Account unvalidated' });
    });

    it('validates the phone in the /me/phone/request order', async () => {
      const { apiKey } = await createValidatedAccount(t.db);
      let res = await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({});
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ phone: ['The phone field is required.'] });

      res = await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: 'blabla' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({
        phone: ['The phone field contains an invalid number.', 'The phone number must belong to an authorized country.'],
      });

      res = await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: '+31612121212' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ phone: ['The phone number must belong to an authorized country.'] });

      const other = await createAccount(t.db);
      await t.db.getRepository(Account).update({ id: other.account.id }, { phone: '+33612121299' });
      res = await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: '+33612121299' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ phone: ['The phone has already been taken.'] });

      // a number that is another account's username is taken too
      await createAccount(t.db, { username: '+33612121298' });
      res = await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: '+33612121298' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ phone: ['The phone has already been taken.'] });
      expect(await t.db.getRepository(PhoneChangeCode).countBy({ phone: '+33612121298' })).toBe(0);
    });

    it('a second request re-uses the pending row with a new code and number', async () => {
      const { apiKey, account } = await createValidatedAccount(t.db);
      expect((await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: '+33612345601' })).status).toBe(
        200,
      );
      const first = await t.db.getRepository(PhoneChangeCode).findOneByOrFail({ account_id: account.id });
      expect((await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: '+33612345602' })).status).toBe(
        200,
      );
      const rows = await t.db.getRepository(PhoneChangeCode).findBy({ account_id: account.id });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: first.id, phone: '+33612345602' });
      expect(rows[0].code).toMatch(/^\d{4}$/);
    });

    it('the whole flow: request 200, wrong 403, expired 410, right 200 (phone changed, activated)', async () => {
      const { apiKey, account } = await createValidatedAccount(t.db, { activated: false });
      let res = await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: '+33612345678' });
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      const row = await t.db.getRepository(PhoneChangeCode).findOneByOrFail({ account_id: account.id });
      expect(row).toMatchObject({ phone: '+33612345678', ip: '127.0.0.1' });
      expect(row.code).toMatch(/^\d{4}$/);
      await waitForOutput(t.output, `Your FlexiTest validation code is ${row.code}. The code is available for 10 minutes`);

      res = await http(t)
        .post('/api/accounts/me/phone')
        .set('x-api-key', apiKey)
        .send({ code: row.code === '1111' ? '2222' : '1111' });
      expect(res.status).toBe(403);

      await t.db.getRepository(PhoneChangeCode).update({ id: row.id }, { created_at: minutesAgo(11) });
      res = await http(t).post('/api/accounts/me/phone').set('x-api-key', apiKey).send({ code: row.code });
      expect(res.status).toBe(410);
      expect(res.body).toEqual({ message: 'Expired code' });

      await t.db.getRepository(PhoneChangeCode).update({ id: row.id }, { created_at: minutesAgo(1) });
      res = await http(t).post('/api/accounts/me/phone').set('x-api-key', apiKey).send({ code: row.code });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: account.id, phone: '+33612345678', activated: true });
    });

    it('no pending change → 404; code not 4 digits → 422', async () => {
      const { apiKey } = await createValidatedAccount(t.db);
      expect((await http(t).post('/api/accounts/me/phone').set('x-api-key', apiKey).send({ code: '1234' })).status).toBe(404);
      expect((await http(t).post('/api/accounts/me/phone').set('x-api-key', apiKey).send({ code: '12345' })).status).toBe(422);
    });

    it('a token consumed through the API validates the account', async () => {
      const admin = await createAccount(t.db, { admin: true });
      const { apiKey } = await createAccount(t.db);
      const token = (await http(t).post('/api/account_creation_tokens').set('x-api-key', admin.apiKey)).body.token;
      expect((await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: '+33612345670' })).status).toBe(
        403,
      );
      await http(t).post('/api/account_creation_tokens/consume').set('x-api-key', apiKey).send({ account_creation_token: token });
      expect((await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: '+33612345670' })).status).toBe(
        200,
      );
    });
  });
});

describe('blocking service (BLOCKING_AMOUNT_EVENTS_AUTHORIZED_DURING_PERIOD=2)', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMail({ BLOCKING_AMOUNT_EVENTS_AUTHORIZED_DURING_PERIOD: '2' }));
    await activateCountries(t.db, 'FR');
  });
  afterAll(() => closeAppWithMail({ t, smtp }));

  it('a fresh account asks a phone change (1 event) → 200, then an email change (2 events) → 403 and blocked', async () => {
    const { apiKey, account } = await createValidatedAccount(t.db);
    let res = await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: '+33612345678' });
    expect(res.status).toBe(200);
    res = await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'blocked@example.org' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Account blocked' });
    expect((await t.db.getRepository(Account).findOneByOrFail({ id: account.id })).blocked).toBe(true);
    expect((await http(t).get('/api/accounts/me').set('x-api-key', apiKey)).status).toBe(403);
  });

  it('an account not updated in the period gets one more event', async () => {
    const { apiKey, account } = await createValidatedAccount(t.db);
    await ageAccount(t.db, account.id);
    expect((await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: '+33612345679' })).status).toBe(
      200,
    );
    expect((await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'ok@example.org' })).status).toBe(
      200,
    );
    await smtp.next('ok@example.org');
    expect((await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'ok2@example.org' })).status).toBe(
      403,
    );
  });
});

describe('email change with ACCOUNT_EMAIL_UNIQUE=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ ACCOUNT_EMAIL_UNIQUE: 'true', BLOCKING_AMOUNT_EVENTS_AUTHORIZED_DURING_PERIOD: '0' });
  });
  afterAll(() => t.close());

  it('an email of another account (any domain) → 422; a free one → 200 (mail logged without MAIL_HOST)', async () => {
    await createAccount(t.db, { email: 'someone@example.org' });
    const { apiKey } = await createValidatedAccount(t.db);
    let res = await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'someone@example.org' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ email: ['The email has already been taken.'] });
    res = await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'free@example.org' });
    expect(res.status).toBe(200);
  });
});
