import { Account } from '../../../src/account-core/entities/account.entity';
import { AccountDictionaryEntry } from '../../../src/account-core/entities/account-dictionary-entry.entity';
import { ActivationExpiration } from '../../../src/account-core/entities/activation-expiration.entity';
import { Password } from '../../../src/account-core/entities/password.entity';
import { ProvisioningToken } from '../../../src/account-core/entities/provisioning-token.entity';
import { activateCountries, count } from '../../support/fixtures';
import { adminWorld, AdminWorld, body } from '../../support/admin-world';

/** [what, body fields over a valid body, the fields expected in `errors`] */
const CASES: [string, Record<string, unknown>, string[]][] = [
  ['missing everything', { username: undefined, password: undefined, algorithm: undefined }, ['username', 'password', 'algorithm']],
  ['username: boolean', { username: true }, ['username']],
  ['username: object', { username: { a: 'b' } }, ['username']],
  ['username: list', { username: ['john'] }, ['username']],
  ['username: empty list', { username: [] }, ['username']],
  ['username: Cyrillic', { username: 'жора' }, ['username']],
  ['username: emoji', { username: '🔥🔥' }, ['username']],
  ['username: zero-width space', { username: 'jo\u200bhn' }, ['username']],
  ['username: right-to-left', { username: 'שלום' }, ['username']],
  ['username: 65 characters', { username: 'a'.repeat(65) }, ['username']],
  ['username: 10k characters', { username: 'a'.repeat(10_000) }, ['username']],
  ['username: null', { username: null }, ['username']],
  ['username: spaces only', { username: '   ' }, ['username']],
  ['domain: number', { domain: 5 }, ['domain']],
  ['domain: object', { domain: { like: '%' } }, ['domain']],
  ['domain: null', { domain: null }, ['domain']],
  ['password: object', { password: { a: 1 } }, ['password']],
  ['password: empty list', { password: [] }, ['password']],
  ['password: too short', { password: 'ab' }, ['password']],
  ['algorithm: number', { algorithm: 256 }, ['algorithm']],
  ['algorithm: lower case', { algorithm: 'md5' }, ['algorithm']],
  ['algorithm: list', { algorithm: ['MD5'] }, ['algorithm']],
  ['email: number', { email: 5 }, ['email']],
  ['email: object', { email: { a: 'b@c' } }, ['email']],
  ['email: no at', { email: 'blabla' }, ['email']],
  ['email: 65 characters', { email: `${'a'.repeat(53)}@example.org` }, ['email']],
  ['display_name: 256 characters', { display_name: 'x'.repeat(256) }, ['display_name']],
  ['display_name: object', { display_name: { a: 1 } }, ['display_name']],
  ['dtmf_protocol: number', { dtmf_protocol: 1 }, ['dtmf_protocol']],
  ['dtmf_protocol: upper case', { dtmf_protocol: 'SIPINFO' }, ['dtmf_protocol']],
  ['phone: number', { phone: 33612121212 }, ['phone']],
  ['phone: object', { phone: { n: '+33612121212' } }, ['phone']],
  ['phone: too long', { phone: `+336121212${'1'.repeat(80)}` }, ['phone']],
  ['phone: too short', { phone: '+1234' }, ['phone']],
  ['admin: "true"', { admin: 'true' }, ['admin']],
  ['admin: 2', { admin: 2 }, ['admin']],
  ['activated: object', { activated: {} }, ['activated']],
  ['confirmation_key_expires: month 13', { confirmation_key_expires: '2040-13-01 00:00:00' }, ['confirmation_key_expires']],
  ['confirmation_key_expires: date only', { confirmation_key_expires: '2040-12-12' }, ['confirmation_key_expires']],
  ['confirmation_key_expires: number', { confirmation_key_expires: 20401212 }, ['confirmation_key_expires']],
  ['dictionary: 256-character value', { dictionary: { k: 'v'.repeat(256) } }, ['dictionary']],
  ['dictionary: 256-character key', { dictionary: { ['k'.repeat(256)]: 'v' } }, ['dictionary']],
  ['dictionary: number', { dictionary: 5 }, ['dictionary']],
  ['dictionary: null value', { dictionary: { k: null } }, ['dictionary']],
];

describe('bad input: nothing is written', () => {
  let w: AdminWorld;
  let serial = 0;
  beforeAll(async () => {
    w = await adminWorld();
    await activateCountries(w.t.db, 'FR');
  });
  afterAll(() => w.t.close());

  const snapshot = async () =>
    Promise.all([Account, Password, ProvisioningToken, AccountDictionaryEntry, ActivationExpiration].map((e) => count(w.t.db, e)));

  it.each(CASES)('POST /api/accounts, %s → 422', async (_what, fields, errors) => {
    const before = await snapshot();
    const payload = Object.fromEntries(
      Object.entries(body({ username: `baddie${++serial}`, ...fields })).filter(([, v]) => v !== undefined),
    );
    const res = await w.asAdmin.post('/api/accounts', payload);
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(errors);
    expect(typeof res.body.message).toBe('string');
    expect(await snapshot()).toEqual(before);
  });

  it.each(CASES.filter(([what]) => !what.startsWith('password') && !what.startsWith('confirmation')))(
    'PUT /api/accounts/{id}, %s → 422, row unchanged',
    async (_what, fields, errors) => {
      const created = await w.asAdmin.post(
        '/api/accounts',
        body({ username: `target${Math.random().toString(36).slice(2, 8)}`, dictionary: { keep: 'me' } }),
      );
      expect(created.status).toBe(200);
      const stored = await w.t.db.getRepository(Account).findOneByOrFail({ id: created.body.id });
      const before = await snapshot();
      const payload = Object.fromEntries(
        Object.entries(body({ username: created.body.username, ...fields })).filter(([, v]) => v !== undefined),
      );
      const res = await w.asAdmin.put(`/api/accounts/${created.body.id}`, payload);
      expect(res.status).toBe(422);
      // PUT has no password requirement
      expect(Object.keys(res.body.errors)).toEqual(errors.filter((f) => f !== 'password'));
      expect(await snapshot()).toEqual(before);
      expect(await w.t.db.getRepository(Account).findOneByOrFail({ id: created.body.id })).toEqual(stored);
    },
  );

  it('accepts a numeric username as its text', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 123456 }));
    expect(res.status).toBe(200);
    expect(res.body.username).toBe('123456');
  });

  it('answers 400 to a body that is not JSON', async () => {
    const before = await snapshot();
    const res = await w.asAdmin.post('/api/accounts').set('Content-Type', 'application/json').send('{"username": "x",');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^Invalid JSON/);
    expect(await snapshot()).toEqual(before);
  });

  it('treats a JSON list body as an empty input', async () => {
    const res = await w.asAdmin.post('/api/accounts', ['username', 'john']);
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(['username', 'password', 'algorithm']);
  });
});
