import { AccountTombstone } from '../../../src/account-core/entities/account-tombstone.entity';
import { startApp, TestApp } from '../../support/app';
import { activateCountries, createAccount, createSpace, createToken, http } from '../../support/fixtures';
import { Account } from '../../../src/account-core/entities/account.entity';
import { ActivationExpiration } from '../../../src/account-core/entities/activation-expiration.entity';
import { Password } from '../../../src/account-core/entities/password.entity';
import { Space } from '../../../src/account-core/entities/space.entity';
import { AccountCreationToken } from '../../../src/tokens/entities/account-creation-token.entity';
import { minutesAgo } from '../../../src/database/timestamps';

describe('public account routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ APP_NAME: 'PublicTest', ACCOUNT_BLACKLISTED_USERNAMES: 'foobar,blacklisted,username-.*' });
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, host?: string) =>
    http(t).post('/api/accounts/with-account-creation-token', host).set('User-Agent', 'Linphone/5.2').send(body);

  describe('POST /api/accounts/with-account-creation-token', () => {
    it('an invalid token → 422', async () => {
      const res = await create({ username: 'john', password: 'secret', account_creation_token: '0123456789abc' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ account_creation_token: ['Please provide a valid account_creation_token'] });
    });

    it('a missing token and username → 422 in field order', async () => {
      const res = await create({ password: 'secret' });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['username', 'account_creation_token']);
      expect(res.body.errors.account_creation_token).toEqual(['The account creation token field is required.']);
    });

    it('a valid token → 200, the account (not activated, user_agent = APP_NAME); the token is used and linked; reuse → 422', async () => {
      const token = await createToken(t.db);
      const res = await create({
        username: 'john',
        password: 'secret',
        dtmf_protocol: 'rfc2833',
        email: 'john@example.org',
        account_creation_token: token.token,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        username: 'john',
        domain: 'sip.example.org',
        activated: false,
        user_agent: 'PublicTest',
        ip_address: '127.0.0.1',
        dtmf_protocol: 'rfc2833',
        // validated, not stored
        email: null,
        passwords: [{ algorithm: 'SHA-256' }],
      });
      expect(res.body.provisioning_token).toMatch(/^[A-Za-z0-9]{13}$/);
      expect(res.body.confirmation_key).toBeUndefined();
      const account = await t.db.getRepository(Account).findOneByOrFail({ id: res.body.id });
      expect(account.confirmation_key).toMatch(/^[A-Za-z0-9]{13}$/);
      expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ id: token.id })).toMatchObject({
        used: true,
        account_id: account.id,
      });

      const again = await create({ username: 'john2', password: 'secret', account_creation_token: token.token });
      expect(again.status).toBe(422);
      expect(again.body.errors).toEqual({ account_creation_token: ['Please provide a valid account_creation_token'] });
    });

    it('algorithm: MD5 accepted, an unknown one → 422', async () => {
      const token = await createToken(t.db);
      let res = await create({ username: 'md5user', password: 'secret', algorithm: 'SHA-1', account_creation_token: token.token });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ algorithm: ['The password algorithm must be in MD5, SHA-256'] });
      res = await create({ username: 'md5user', password: 'secret', algorithm: 'MD5', account_creation_token: token.token });
      expect(res.status).toBe(200);
      expect(res.body.passwords).toEqual([{ algorithm: 'MD5' }]);
      expect(await t.db.getRepository(Password).countBy({ account_id: res.body.id, algorithm: 'MD5' })).toBe(1);
    });

    it('black-listed usernames → 422 username', async () => {
      for (const username of ['blacklisted', 'username-gnap']) {
        const token = await createToken(t.db);
        const res = await create({ username, password: 'secret', account_creation_token: token.token });
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual({ username: ['Username already used.'] });
      }
    });

    it('phone, dictionary and domain are validated, not stored (the account lands in the current domain)', async () => {
      await activateCountries(t.db, 'FR');
      const other = await createSpace(t.db, 'validated.example.org');
      let token = await createToken(t.db);
      const bad = await create({
        username: 'notstored',
        password: 'secret',
        phone: 'blabla',
        dictionary: { a: ['b'] },
        domain: 'nowhere.example.org',
        account_creation_token: token.token,
      });
      expect(bad.status).toBe(422);
      expect(Object.keys(bad.body.errors).sort()).toEqual(['dictionary', 'domain', 'phone']);

      token = await createToken(t.db);
      const res = await create({
        username: 'notstored',
        password: 'secret',
        phone: '+33612345699',
        dictionary: { a: 'b' },
        domain: other.domain,
        account_creation_token: token.token,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ username: 'notstored', domain: 'sip.example.org', phone: null, dictionary: {} });
    });

    it('a taken or tombstoned username → 422 username', async () => {
      await createAccount(t.db, { username: 'taken' });
      const token = await createToken(t.db);
      const res = await create({ username: 'taken', password: 'secret', account_creation_token: token.token });
      expect(res.status).toBe(422);
      expect(res.body.errors.username).toEqual(['The username has already been taken.']);

      await t.db.getRepository(AccountTombstone).save({ username: 'gone', domain: 'sip.example.org' });
      const buried = await create({ username: 'gone', password: 'secret', account_creation_token: token.token });
      expect(buried.status).toBe(422);
      expect(buried.body.errors.username).toEqual(['The username has already been taken.']);
      expect(await t.db.getRepository(Account).countBy({ username: 'gone' })).toBe(0);
    });

    it('a phone-like username → 422', async () => {
      const token = await createToken(t.db);
      const res = await create({ username: '+33612121212', password: 'secret', account_creation_token: token.token });
      expect(res.status).toBe(422);
      expect(res.body.errors.username).toContain('The username should not be a phone number');
    });

    it('a 13-character token with another case does not match', async () => {
      const token = await createToken(t.db, { token: 'AbCdEfGhIjKlM' });
      const res = await create({ username: 'casey', password: 'secret', account_creation_token: 'abcdefghijklm' });
      expect(res.status).toBe(422);
      expect((await t.db.getRepository(AccountCreationToken).findOneByOrFail({ id: token.id })).used).toBe(false);
    });

    it('a Space that is full → 403 before validation', async () => {
      await createSpace(t.db, 'full.example.org', { max_accounts: 1 });
      await createAccount(t.db, { domain: 'full.example.org' });
      const res = await create({}, 'full.example.org');
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'This action is unauthorized.' });
      await t.db.getRepository(Space).update({ domain: 'full.example.org' }, { max_accounts: 0 });
      expect((await create({}, 'full.example.org')).status).toBe(422);
    });

    it('five concurrent requests with one token create exactly one account', async () => {
      const token = await createToken(t.db);
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((i) => create({ username: `racer${i}`, password: 'secret', account_creation_token: token.token })),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 422, 422, 422, 422]);
      for (const loser of results.filter((r) => r.status === 422)) {
        expect(loser.body.errors).toEqual({ account_creation_token: ['Please provide a valid account_creation_token'] });
      }
      const winner = results.find((r) => r.status === 200)!;
      const racers = await t.db.getRepository(Account).createQueryBuilder('a').where("a.username LIKE 'racer%'").getMany();
      expect(racers.map((a) => a.id)).toEqual([winner.body.id]);
      expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ id: token.id })).toMatchObject({
        used: true,
        account_id: winner.body.id,
      });
    });
  });

  describe('GET /api/accounts/{sip}/info', () => {
    it('200 {activated, realm}; unknown → 404', async () => {
      await createAccount(t.db, { username: 'infouser', activated: false });
      const res = await http(t).get('/api/accounts/infouser@sip.example.org/info');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ activated: false, realm: null });
      const missing = await http(t).get('/api/accounts/nobody@sip.example.org/info');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ message: 'Missing elements to perform the request' });
    });

    it('scoped to the current domain', async () => {
      await createSpace(t.db, 'other.example.org');
      await createAccount(t.db, { username: 'elsewhere', domain: 'other.example.org' });
      expect((await http(t).get('/api/accounts/elsewhere@other.example.org/info')).status).toBe(404);
      expect((await http(t).get('/api/accounts/elsewhere@other.example.org/info', 'other.example.org')).status).toBe(200);
    });
  });

  describe('POST /api/accounts/{sip}/activate/email', () => {
    it('unknown sip 404, 19 chars 422, wrong key 404, expired 403, then 200', async () => {
      const { account } = await createAccount(t.db, { username: 'byemail', activated: false });
      const key = 'Abcdefghijklm';
      await t.db.getRepository(Account).update({ id: account.id }, { confirmation_key: key });
      const url = '/api/accounts/byemail@sip.example.org/activate/email';

      expect((await http(t).post('/api/accounts/nobody@sip.example.org/activate/email').send({ confirmation_key: key })).status).toBe(404);

      let res = await http(t).post(url).send({ confirmation_key: 'abcdefghijklmnopqrs' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ confirmation_key: ['The confirmation key must be 13 characters.'] });

      expect((await http(t).post(url).send({ confirmation_key: 'zzzzzzzzzzzzz' })).status).toBe(404);

      await t.db.getRepository(ActivationExpiration).save({ account_id: account.id, expires: minutesAgo(10) });
      res = await http(t).post(url).send({ confirmation_key: key });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Activation expired' });

      await t.db.getRepository(ActivationExpiration).delete({ account_id: account.id });
      res = await http(t).post(url).send({ confirmation_key: key });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: account.id, activated: true });
      expect((await t.db.getRepository(Account).findOneByOrFail({ id: account.id })).confirmation_key).toBeNull();
      expect((await http(t).get('/api/accounts/byemail@sip.example.org/info')).body.activated).toBe(true);
    });

    it('`code` is an alias that wins over confirmation_key', async () => {
      const { account } = await createAccount(t.db, { username: 'alias', activated: false });
      await t.db.getRepository(Account).update({ id: account.id }, { confirmation_key: 'Zyxwvutsrqpon' });
      const res = await http(t)
        .post('/api/accounts/alias@sip.example.org/activate/email')
        .send({ confirmation_key: 'wrong', code: 'Zyxwvutsrqpon' });
      expect(res.status).toBe(200);
    });

    it('confirmation_key required', async () => {
      const res = await http(t).post('/api/accounts/x@sip.example.org/activate/email').send({});
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ confirmation_key: ['The confirmation key field is required.'] });
    });
  });

  describe('POST /api/accounts/{sip}/activate/phone', () => {
    it('4 digits required; wrong → 404; right → 200', async () => {
      const { account } = await createAccount(t.db, { username: 'byphone', activated: false });
      await t.db.getRepository(Account).update({ id: account.id }, { confirmation_key: '4321' });
      const url = '/api/accounts/byphone@sip.example.org/activate/phone';
      let res = await http(t).post(url).send({ code: '12a4' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ confirmation_key: ['The confirmation key must be 4 digits.'] });
      expect((await http(t).post(url).send({ code: '1234' })).status).toBe(404);
      await t.db.getRepository(ActivationExpiration).save({ account_id: account.id, expires: minutesAgo(10) });
      res = await http(t).post(url).send({ code: '4321' });
      expect([res.status, res.body]).toEqual([403, { message: 'Activation expired' }]);
      await t.db.getRepository(ActivationExpiration).delete({ account_id: account.id });

      res = await http(t).post(url).send({ code: '4321' });
      expect(res.status).toBe(200);
      expect(res.body.activated).toBe(true);
    });
  });
});
