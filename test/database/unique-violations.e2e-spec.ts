import jwt from 'jsonwebtoken';
import { Account } from '../../src/account-core/entities/account.entity';
import { AccountDictionaryEntry } from '../../src/account-core/entities/account-dictionary-entry.entity';
import { AccountTombstone } from '../../src/account-core/entities/account-tombstone.entity';
import { Password } from '../../src/account-core/entities/password.entity';
import { ApiKey } from '../../src/account-core/entities/api-key.entity';
import { Space } from '../../src/account-core/entities/space.entity';
import { startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, createToken, http, spaceBody } from '../support/fixtures';
import { rsaPair } from '../support/jwt';

/** Ten identical requests at once: the database's unique index decides, never a 500. */
const PARALLEL = 10;
const times = <T>(work: (i: number) => Promise<T>): Promise<T[]> => Promise.all(Array.from({ length: PARALLEL }, (_, i) => work(i)));
const statuses = (responses: { status: number }[]): number[] => responses.map((r) => r.status).sort();

// a JWT stays valid while the API key it asks for is replaced under it
const keys = rsaPair();
const bearer = (username: string) =>
  `Bearer ${jwt.sign({ sip_identity: `sip:${username}@sip.example.org` }, keys.privateKey, { algorithm: 'RS256' })}`;

describe('unique values written by parallel requests', () => {
  let t: TestApp;
  let admin: AccountFixture;
  beforeAll(async () => {
    t = await startApp({ APP_DANGEROUS_ENDPOINTS: 'true', JWT_RSA_PUBLIC_KEY_PEM: keys.publicKey });
    admin = await createAccount(t.db, { admin: true });
    // Spaces are managed by the admins of a super Space
    await t.db.getRepository(Space).update({ domain: 'sip.example.org' }, { super: true });
  });
  afterAll(() => t.close());

  const asAdmin = <T extends { set(name: string, value: string): T }>(test: T): T => test.set('x-api-key', admin.apiKey);

  describe('POST /api/accounts', () => {
    it('one username ten times: one 200, nine 422 on username, one row', async () => {
      const responses = await times(() =>
        asAdmin(http(t).post('/api/accounts')).send({
          username: 'twin',
          password: 'secret',
          algorithm: 'SHA-256',
          domain: 'sip.example.org',
        }),
      );
      expect(statuses(responses)).toEqual([200, ...Array(PARALLEL - 1).fill(422)]);
      for (const res of responses.filter((r) => r.status === 422)) {
        expect(res.body).toEqual({
          message: 'The username has already been taken.',
          errors: { username: ['The username has already been taken.'] },
        });
      }
      expect(await t.db.getRepository(Account).countBy({ username: 'twin' })).toBe(1);
    });
  });

  describe('POST /api/accounts/with-account-creation-token', () => {
    it('one username, ten tokens: one 200, nine 422 on username, nine tokens left unused', async () => {
      const tokens = await Promise.all(Array.from({ length: PARALLEL }, () => createToken(t.db)));
      const responses = await times((i) =>
        http(t)
          .post('/api/accounts/with-account-creation-token')
          .send({ username: 'twinpub', password: 'secret', account_creation_token: tokens[i].token }),
      );
      expect(statuses(responses)).toEqual([200, ...Array(PARALLEL - 1).fill(422)]);
      for (const res of responses.filter((r) => r.status === 422)) expect(Object.keys(res.body.errors)).toEqual(['username']);
      expect(await t.db.getRepository(Account).countBy({ username: 'twinpub' })).toBe(1);
    });
  });

  describe('POST /api/accounts/public', () => {
    it('one username, ten tokens: one 200, nine 422 on username', async () => {
      const tokens = await Promise.all(Array.from({ length: PARALLEL }, () => createToken(t.db)));
      const responses = await times((i) =>
        http(t)
          .post('/api/accounts/public')
          .send({
            username: 'twindanger',
            password: 'secret',
            algorithm: 'SHA-256',
            email: `d${i}@example.org`,
            account_creation_token: tokens[i].token,
          }),
      );
      expect(statuses(responses)).toEqual([200, ...Array(PARALLEL - 1).fill(422)]);
      for (const res of responses.filter((r) => r.status === 422)) expect(Object.keys(res.body.errors)).toEqual(['username']);
      expect(await t.db.getRepository(Account).countBy({ username: 'twindanger' })).toBe(1);
    });
  });

  describe('PUT /api/accounts/{id}', () => {
    it('ten accounts renamed to one username at once: one 200, nine 422 on username', async () => {
      const accounts = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => createAccount(t.db, { username: `rename${i}` })));
      const responses = await times((i) =>
        asAdmin(http(t).put(`/api/accounts/${accounts[i].account.id}`)).send({
          username: 'renamed',
          password: 'secret',
          algorithm: 'SHA-256',
        }),
      );
      expect(statuses(responses)).toEqual([200, ...Array(PARALLEL - 1).fill(422)]);
      for (const res of responses.filter((r) => r.status === 422))
        expect(res.body.errors).toEqual({ username: ['The username has already been taken.'] });
      expect(await t.db.getRepository(Account).countBy({ username: 'renamed' })).toBe(1);
    });
  });

  describe('POST /api/spaces', () => {
    it('one domain ten times: one 201, nine 422 on domain (or on the host it defaults to), one row', async () => {
      const responses = await times(() => asAdmin(http(t).post('/api/spaces')).send({ domain: 'twin.example.org' }));
      expect(statuses(responses)).toEqual([201, ...Array(PARALLEL - 1).fill(422)]);
      // the host defaults to the domain: a request that loses the race on MariaDB may
      // trip the host's unique index first, and reports that field
      for (const res of responses.filter((r) => r.status === 422)) {
        expect(Object.keys(res.body.errors).some((field) => field === 'domain' || field === 'host')).toBe(true);
        expect(res.body.message).toMatch(/^The (domain|host) has already been taken\./);
      }
      expect(await t.db.getRepository(Space).countBy({ domain: 'twin.example.org' })).toBe(1);
    });

    it('ten domains, one host: one 201, nine 422 on host', async () => {
      const responses = await times((i) =>
        asAdmin(http(t).post('/api/spaces')).send({ domain: `d${i}.example.org`, host: 'shared.example.org' }),
      );
      expect(statuses(responses)).toEqual([201, ...Array(PARALLEL - 1).fill(422)]);
      for (const res of responses.filter((r) => r.status === 422))
        expect(res.body.errors).toEqual({ host: ['The host has already been taken.'] });
      expect(await t.db.getRepository(Space).countBy({ host: 'shared.example.org' })).toBe(1);
    });
  });

  describe('PUT /api/spaces/{domain}', () => {
    it('ten Spaces moved to one host at once: one 200, nine 422 on host', async () => {
      for (let i = 0; i < PARALLEL; i++)
        await asAdmin(http(t).post('/api/spaces'))
          .send({ domain: `m${i}.example.org` })
          .expect(201);
      const responses = await times((i) =>
        asAdmin(http(t).put(`/api/spaces/m${i}.example.org`)).send(spaceBody({ host: 'moved.example.org' })),
      );
      expect(statuses(responses)).toEqual([200, ...Array(PARALLEL - 1).fill(422)]);
      for (const res of responses.filter((r) => r.status === 422))
        expect(res.body.errors).toEqual({ host: ['The host has already been taken.'] });
      expect(await t.db.getRepository(Space).countBy({ host: 'moved.example.org' })).toBe(1);
    });
  });

  describe('POST /api/accounts/{id}/dictionary/{key}', () => {
    it('one key ten times: all 201, one row holding one of the values', async () => {
      const { account } = await createAccount(t.db);
      const responses = await times((i) => asAdmin(http(t).post(`/api/accounts/${account.id}/dictionary/color`)).send({ value: `v${i}` }));
      expect(statuses(responses)).toEqual(Array(PARALLEL).fill(201));
      const rows = await t.db.getRepository(AccountDictionaryEntry).findBy({ account_id: account.id, key: 'color' });
      expect(rows).toHaveLength(1);
      expect(responses.map((r) => r.body.value)).toContain(rows[0].value);
    });
  });

  describe('GET /api/accounts/me/api_key', () => {
    it('ten at once for one account: all 200, one key row, the last one written works', async () => {
      const user = await createAccount(t.db);
      const responses = await times(() => http(t).get('/api/accounts/me/api_key').set('Authorization', bearer(user.account.username)));
      expect(statuses(responses)).toEqual(Array(PARALLEL).fill(200));
      expect(await t.db.getRepository(ApiKey).countBy({ account_id: user.account.id })).toBe(1);
      const working = await Promise.all(responses.map((r) => http(t).get('/api/accounts/me').set('x-api-key', r.text)));
      expect(working.filter((r) => r.status === 200)).toHaveLength(1);
    });
  });

  describe('POST /api/accounts/me/password', () => {
    it('ten changes at once: all 200, one password row', async () => {
      // the same password each time: every request's old password stays right
      const user = await createAccount(t.db, { password: 'same' });
      const responses = await times(() =>
        http(t)
          .post('/api/accounts/me/password')
          .set('Authorization', bearer(user.account.username))
          .send({ algorithm: 'SHA-256', password: 'same', old_password: 'same' }),
      );
      expect(statuses(responses)).toEqual(Array(PARALLEL).fill(200));
      expect(await t.db.getRepository(Password).countBy({ account_id: user.account.id })).toBe(1);
    });
  });

  describe('PUT /api/accounts/{id} on one account', () => {
    it('ten replacements at once: all 200, one password row and one dictionary row', async () => {
      const { account } = await createAccount(t.db, { username: 'replaced' });
      const responses = await times((i) =>
        asAdmin(http(t).put(`/api/accounts/${account.id}`)).send({
          username: 'replaced',
          password: `p${i}`,
          algorithm: 'SHA-256',
          dictionary: { k: `v${i}` },
        }),
      );
      expect(statuses(responses)).toEqual(Array(PARALLEL).fill(200));
      expect(await t.db.getRepository(Password).countBy({ account_id: account.id })).toBe(1);
      expect(await t.db.getRepository(AccountDictionaryEntry).countBy({ account_id: account.id })).toBe(1);
    });
  });

  describe('DELETE /api/accounts/{id}', () => {
    it('ten deletions at once: no 5xx, the account gone, one tombstone', async () => {
      const { account } = await createAccount(t.db, { username: 'deleted' });
      const responses = await times(() => asAdmin(http(t).delete(`/api/accounts/${account.id}`)));
      for (const res of responses) expect([200, 404]).toContain(res.status);
      expect(responses.some((r) => r.status === 200)).toBe(true);
      expect(await t.db.getRepository(Account).countBy({ id: account.id })).toBe(0);
      expect(await t.db.getRepository(AccountTombstone).countBy({ username: 'deleted' })).toBe(1);
    });
  });
});
