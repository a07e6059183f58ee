import { startApp, TestApp } from '../support/app';
import { createAccount, createToken, http } from '../support/fixtures';
import { AccountCreationToken } from '../../src/tokens/entities/account-creation-token.entity';
import { minutesAgo } from '../../src/database/timestamps';

describe('account creation tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  describe('POST /api/account_creation_tokens', () => {
    it('creates a 13-character token (201), expire_at null by default', async () => {
      const { apiKey } = await createAccount(t.db, { admin: true });
      const res = await http(t).post('/api/account_creation_tokens').set('x-api-key', apiKey).set('User-Agent', 'curl/8.0');
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual(['token', 'ip', 'user_agent', 'expire_at']);
      expect(res.body).toMatchObject({ ip: '127.0.0.1', user_agent: 'curl/8.0', expire_at: null });
      expect(res.body.token).toMatch(/^[A-Za-z0-9]{13}$/);
      const row = await t.db.getRepository(AccountCreationToken).findOneByOrFail({ token: res.body.token });
      expect(row).toMatchObject({ used: false, account_id: null });
    });

    it('is for admins (403 Unauthorized area)', async () => {
      const { apiKey } = await createAccount(t.db);
      const res = await http(t).post('/api/account_creation_tokens').set('x-api-key', apiKey);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'Unauthorized area' });
    });

    it('needs authentication (401)', async () => {
      expect((await http(t).post('/api/account_creation_tokens')).status).toBe(401);
    });
  });

  describe('POST /api/account_creation_tokens/consume', () => {
    it('unknown token → 404 with an empty message', async () => {
      const { apiKey } = await createAccount(t.db);
      const res = await http(t)
        .post('/api/account_creation_tokens/consume')
        .set('x-api-key', apiKey)
        .send({ account_creation_token: '123' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: '' });
    });

    it('missing input → 404', async () => {
      const { apiKey } = await createAccount(t.db);
      expect((await http(t).post('/api/account_creation_tokens/consume').set('x-api-key', apiKey)).status).toBe(404);
    });

    it('binds a fresh token to the caller (200 with the full row); the same again → 404', async () => {
      const admin = await createAccount(t.db, { admin: true });
      const { apiKey, account } = await createAccount(t.db);
      const token = (await http(t).post('/api/account_creation_tokens').set('x-api-key', admin.apiKey)).body.token as string;

      const res = await http(t)
        .post('/api/account_creation_tokens/consume')
        .set('x-api-key', apiKey)
        .set('User-Agent', 'Consumer/2')
        .send({ account_creation_token: token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        token,
        pn_provider: null,
        pn_param: null,
        pn_prid: null,
        used: true,
        account_id: account.id,
        ip: '127.0.0.1',
        user_agent: 'Consumer/2',
        expire_at: null,
      });

      const again = await http(t)
        .post('/api/account_creation_tokens/consume')
        .set('x-api-key', apiKey)
        .send({ account_creation_token: token });
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ message: '' });
    });

    it('needs authentication (401)', async () => {
      expect((await http(t).post('/api/account_creation_tokens/consume').send({ account_creation_token: 'x' })).status).toBe(401);
    });
  });
});

describe('account creation tokens with APP_ACCOUNT_CREATION_TOKEN_EXPIRATION_MINUTES=10', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ APP_ACCOUNT_CREATION_TOKEN_EXPIRATION_MINUTES: '10' });
  });
  afterAll(() => t.close());

  it('expire_at = created_at + 10 minutes', async () => {
    const { apiKey } = await createAccount(t.db, { admin: true });
    const res = await http(t).post('/api/account_creation_tokens').set('x-api-key', apiKey);
    expect(res.status).toBe(201);
    const row = await t.db.getRepository(AccountCreationToken).findOneByOrFail({ token: res.body.token });
    const expected = new Date(row.created_at!.getTime() + 10 * 60_000).toISOString().replace('.000Z', '.000000Z');
    expect(res.body.expire_at).toBe(expected);
  });

  it('an expired token cannot create an account (422), consume does not check expiry (200)', async () => {
    const old = await createToken(t.db, { created_at: minutesAgo(1000) });
    const res = await http(t)
      .post('/api/accounts/with-account-creation-token')
      .send({ username: 'latecomer', password: 'secret', account_creation_token: old.token });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ account_creation_token: ['The provided token is expired'] });

    const { apiKey } = await createAccount(t.db);
    const consumed = await http(t)
      .post('/api/account_creation_tokens/consume')
      .set('x-api-key', apiKey)
      .send({ account_creation_token: old.token });
    expect(consumed.status).toBe(200);
    expect(consumed.body.expire_at).toBe(new Date(old.created_at!.getTime() + 600_000).toISOString().replace('.000Z', '.000000Z'));
  });
});
