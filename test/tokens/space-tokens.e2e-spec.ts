import { DOMAIN, HOST, startApp, TestApp } from '../support/app';
import { AccountFixture, activateCountries, createAccount, createSpace, createToken, http } from '../support/fixtures';
import { Account } from '../../src/account-core/entities/account.entity';
import { AccountCreationToken } from '../../src/tokens/entities/account-creation-token.entity';
import { Space } from '../../src/account-core/entities/space.entity';
import { randomToken } from '../../src/common/random';

const B = 'b.example.org';
const SUPER = 'super.example.org';
const PHONE_A = '+33612345601';
const PHONE_B = '+33612345602';

/** Deviation 22: a creation token belongs to the Space it was made in. */
describe('account creation tokens per Space', () => {
  let t: TestApp;
  let spaceA: Space;
  let spaceB: Space;
  let spaceSuper: Space;
  let adminA: AccountFixture;
  let superAdmin: AccountFixture;
  let userA: AccountFixture;
  let userB: AccountFixture;

  beforeAll(async () => {
    t = await startApp({ APP_DANGEROUS_ENDPOINTS: 'true' });
    await activateCountries(t.db, 'FR');
    spaceA = await t.db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
    spaceB = await createSpace(t.db, B);
    spaceSuper = await createSpace(t.db, SUPER, { super: true });
    adminA = await createAccount(t.db, { admin: true });
    superAdmin = await createAccount(t.db, { admin: true, domain: SUPER });
    userA = await createAccount(t.db);
    userB = await createAccount(t.db, { domain: B });
    for (const [fixture, phone] of [
      [userA, PHONE_A],
      [userB, PHONE_B],
    ] as const) {
      await t.db.getRepository(Account).update({ id: fixture.account.id }, { phone });
    }
  });
  afterAll(() => t.close());

  const tokenMadeBy = async (admin: AccountFixture, host: string): Promise<string> => {
    const res = await http(t).post('/api/account_creation_tokens', host).set('x-api-key', admin.apiKey);
    expect(res.status).toBe(201);
    return res.body.token as string;
  };
  const unknownToken = () => randomToken(13);
  let seq = 0;

  /** Each route that reads a creation token, as an anonymous client or a user of the host's Space. */
  const routes: Record<string, (token: string, host: string) => Promise<{ status: number; text: string }>> = {
    'POST /api/accounts/with-account-creation-token': (token, host) =>
      http(t)
        .post('/api/accounts/with-account-creation-token', host)
        .send({ username: `tok${++seq}`, password: 'secret', algorithm: 'SHA-256', account_creation_token: token }),
    'POST /api/account_creation_tokens/consume': (token, host) =>
      http(t)
        .post('/api/account_creation_tokens/consume', host)
        .set('x-api-key', host === HOST ? userA.apiKey : userB.apiKey)
        .send({ account_creation_token: token }),
    'POST /api/accounts/public': (token, host) =>
      http(t)
        .post('/api/accounts/public', host)
        .send({
          username: `pub${++seq}`,
          password: 'secret',
          algorithm: 'SHA-256',
          email: `p${seq}@example.org`,
          account_creation_token: token,
        }),
    'POST /api/accounts/recover-by-phone': (token, host) =>
      http(t)
        .post('/api/accounts/recover-by-phone', host)
        .send({ phone: host === HOST ? PHONE_A : PHONE_B, account_creation_token: token }),
  };

  describe.each(Object.keys(routes))('%s', (route) => {
    const use = routes[route];

    it("answers another Space's token exactly as an unknown one, and it still works in its own Space", async () => {
      const token = await tokenMadeBy(adminA, HOST);
      const foreign = await use(token, B);
      const unknown = await use(unknownToken(), B);
      expect(foreign.status).toBeGreaterThanOrEqual(400);
      expect(foreign.status).toBe(unknown.status);
      expect(foreign.text).toBe(unknown.text);
      expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ token })).toMatchObject({ used: false, account_id: null });

      const own = await use(token, HOST);
      expect(own.status).toBe(200);
      expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ token })).toMatchObject({ used: true });
    });

    it('a token without Space (made before Spaces owned tokens) is unknown in a normal Space', async () => {
      const { token } = await createToken(t.db, { space_id: null });
      const legacy = await use(token, B);
      const unknown = await use(unknownToken(), B);
      expect(legacy.status).toBe(unknown.status);
      expect(legacy.text).toBe(unknown.text);
    });
  });

  describe('POST /api/account_creation_tokens', () => {
    it("records the admin's request Space", async () => {
      const token = await tokenMadeBy(adminA, HOST);
      expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ token })).toMatchObject({ space_id: spaceA.id });
    });

    it("a super admin's token made on another Space's host belongs to that Space, not to the super admin's own", async () => {
      const token = await tokenMadeBy(superAdmin, B);
      expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ token })).toMatchObject({ space_id: spaceB.id });
      const create = (host: string) => routes['POST /api/accounts/with-account-creation-token'](token, host);
      const onSuper = await create(SUPER);
      const unknown = await routes['POST /api/accounts/with-account-creation-token'](unknownToken(), SUPER);
      expect(onSuper.status).toBe(unknown.status);
      expect(onSuper.text).toBe(unknown.text);
      expect((await create(B)).status).toBe(200);
    });
  });

  it('a token without Space is usable from a super Space', async () => {
    const { token } = await createToken(t.db, { space_id: null });
    const res = await routes['POST /api/accounts/with-account-creation-token'](token, SUPER);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ domain: SUPER });
    expect(spaceSuper.super).toBe(true);
  });

  it("a super Space does not take another Space's token", async () => {
    const token = await tokenMadeBy(adminA, HOST);
    const res = await routes['POST /api/accounts/with-account-creation-token'](token, SUPER);
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text).errors).toEqual({ account_creation_token: ['Please provide a valid account_creation_token'] });
  });
});
