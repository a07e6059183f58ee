import jwt from 'jsonwebtoken';
import { startApp, TestApp } from '../support/app';
import { createSpace, http } from '../support/fixtures';
import { Account } from '../../src/account-core/entities/account.entity';
import { envOf, runCli } from '../support/cli';
import { rsaPair } from '../support/jwt';

const SUPER = 'super.example.org';

/** Issue 7, item 10: console admins share no email a JWT could name. */
describe('accounts:create-admin-account and JWT', () => {
  const keys = rsaPair();
  const sign = (claims: object) => jwt.sign(claims, keys.privateKey, { algorithm: 'RS256' });
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ JWT_RSA_PUBLIC_KEY_PEM: keys.publicKey });
    await createSpace(t.db, SUPER, { super: true });
    const result = await runCli(
      envOf(t.settings),
      process.cwd(),
      'accounts:create-admin-account',
      '-u',
      'root',
      '-p',
      'secret',
      '-d',
      SUPER,
    );
    expect(result.code).toBe(0);
  });
  afterAll(() => t.close());

  it('gives the admin no email', async () => {
    expect(await t.db.getRepository(Account).findOneByOrFail({ username: 'root', domain: SUPER })).toMatchObject({ email: null });
  });

  it.each(['admin_test@sip.example.org', `admin_test@${SUPER}`])('a JWT whose only claim is the email %s is refused', async (email) => {
    const res = await http(t)
      .get('/api/spaces', SUPER)
      .set('Authorization', `Bearer ${sign({ email })}`);
    // auth.md §1: a JWT naming no one in the system
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'The JWT token is not related to someone in the system' });
  });

  it("the admin's own SIP identity still logs it in", async () => {
    const res = await http(t)
      .get('/api/spaces', SUPER)
      .set('Authorization', `Bearer ${sign({ sip_identity: `sip:root@${SUPER}` })}`);
    expect(res.status).toBe(200);
  });
});
