import { Account } from '../../src/account-core/entities/account.entity';
import { EmailChangeCode } from '../../src/account-core/entities/email-change-code.entity';
import { Password } from '../../src/account-core/entities/password.entity';
import { count, createAccount, createToken, createValidatedAccount, http } from '../support/fixtures';
import { adminWorld, AdminWorld, as, body } from '../support/admin-world';

/** Control characters inside an address (deviation 27); the input normaliser trims only whitespace at the ends. */
const CONTROL_EMAILS = [
  'a\u0000b@example.org',
  'ab@exa\u0000mple.org',
  'ab@example.org\u0000',
  'a\rb@example.org',
  'a\nb@example.org',
  'ab@example.org\r\nBcc: victim@example.org',
  'a\tb@example.org',
  'a\u007fb@example.org',
  'a\u0085b@example.org',
];

const EMAIL_MESSAGE = ['The email must be a valid email address.'];
const PASSWORD_MESSAGE = ['The password may not be greater than 255 characters.'];

describe('emails without control characters, passwords of at most 255 characters (deviation 27)', () => {
  let w: AdminWorld;
  let serial = 0;
  const name = () => `ctl${++serial}`;
  beforeAll(async () => {
    w = await adminWorld({ APP_DANGEROUS_ENDPOINTS: 'true' });
  });
  afterAll(() => w.t.close());

  const snapshot = async () => Promise.all([count(w.t.db, Account), count(w.t.db, Password), count(w.t.db, EmailChangeCode)]);

  type Send = (fields: Record<string, unknown>) => Promise<{ status: number; body: { errors?: Record<string, string[]> } }>;

  /** Every route that takes an email or a password: `prepare` writes what the request needs and gives it, body otherwise valid. */
  const routes: { route: string; fields: string[]; prepare: () => Promise<Send> }[] = [
    {
      route: 'POST /api/accounts',
      fields: ['email', 'password'],
      prepare: () => Promise.resolve<Send>((f) => w.asAdmin.post('/api/accounts', body({ username: name(), ...f }))),
    },
    {
      route: 'PUT /api/accounts/{id}',
      fields: ['email', 'password'],
      prepare: async () => {
        const { account } = await createAccount(w.t.db, { username: name() });
        return (f) => w.asAdmin.put(`/api/accounts/${account.id}`, { username: account.username, algorithm: 'SHA-256', ...f });
      },
    },
    {
      route: 'POST /api/accounts/with-account-creation-token',
      fields: ['email', 'password'],
      prepare: async () => {
        const { token } = await createToken(w.t.db);
        return (f) =>
          http(w.t)
            .post('/api/accounts/with-account-creation-token')
            .send({ ...body({ username: name() }), account_creation_token: token, ...f });
      },
    },
    {
      route: 'POST /api/accounts/public',
      fields: ['email', 'password'],
      prepare: async () => {
        const { token } = await createToken(w.t.db);
        return (f) =>
          http(w.t)
            .post('/api/accounts/public')
            .send({ ...body({ username: name(), email: `${name()}@example.org` }), account_creation_token: token, ...f });
      },
    },
    {
      route: 'POST /api/accounts/me/email/request',
      fields: ['email'],
      prepare: async () => {
        const { apiKey } = await createValidatedAccount(w.t.db, { username: name() });
        return (f) => as(w.t, apiKey).post('/api/accounts/me/email/request', f);
      },
    },
    {
      route: 'POST /api/accounts/me/password',
      fields: ['password'],
      prepare: async () => {
        const user = await createAccount(w.t.db, { username: name() });
        return (f) => as(w.t, user.apiKey).post('/api/accounts/me/password', { algorithm: 'SHA-256', old_password: user.password, ...f });
      },
    },
  ];

  describe.each(routes.filter((r) => r.fields.includes('email')))('$route', ({ prepare }) => {
    it.each(CONTROL_EMAILS)('email %j → the email 422, nothing written', async (email) => {
      const send = await prepare();
      const before = await snapshot();
      const res = await send({ email });
      expect({ status: res.status, email: res.body.errors?.email }).toEqual({ status: 422, email: EMAIL_MESSAGE });
      expect(await snapshot()).toEqual(before);
    });
  });

  describe.each(routes.filter((r) => r.fields.includes('password')))('$route', ({ prepare }) => {
    it.each([
      ['256 characters', 'p'.repeat(256)],
      ['256 characters, 4-byte ones', '🔑'.repeat(256)],
      ['100,000 characters', 'p'.repeat(100_000)],
    ])('password of %s → the max 422, nothing written', async (_what, password) => {
      const send = await prepare();
      const before = await snapshot();
      const res = await send({ password });
      expect({ status: res.status, password: res.body.errors?.password }).toEqual({ status: 422, password: PASSWORD_MESSAGE });
      expect(await snapshot()).toEqual(before);
    });

    it('password of 255 characters is accepted', async () => {
      const res = await (await prepare())({ password: 'p'.repeat(255) });
      expect(res.status).toBeLessThan(300);
    });
  });

  it.each([[[]], [{}], [['secret']], [{ a: 'secret' }]])(
    'POST /api/accounts/me/password with password %j → 422, the password unchanged',
    async (password) => {
      const user = await createAccount(w.t.db, { username: name() });
      const before = await w.t.db.getRepository(Password).findBy({ account_id: user.account.id });
      const res = await as(w.t, user.apiKey).post('/api/accounts/me/password', {
        algorithm: 'SHA-256',
        old_password: user.password,
        password,
      });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual(['password']);
      expect(await w.t.db.getRepository(Password).findBy({ account_id: user.account.id })).toEqual(before);
    },
  );
});
