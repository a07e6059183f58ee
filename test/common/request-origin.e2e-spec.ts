import { Account } from '../../src/account-core/entities/account.entity';
import { EmailChangeCode } from '../../src/account-core/entities/email-change-code.entity';
import { PhoneChangeCode } from '../../src/account-core/entities/phone-change-code.entity';
import { ProvisioningToken } from '../../src/account-core/entities/provisioning-token.entity';
import { AuthToken } from '../../src/auth/entities/auth-token.entity';
import { now } from '../../src/database/timestamps';
import { Space } from '../../src/account-core/entities/space.entity';
import { AccountCreationRequestToken } from '../../src/tokens/entities/account-creation-request-token.entity';
import { AccountCreationToken } from '../../src/tokens/entities/account-creation-token.entity';
import { as, body } from '../support/admin-world';
import { DOMAIN, startApp, TestApp } from '../support/app';
import { activateCountries, ageAccount, createAccount, createToken, createValidatedAccount, http } from '../support/fixtures';
import { FakePusher, fakePusher } from '../support/pusher';

/** 2,000 characters: MariaDB refused it (500) where it went unchecked; SQLite stored it whole. */
const LONG_AGENT = `Agent/${'x'.repeat(1994)}`;
const STORED = LONG_AGENT.slice(0, 255);

/** An origin as a row records it. */
type Row = { ip: string | null; user_agent: string | null };
const origin = (row: Row | { ip_address: string; user_agent: string }) => ({
  ip: 'ip' in row ? row.ip : row.ip_address,
  user_agent: row.user_agent,
});

/**
 * Issue 15, item 11: every route that records the request's User-Agent cuts
 * it to 255 characters (the ip to 45), through one helper
 * (src/common/request-origin.ts), on both engines.
 */
describe('a long User-Agent is cut to 255 characters on every route that records it', () => {
  let t: TestApp;
  let pusher: FakePusher;
  let admin: ReturnType<typeof as>;
  let n = 0;
  beforeAll(async () => {
    pusher = fakePusher();
    t = await startApp({ ...pusher.env, APP_DANGEROUS_ENDPOINTS: 'true' });
    await activateCountries(t.db, 'FR');
    admin = as(t, (await createAccount(t.db, { username: 'admin', admin: true })).apiKey);
  });
  afterAll(async () => {
    await t.close();
    pusher.close();
  });

  const long = { 'User-Agent': LONG_AGENT };
  const expected = { ip: '127.0.0.1', user_agent: STORED };
  const tokens = () => t.db.getRepository(AccountCreationToken);
  const provisioningTokens = (accountId: number) =>
    t.db.getRepository(ProvisioningToken).find({ where: { account_id: accountId }, order: { id: 'ASC' } });
  /** a validated account out of the blocking period, ready to ask for codes */
  const user = async () => {
    const fixture = await createValidatedAccount(t.db, { username: `user${++n}` });
    await ageAccount(t.db, fixture.account.id);
    return fixture;
  };

  it('POST /api/account_creation_tokens', async () => {
    const res = await admin.post('/api/account_creation_tokens', {}, long);
    expect([res.status, res.body.user_agent]).toEqual([201, STORED]);
    expect(origin(await tokens().findOneByOrFail({ token: res.body.token }))).toEqual(expected);
  });

  it('POST /api/account_creation_tokens/send-by-push', async () => {
    const res = await http(t)
      .post('/api/account_creation_tokens/send-by-push')
      .set(long)
      .send({ pn_provider: 'fcm', pn_param: 'app', pn_prid: 'device-1' });
    expect(res.status).toBe(200);
    const argv = pusher.calls().at(-1)!;
    const { token } = JSON.parse(argv[argv.indexOf('--customPayload') + 1]) as { token: string };
    expect(origin(await tokens().findOneByOrFail({ token }))).toEqual(expected);
  });

  it('POST /api/account_creation_tokens/consume', async () => {
    const { apiKey } = await createAccount(t.db, { username: `consumer${++n}` });
    const token = await createToken(t.db);
    const res = await http(t)
      .post('/api/account_creation_tokens/consume')
      .set('x-api-key', apiKey)
      .set(long)
      .send({ account_creation_token: token.token });
    expect([res.status, res.body.user_agent]).toEqual([200, STORED]);
    expect(origin(await tokens().findOneByOrFail({ id: token.id }))).toEqual(expected);
  });

  it('POST /api/account_creation_tokens/using-account-creation-request-token', async () => {
    const space = await t.db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
    const request = await t.db
      .getRepository(AccountCreationRequestToken)
      .save({ token: 'Rq1234567890a', used: false, validated_at: now(), space_id: space.id });
    const res = await http(t)
      .post('/api/account_creation_tokens/using-account-creation-request-token')
      .set(long)
      .send({ account_creation_request_token: request.token });
    expect([res.status, res.body.user_agent]).toEqual([201, STORED]);
    expect(origin(await tokens().findOneByOrFail({ token: res.body.token }))).toEqual(expected);
  });

  it('POST /api/accounts/auth_token', async () => {
    const res = await http(t).post('/api/accounts/auth_token').set(long);
    expect([res.status, res.body.user_agent]).toEqual([201, STORED]);
    expect(origin(await t.db.getRepository(AuthToken).findOneByOrFail({ id: res.body.id }))).toEqual(expected);
  });

  it('POST /api/accounts (admin): the account and its provisioning token', async () => {
    const res = await admin.post('/api/accounts', body({ username: `created${++n}` }), long);
    expect([res.status, res.body.user_agent]).toEqual([200, STORED]);
    expect(origin(await t.db.getRepository(Account).findOneByOrFail({ id: res.body.id }))).toEqual(expected);
    expect((await provisioningTokens(res.body.id)).map(origin)).toEqual([expected]);
  });

  it('PUT /api/accounts/{id} (admin)', async () => {
    const { account } = await createAccount(t.db, { username: `updated${++n}` });
    const res = await admin.put(`/api/accounts/${account.id}`, body({ username: account.username }), long);
    expect([res.status, res.body.user_agent]).toEqual([200, STORED]);
    expect((await t.db.getRepository(Account).findOneByOrFail({ id: account.id })).user_agent).toBe(STORED);
  });

  it('GET /api/accounts/{id}/provision (admin) and GET /api/accounts/me/provision: the new provisioning token', async () => {
    const { account, apiKey } = await createAccount(t.db, { username: `provisioned${++n}` });
    expect((await admin.get(`/api/accounts/${account.id}/provision`, undefined, long)).status).toBe(200);
    expect((await provisioningTokens(account.id)).at(-1)).toMatchObject(expected);
    const mine = await http(t).get('/api/accounts/me/provision').set('x-api-key', apiKey).set(long);
    expect(mine.status).toBe(200);
    expect((await provisioningTokens(account.id)).at(-1)).toMatchObject(expected);
  });

  it('POST /api/accounts/with-account-creation-token: the provisioning token (the account records APP_NAME)', async () => {
    const token = await createToken(t.db);
    const res = await http(t)
      .post('/api/accounts/with-account-creation-token')
      .set(long)
      .send({ username: `signup${++n}`, password: 'secret', algorithm: 'SHA-256', account_creation_token: token.token });
    expect(res.status).toBe(200);
    expect((await provisioningTokens(res.body.id)).map(origin)).toEqual([expected]);
  });

  it('POST /api/accounts/public (APP_DANGEROUS_ENDPOINTS)', async () => {
    const token = await createToken(t.db);
    const res = await http(t)
      .post('/api/accounts/public')
      .set(long)
      .send({
        username: `public${++n}`,
        email: `public${n}@example.org`,
        password: 'secret',
        algorithm: 'SHA-256',
        account_creation_token: token.token,
      });
    expect([res.status, res.body.user_agent]).toEqual([200, STORED]);
    expect(origin(await t.db.getRepository(Account).findOneByOrFail({ id: res.body.id }))).toEqual(expected);
  });

  it('POST /api/accounts/me/email/request and /phone/request: the pending change', async () => {
    const { apiKey, account } = await user();
    expect(
      (
        await http(t)
          .post('/api/accounts/me/email/request')
          .set('x-api-key', apiKey)
          .set(long)
          .send({ email: `new${n}@example.org` })
      ).status,
    ).toBe(200);
    expect(origin(await t.db.getRepository(EmailChangeCode).findOneByOrFail({ account_id: account.id }))).toEqual(expected);
    expect(
      (await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).set(long).send({ phone: '+33612345678' })).status,
    ).toBe(200);
    expect(origin(await t.db.getRepository(PhoneChangeCode).findOneByOrFail({ account_id: account.id }))).toEqual(expected);
  });
});
