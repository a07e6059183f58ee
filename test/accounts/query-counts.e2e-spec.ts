import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountAction } from '../../src/account-actions/entities/account-action.entity';
import { AccountDictionaryEntry } from '../../src/account-core/entities/account-dictionary-entry.entity';
import { ActivationExpiration } from '../../src/account-core/entities/activation-expiration.entity';
import { Account } from '../../src/account-core/entities/account.entity';
import { EmailChangeCode } from '../../src/account-core/entities/email-change-code.entity';
import { PhoneChangeCode } from '../../src/account-core/entities/phone-change-code.entity';
import { ProvisioningToken } from '../../src/account-core/entities/provisioning-token.entity';
import { AccountAccountType } from '../../src/account-types/entities/account-account-type.entity';
import { AccountType } from '../../src/account-types/entities/account-type.entity';
import { Space } from '../../src/account-core/entities/space.entity';
import { now } from '../../src/database/timestamps';
import { startApp } from '../support/app';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { authorization, challenges, OPAQUE } from '../support/digest-client';
import { adminWorld, AdminWorld, DOMAIN } from '../support/admin-world';

const queries = (res: request.Response): number => {
  expect(res.status).toBe(200);
  return Number(res.headers['x-query-count']);
};

/** An account with a row in every relation the account JSON shows. */
async function fullAccount(db: DataSource, types: AccountType[], username: string): Promise<AccountFixture> {
  const f = await createAccount(db, { username, email: `${username}@example.org` });
  const id = f.account.id;
  const stamp = now();
  await db.getRepository(Account).update({ id }, { dtmf_protocol: 'sipinfo' });
  f.account.dtmf_protocol = 'sipinfo';
  await db.getRepository(AccountDictionaryEntry).save([
    { account_id: id, key: 'color', value: 'blue' },
    { account_id: id, key: 'floor', value: '2' },
  ]);
  await db.getRepository(AccountAccountType).save(types.map((type) => ({ account_id: id, account_type_id: type.id })));
  await db.getRepository(AccountAction).save([
    { account_id: id, key: 'open', code: '1' },
    { account_id: id, key: 'close', code: '2' },
  ]);
  await db
    .getRepository(EmailChangeCode)
    .save({ account_id: id, code: '1234', email: `new-${username}@example.org`, created_at: stamp, updated_at: stamp });
  await db
    .getRepository(PhoneChangeCode)
    .save({ account_id: id, code: '5678', phone: '+33612121212', created_at: stamp, updated_at: stamp });
  await db.getRepository(ProvisioningToken).save({ account_id: id, token: `token-${username}`, used: false });
  await db.getRepository(ActivationExpiration).save({ account_id: id, expires: new Date(Date.now() + 3_600_000) });
  return f;
}

/**
 * The SQL statements a request runs (DB_QUERY_COUNT_HEADER), pinned so that a
 * later change cannot multiply them unnoticed. Each count is the request's
 * whole pipeline: Space by Host, authentication, the handler, the serializer
 * (one statement per relation of the account JSON, for a whole page).
 */
describe('query counts (DB_QUERY_COUNT_HEADER)', () => {
  let w: AdminWorld;
  let john: AccountFixture;
  beforeAll(async () => {
    w = await adminWorld({ DB_QUERY_COUNT_HEADER: 'true' });
    const space = await w.t.db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
    const types = await w.t.db.getRepository(AccountType).save([
      { space_id: space.id, key: 'intercom' },
      { space_id: space.id, key: 'camera' },
    ]);
    john = await fullAccount(w.t.db, types, 'john');
  });
  afterAll(() => w.t.close());

  describe('GET /api/accounts', () => {
    it('lists a page in the same number of statements for 2 accounts as for 20', async () => {
      const space = await w.t.db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
      const types = await w.t.db.getRepository(AccountType).findBy({ space_id: space.id });
      const small = await w.asAdmin.get('/api/accounts');
      expect(small.body.data).toHaveLength(2);
      for (let i = 0; i < 24; i++) await fullAccount(w.t.db, types, `user${i}`);
      const full = await w.asAdmin.get('/api/accounts');
      expect(full.body.data).toHaveLength(20);
      expect(full.body.data[5]).toMatchObject({
        types: [expect.anything(), expect.anything()],
        actions: [expect.anything(), expect.anything()],
      });
      expect(full.body.data[5].phone_change_code).toMatchObject({ phone: '+33612121212' });
      expect(full.body.data[5].dictionary).toEqual({ color: 'blue', floor: '2' });
      // Space, API key, the page with the total (one statement), then every relation of the page in
      // one statement (dictionary, token, expiration, email and phone codes, types, actions)
      expect([queries(small), queries(full)]).toEqual([4, 4]);
      expect(queries(await w.asAdmin.get('/api/accounts?page=2'))).toBe(4);
    });
  });

  describe('GET /api/accounts/me', () => {
    it('by API key', async () => {
      // Space, API key, then every relation in one statement (passwords, dictionary, token,
      // expiration, email code, types, actions; the key's use is written apart, at most once a
      // second: deviation 29)
      const res = await http(w.t).get('/api/accounts/me').set('x-api-key', john.apiKey);
      expect(res.body.actions).toHaveLength(2);
      expect(queries(res)).toBe(3);
    });

    it('by API key, without a DTMF protocol: the same statement without the actions', async () => {
      expect(queries(await w.asAdmin.get('/api/accounts/me'))).toBe(3);
    });

    it('by DIGEST', async () => {
      const from = `sip:${john.account.username}@${john.account.domain}`;
      const challenged = await http(w.t).get('/api/accounts/me').set('From', from);
      expect(challenged.status).toBe(401);
      const { nonce, algorithm } = challenges(challenged)[0];
      const res = await http(w.t)
        .get('/api/accounts/me')
        .set('From', from)
        .set(
          'Authorization',
          authorization({
            username: john.account.username,
            password: john.password,
            realm: john.account.domain,
            nonce,
            opaque: OPAQUE,
            method: 'GET',
            uri: '/api/accounts/me',
            algorithm: algorithm as 'MD5' | 'SHA-256',
          }),
        );
      expect(res.body.id).toBe(john.account.id);
      // Space and DIGEST authentication (3), then the same relations statement as by API key
      expect(queries(res)).toBe(4);
    });
  });

  describe('POST /api/accounts', () => {
    it('creates an account with a phone, a dictionary and an expiration', async () => {
      expect((await w.asSuper.post('/api/phone_countries/FR/activate')).status).toBe(200);
      const res = await w.asAdmin.post('/api/accounts').send({
        username: 'created',
        password: 'secret',
        algorithm: 'SHA-256',
        email: 'created@example.org',
        phone: '+33612345678',
        dictionary: { color: 'red' },
        confirmation_key_expires: '2040-12-12 12:12:12',
      });
      expect(res.body).toMatchObject({ username: 'created', dictionary: { color: 'red' }, types: [], actions: [] });
      // Space, API key (the target Space is the Host's: no capacity read), the rules' lookups in one statement (username
      // taken, tombstone, phone among phones and usernames), the phone's country; then BEGIN, the
      // account, token, expiration, dictionary and password inserts, COMMIT: nothing read back, and
      // no relation query (the rows are the ones just written; change codes, types, actions: none yet)
      expect(queries(res)).toBe(11);
    });
  });

  describe('GET /api/accounts/{id} and search', () => {
    it('shows one account', async () => {
      // Space, API key, account, then the relations statement (dictionary, token, expiration, email
      // and phone codes, types, actions)
      expect(queries(await w.asAdmin.get(`/api/accounts/${john.account.id}`))).toBe(4);
    });

    it('searches by user@domain', async () => {
      // Space, API key, account, then the relations statement
      expect(queries(await w.asAdmin.get(`/api/accounts/john@${DOMAIN}/search`))).toBe(4);
    });
  });
});

describe('without DB_QUERY_COUNT_HEADER', () => {
  it('sends no x-query-count header', async () => {
    const t = await startApp();
    try {
      const res = await http(t).get('/api/ping');
      expect(res.status).toBe(200);
      expect(res.headers).not.toHaveProperty('x-query-count');
    } finally {
      await t.close();
    }
  });
});
