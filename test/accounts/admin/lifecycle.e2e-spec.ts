import { ApiKey } from '../../../src/account-core/entities/api-key.entity';
import { AuthToken } from '../../../src/auth/entities/auth-token.entity';
import { Nonce } from '../../../src/auth/entities/nonce.entity';
import { AccountAction } from '../../../src/account-actions/entities/account-action.entity';
import { ActivationExpiration } from '../../../src/account-core/entities/activation-expiration.entity';
import { EmailChangeCode } from '../../../src/account-core/entities/email-change-code.entity';
import { PhoneChangeCode } from '../../../src/account-core/entities/phone-change-code.entity';
import { RecoveryCode } from '../../../src/account-core/entities/recovery-code.entity';
import { AccountAccountType } from '../../../src/account-types/entities/account-account-type.entity';
import { AccountType } from '../../../src/account-types/entities/account-type.entity';
import { AccountCreationToken } from '../../../src/tokens/entities/account-creation-token.entity';
import { Space } from '../../../src/account-core/entities/space.entity';
import { now } from '../../../src/database/timestamps';
import { Account } from '../../../src/account-core/entities/account.entity';
import { AccountDictionaryEntry } from '../../../src/account-core/entities/account-dictionary-entry.entity';
import { AccountTombstone } from '../../../src/account-core/entities/account-tombstone.entity';
import { Password } from '../../../src/account-core/entities/password.entity';
import { ProvisioningToken } from '../../../src/account-core/entities/provisioning-token.entity';
import { count, createAccount, http } from '../../support/fixtures';
import { adminWorld, AdminWorld, as, body, DOMAIN, OTHER_DOMAIN } from '../../support/admin-world';

const ROUTES: [string, string][] = [
  ['post', '/api/accounts'],
  ['get', '/api/accounts'],
  ['get', '/api/accounts/1'],
  ['put', '/api/accounts/1'],
  ['delete', '/api/accounts/1'],
  ['get', `/api/accounts/admin@${DOMAIN}/search`],
  ['get', '/api/accounts/a@b.c/search-by-email'],
  ['post', '/api/accounts/1/activate'],
  ['post', '/api/accounts/1/deactivate'],
  ['post', '/api/accounts/1/block'],
  ['post', '/api/accounts/1/unblock'],
  ['get', '/api/accounts/1/provision'],
  ['get', '/api/accounts/1/dictionary'],
  ['get', '/api/accounts/1/dictionary/foo'],
  ['post', '/api/accounts/1/dictionary/foo'],
  ['delete', '/api/accounts/1/dictionary/foo'],
];

describe('admin account routes: access', () => {
  let w: AdminWorld;
  beforeAll(async () => {
    w = await adminWorld();
  });
  afterAll(() => w.t.close());

  it('answer 401 without credentials, 403 to a user and to an admin of another Space', async () => {
    const user = await createAccount(w.t.db, { username: 'someone' });
    const foreignAdmin = await createAccount(w.t.db, { username: 'foreign', domain: OTHER_DOMAIN, admin: true });
    for (const [method, path] of ROUTES) {
      const anonymous = await (http(w.t) as unknown as Record<string, (p: string) => Promise<{ status: number }>>)[method](path);
      expect([method, path, anonymous.status]).toEqual([method, path, 401]);
      for (const key of [user.apiKey, foreignAdmin.apiKey]) {
        const res = await (
          as(w.t, key) as unknown as Record<string, (p: string, b?: unknown) => Promise<{ status: number; body: unknown }>>
        )[method](path, {});
        expect([method, path, res.status, res.body]).toEqual([method, path, 403, { message: 'Unauthorized area' }]);
      }
    }
  });
});

describe('admin account routes: lifecycle', () => {
  let w: AdminWorld;
  beforeAll(async () => {
    w = await adminWorld();
  });
  afterAll(() => w.t.close());

  const create = async (username: string) => {
    const res = await w.asAdmin.post('/api/accounts', body({ username }));
    expect(res.status).toBe(200);
    return res.body as { id: number; provisioning_token: string };
  };

  it('DELETE writes a tombstone, deletes the account and its rows, answers an empty 200', async () => {
    const account = await create('doomed');
    await w.asAdmin.post(`/api/accounts/${account.id}/dictionary/foo`, { value: 'bar' });
    const res = await w.asAdmin.delete(`/api/accounts/${account.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect((await w.asAdmin.get(`/api/accounts/${account.id}`)).status).toBe(404);
    expect(await count(w.t.db, AccountTombstone, { username: 'doomed', domain: DOMAIN })).toBe(1);
    for (const entity of [Password, ProvisioningToken, AccountDictionaryEntry]) {
      expect(await count(w.t.db, entity, { account_id: account.id })).toBe(0);
    }
    expect((await w.asAdmin.delete(`/api/accounts/${account.id}`)).status).toBe(404);
  });

  it('DELETE removes every row that belongs to the account (accounts.md §6), and only those', async () => {
    const doomed = await createAccount(w.t.db, { username: 'cascade' });
    const kept = await createAccount(w.t.db, { username: 'bystander' });
    const db = w.t.db;
    const space = await db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
    const type = await db
      .getRepository(AccountType)
      .save({ space_id: space.id, key: 'cascade-type', created_at: now(), updated_at: now() });
    const owned = async (accountId: number, tag: string) => {
      await db.getRepository(Nonce).save({ account_id: accountId, nonce: `nonce-${tag}`, nc: 0, created_at: now(), updated_at: now() });
      await db.getRepository(AuthToken).save({ account_id: accountId, token: `auth-${tag}`, created_at: now(), updated_at: now() });
      await db
        .getRepository(AccountCreationToken)
        .save({ token: `act-${tag}`.padEnd(13, 'x'), used: true, account_id: accountId, created_at: now(), updated_at: now() });
      await db.getRepository(RecoveryCode).save({ account_id: accountId, code: '1234', created_at: now(), updated_at: now() });
      await db
        .getRepository(EmailChangeCode)
        .save({ account_id: accountId, code: '1234', email: `${tag}@example.org`, created_at: now(), updated_at: now() });
      await db
        .getRepository(PhoneChangeCode)
        .save({ account_id: accountId, code: '1234', phone: '+33612345678', created_at: now(), updated_at: now() });
      await db.getRepository(ActivationExpiration).save({ account_id: accountId, expires: now(), created_at: now(), updated_at: now() });
      await db.getRepository(AccountAction).save({ account_id: accountId, key: 'open', code: '1', created_at: now(), updated_at: now() });
      await db
        .getRepository(AccountAccountType)
        .save({ account_id: accountId, account_type_id: type.id, created_at: now(), updated_at: now() });
      await db
        .getRepository(AccountDictionaryEntry)
        .save({ account_id: accountId, key: 'k', value: 'v', created_at: now(), updated_at: now() });
    };
    await owned(doomed.account.id, 'doomed');
    await owned(kept.account.id, 'kept');

    expect((await w.asAdmin.delete(`/api/accounts/${doomed.account.id}`)).status).toBe(200);
    const entities = [
      Password,
      ApiKey,
      Nonce,
      AuthToken,
      AccountCreationToken,
      ProvisioningToken,
      RecoveryCode,
      EmailChangeCode,
      PhoneChangeCode,
      ActivationExpiration,
      AccountAction,
      AccountAccountType,
      AccountDictionaryEntry,
    ];
    for (const entity of entities) {
      const name = (entity as { name: string }).name;
      expect([name, await count(db, entity, { account_id: doomed.account.id })]).toEqual([name, 0]);
    }
    for (const entity of entities.filter((e) => e !== ProvisioningToken)) {
      const name = (entity as { name: string }).name;
      expect([name, (await count(db, entity, { account_id: kept.account.id })) > 0]).toEqual([name, true]);
    }
    expect(await count(db, AccountType, { id: type.id })).toBe(1);
  });

  it('DELETE keeps a single tombstone when one exists already', async () => {
    await w.t.db.getRepository(AccountTombstone).save(w.t.db.getRepository(AccountTombstone).create({ username: 'again', domain: DOMAIN }));
    const seeded = await createAccount(w.t.db, { username: 'again' });
    expect((await w.asAdmin.delete(`/api/accounts/${seeded.account.id}`)).status).toBe(200);
    expect(await count(w.t.db, AccountTombstone, { username: 'again', domain: DOMAIN })).toBe(1);
  });

  it('DELETE is scoped', async () => {
    const far = await createAccount(w.t.db, { username: 'far', domain: OTHER_DOMAIN });
    expect((await w.asAdmin.delete(`/api/accounts/${far.account.id}`)).status).toBe(404);
    expect((await w.asAdmin.delete('/api/accounts/abc')).status).toBe(404);
    expect((await w.asSuper.delete(`/api/accounts/${far.account.id}`)).status).toBe(200);
  });

  it('activate / deactivate / block / unblock answer the §1.1 account', async () => {
    const account = await create('toggled');
    const steps: [string, Record<string, boolean>][] = [
      ['activate', { activated: true }],
      ['deactivate', { activated: false }],
      ['block', { blocked: true }],
      ['unblock', { blocked: false }],
    ];
    for (const [action, expected] of steps) {
      const res = await w.asAdmin.post(`/api/accounts/${account.id}/${action}`);
      expect([action, res.status]).toEqual([action, 200]);
      expect(res.body).toMatchObject({ id: account.id, ...expected, passwords: [{ algorithm: 'SHA-256' }] });
      expect(res.body).not.toHaveProperty('confirmation_key');
      const stored = await w.t.db.getRepository(Account).findOneByOrFail({ id: account.id });
      expect(stored).toMatchObject(expected);
    }
    expect((await w.asAdmin.post('/api/accounts/999999/activate')).status).toBe(404);
    expect((await w.asAdmin.post('/api/accounts/x/block')).status).toBe(404);
  });

  it('a change to the same value leaves updated_at alone (the blocking service counts it as an event)', async () => {
    const account = await create('steady');
    const past = new Date('2020-01-01T00:00:00Z');
    await w.t.db.getRepository(Account).update({ id: account.id }, { activated: true, blocked: false, updated_at: past });
    for (const action of ['activate', 'unblock']) {
      const res = await w.asAdmin.post(`/api/accounts/${account.id}/${action}`);
      expect([action, res.status, res.body.updated_at]).toEqual([action, 200, '2020-01-01T00:00:00.000000Z']);
    }
    // the second of two identical PUTs changes no column
    const put = { username: 'steady', password: 'secret', algorithm: 'SHA-256', email: 'steady@example.org', display_name: 'Steady' };
    expect((await w.asAdmin.put(`/api/accounts/${account.id}`, put)).status).toBe(200);
    await w.t.db.getRepository(Account).update({ id: account.id }, { updated_at: past });
    const again = await w.asAdmin.put(`/api/accounts/${account.id}`, put);
    expect([again.status, again.body.updated_at]).toEqual([200, '2020-01-01T00:00:00.000000Z']);

    const res = await w.asAdmin.post(`/api/accounts/${account.id}/block`);
    expect(res.body.blocked).toBe(true);
    expect(res.body.updated_at).not.toBe('2020-01-01T00:00:00.000000Z');
  });

  it('provision gives the account a new current provisioning token', async () => {
    const account = await create('provisioned');
    const res = await w.asAdmin.get(`/api/accounts/${account.id}/provision`);
    expect(res.status).toBe(200);
    expect(res.body.provisioning_token).toMatch(/^[A-Za-z0-9]{13}$/);
    expect(res.body.provisioning_token).not.toBe(account.provisioning_token);
    expect(res.body.provisioning_token_expire_at).toBeNull();
    expect(await count(w.t.db, ProvisioningToken, { account_id: account.id })).toBe(2);
    // the replaced one is used up (issue 15): once the new one is used too, the account has no current token
    expect(await count(w.t.db, ProvisioningToken, { account_id: account.id, used: false })).toBe(1);
    await w.t.db.getRepository(ProvisioningToken).update({ token: res.body.provisioning_token }, { used: true });
    expect((await w.asAdmin.get(`/api/accounts/${account.id}`)).body.provisioning_token).toBeNull();
    expect((await w.asAdmin.get('/api/accounts/999999/provision')).status).toBe(404);
  });

  it('the dictionary routes (contacts.md §6)', async () => {
    const account = await create('dictionary');
    const url = `/api/accounts/${account.id}/dictionary`;
    const set = await w.asAdmin.post(`${url}/foo`, { value: 'bar' });
    expect(set.status).toBe(201);
    expect(set.body).toEqual({ value: 'bar' });
    expect((await w.asAdmin.get(url)).body).toEqual({ foo: 'bar' });
    expect((await w.asAdmin.get(`/api/accounts/${account.id}`)).body.dictionary).toEqual({ foo: 'bar' });
    expect((await w.asAdmin.get(`${url}/foo`)).body).toEqual({ value: 'bar' });
    const replaced = await w.asAdmin.post(`${url}/foo`, { value: 'yop' });
    expect([replaced.status, replaced.body]).toEqual([201, { value: 'yop' }]);
    expect((await w.asAdmin.post(`${url}/waza`, { value: 'yop' })).status).toBe(201);
    expect((await w.asAdmin.get(url)).body).toEqual({ foo: 'yop', waza: 'yop' });
    const deleted = await w.asAdmin.delete(`${url}/foo`);
    expect([deleted.status, deleted.text]).toEqual([200, '1']);
    expect((await w.asAdmin.get(url)).body).toEqual({ waza: 'yop' });
    const again = await w.asAdmin.delete(`${url}/foo`);
    expect([again.status, again.text]).toEqual([200, '0']);
    const missing = await w.asAdmin.get(`${url}/foo`);
    expect([missing.status, missing.text]).toEqual([200, '']);
  });

  it('dictionary values: required and validated before the lookup, numbers stored as text, URL-decoded keys', async () => {
    const account = await create('dictionary2');
    const url = `/api/accounts/${account.id}/dictionary`;
    const none = await w.asAdmin.post('/api/accounts/999999/dictionary/foo', {});
    expect(none.status).toBe(422);
    expect(none.body.errors).toEqual({ value: ['The value field is required.'] });
    expect((await w.asAdmin.post('/api/accounts/999999/dictionary/foo', { value: 'x' })).status).toBe(404);
    expect((await w.asAdmin.post(`${url}/n`, { value: 42 })).body).toEqual({ value: '42' });
    expect((await w.asAdmin.post(`${url}/long`, { value: 'x'.repeat(256) })).status).toBe(422);
    expect((await w.asAdmin.post(`${url}/obj`, { value: { a: 1 } })).status).toBe(422);
    // Fastify's maxParamLength (100) answers 414 before our 255-character rule
    expect([414, 422]).toContain((await w.asAdmin.post(`${url}/${'k'.repeat(256)}`, { value: 'v' })).status);
    // the reference's order: the body, then the key, then the account
    const longKeyOfNone = `/api/accounts/999999/dictionary/${'k'.repeat(256)}`;
    const keyFirst = await w.asAdmin.post(longKeyOfNone, { value: 'v' });
    expect([keyFirst.status, Object.keys(keyFirst.body.errors ?? {})]).toEqual([422, ['key']]);
    const bodyFirst = await w.asAdmin.post(longKeyOfNone, {});
    expect([bodyFirst.status, Object.keys(bodyFirst.body.errors ?? {})]).toEqual([422, ['value']]);
    expect((await w.asAdmin.post(`${url}/${'k'.repeat(100)}`, { value: 'v' })).status).toBe(201);
    await w.asAdmin.delete(`${url}/${'k'.repeat(100)}`);
    expect((await w.asAdmin.post(`${url}/hello%20world%2Fx`, { value: 'v' })).status).toBe(201);
    expect((await w.asAdmin.get(url)).body).toEqual({ n: '42', 'hello world/x': 'v' });
    expect((await w.asAdmin.get('/api/accounts/999999/dictionary')).status).toBe(404);
    expect((await w.asAdmin.delete('/api/accounts/999999/dictionary/n')).status).toBe(404);
  });
});

describe('provisioning token expiry setting', () => {
  it('provisioning_token_expire_at = token created_at + APP_PROVISIONING_TOKEN_EXPIRATION_MINUTES', async () => {
    const w = await adminWorld({ APP_PROVISIONING_TOKEN_EXPIRATION_MINUTES: '10' });
    try {
      const created = await w.asAdmin.post('/api/accounts', body({ username: 'expiry' }));
      const res = await w.asAdmin.get(`/api/accounts/${created.body.id}/provision`);
      const token = await w.t.db.getRepository(ProvisioningToken).findOneByOrFail({ token: res.body.provisioning_token });
      const expected = new Date(new Date(token.created_at!).getTime() + 10 * 60_000).toISOString().replace('.000Z', '.000000Z');
      expect(res.body.provisioning_token_expire_at).toBe(expected);
    } finally {
      await w.t.close();
    }
  });
});
