import { DOMAIN, startApp, TestApp } from '../../support/app';
import { activateCountries, ageAccount, createAccount, createToken, createValidatedAccount, http } from '../../support/fixtures';
import { Account } from '../../../src/account-core/entities/account.entity';
import { EmailChangeCode } from '../../../src/account-core/entities/email-change-code.entity';
import { PhoneChangeCode } from '../../../src/account-core/entities/phone-change-code.entity';

const MISSING = { message: 'Missing elements to perform the request' };
const wrongOf = (code: string) => String(((Number(code) - 1000 + 1) % 9000) + 1000);
let phoneSeq = 10;
const newPhone = () => `+336123456${++phoneSeq}`;

/** Deviation 23: a pending change survives 5 wrong codes, counted atomically. */
describe('guessing a change code has an end', () => {
  let t: TestApp;
  beforeAll(async () => {
    // the blocking service is off here; it is tested below
    t = await startApp({ BLOCKING_AMOUNT_EVENTS_AUTHORIZED_DURING_PERIOD: '0' });
    await activateCountries(t.db, 'FR');
  });
  afterAll(() => t.close());

  const kinds = {
    email: { entity: EmailChangeCode, value: () => `new${++phoneSeq}@example.org` },
    phone: { entity: PhoneChangeCode, value: newPhone },
  } as const;

  describe.each(Object.keys(kinds) as (keyof typeof kinds)[])('POST /api/accounts/me/%s', (kind) => {
    const { entity, value } = kinds[kind];
    const request = async (apiKey: string, accountId: number) => {
      const res = await http(t)
        .post(`/api/accounts/me/${kind}/request`)
        .set('x-api-key', apiKey)
        .send({ [kind]: value() });
      expect(res.status).toBe(200);
      const row = await t.db.getRepository(entity).findOneOrFail({ where: { account_id: accountId }, order: { id: 'DESC' } });
      return row.code!;
    };
    const confirm = (apiKey: string, code: string) => http(t).post(`/api/accounts/me/${kind}`).set('x-api-key', apiKey).send({ code });

    it('5 wrong codes clear the pending change: the right code then answers 404 as if none were pending', async () => {
      const { apiKey, account } = await createValidatedAccount(t.db);
      const code = await request(apiKey, account.id);
      for (let i = 0; i < 5; i++) {
        const res = await confirm(apiKey, wrongOf(code));
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ message: '' });
      }
      const res = await confirm(apiKey, code);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(MISSING);
      const me = await http(t).get('/api/accounts/me').set('x-api-key', apiKey);
      expect(me.body[kind]).toBe(account[kind]);
      expect(me.body[`${kind}_change_code`] ?? null).toBeNull();
      // the row stays as an event of the blocking service, its code gone
      expect(await t.db.getRepository(entity).findBy({ account_id: account.id })).toEqual([
        expect.objectContaining({ code: null, attempts: 5 }),
      ]);
    });

    it('4 wrong codes leave the change pending: the right code still applies it', async () => {
      const { apiKey, account } = await createValidatedAccount(t.db);
      const code = await request(apiKey, account.id);
      for (let i = 0; i < 4; i++) expect((await confirm(apiKey, wrongOf(code))).status).toBe(403);
      expect((await confirm(apiKey, code)).status).toBe(200);
    });

    it('a new code for the same pending change does not buy more tries; a new change after a cleared one does', async () => {
      const { apiKey, account } = await createValidatedAccount(t.db);
      const first = await request(apiKey, account.id);
      for (let i = 0; i < 3; i++) expect((await confirm(apiKey, wrongOf(first))).status).toBe(403);
      const second = await request(apiKey, account.id);
      for (let i = 0; i < 2; i++) expect((await confirm(apiKey, wrongOf(second))).status).toBe(403);
      expect((await confirm(apiKey, second)).status).toBe(404);

      const third = await request(apiKey, account.id);
      expect((await confirm(apiKey, third)).status).toBe(200);
    });

    it('20 parallel wrong codes get 5 tries in all (403), the others 404', async () => {
      const { apiKey, account } = await createValidatedAccount(t.db);
      const code = await request(apiKey, account.id);
      const answers = await Promise.all(Array.from({ length: 20 }, () => confirm(apiKey, wrongOf(code))));
      const statuses = answers.map((res) => res.status).sort();
      expect(statuses).toEqual([...Array(5).fill(403), ...Array(15).fill(404)]);
      expect((await confirm(apiKey, code)).status).toBe(404);
    });
  });
});

describe('a cleared change still counts for the blocking service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ BLOCKING_AMOUNT_EVENTS_AUTHORIZED_DURING_PERIOD: '2' });
  });
  afterAll(() => t.close());

  it('request, 5 wrong codes, request again, 5 wrong codes: the third request blocks the account', async () => {
    const { apiKey, account } = await createValidatedAccount(t.db);
    await ageAccount(t.db, account.id);
    for (let round = 0; round < 2; round++) {
      expect(
        (
          await http(t)
            .post('/api/accounts/me/email/request')
            .set('x-api-key', apiKey)
            .send({ email: `r${round}@example.org` })
        ).status,
      ).toBe(200);
      for (let i = 0; i < 5; i++) {
        expect((await http(t).post('/api/accounts/me/email').set('x-api-key', apiKey).send({ code: '0000' })).status).toBe(403);
      }
    }
    const res = await http(t).post('/api/accounts/me/email/request').set('x-api-key', apiKey).send({ email: 'r2@example.org' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Account blocked' });
    expect(await t.db.getRepository(Account).findOneByOrFail({ id: account.id })).toMatchObject({ blocked: true });
  });
});

/** The PIN of the deprecated phone routes (accounts.md §8.4, §8.5): the same 5 tries. */
describe('guessing a recovery or activation PIN has an end', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ APP_DANGEROUS_ENDPOINTS: 'true' });
    await activateCountries(t.db, 'FR');
  });
  afterAll(() => t.close());

  const accountWithPhone = async () => {
    const phone = newPhone();
    const fixture = await createAccount(t.db, { activated: false });
    await t.db.getRepository(Account).update({ id: fixture.account.id }, { phone });
    return { ...fixture, phone, sip: `${fixture.account.username}@${DOMAIN}` };
  };
  const recoverByPhone = async (phone: string, accountId: number) => {
    const { token } = await createToken(t.db);
    const res = await http(t).post('/api/accounts/recover-by-phone').send({ phone, account_creation_token: token });
    expect(res.status).toBe(200);
    return (await t.db.getRepository(Account).findOneByOrFail({ id: accountId })).confirmation_key!;
  };
  const recover = (sip: string, key: string) => http(t).get(`/api/accounts/${sip}/recover/${key}`);

  describe('GET /api/accounts/{sip}/recover/{recovery_key}', () => {
    it('5 wrong PINs clear it: the right one then answers 404, and the account stays as it was', async () => {
      const { account, phone, sip } = await accountWithPhone();
      const pin = await recoverByPhone(phone, account.id);
      for (let i = 0; i < 5; i++) expect((await recover(sip, wrongOf(pin))).status).toBe(404);
      const res = await recover(sip, pin);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(MISSING);
      expect(await t.db.getRepository(Account).findOneByOrFail({ id: account.id })).toMatchObject({
        activated: false,
        confirmation_key: null,
      });
    });

    it('a new recovery PIN gets its own tries; fewer than 5 wrong ones leave it usable', async () => {
      const { account, phone, sip } = await accountWithPhone();
      const spent = await recoverByPhone(phone, account.id);
      for (let i = 0; i < 5; i++) await recover(sip, wrongOf(spent));
      const pin = await recoverByPhone(phone, account.id);
      for (let i = 0; i < 4; i++) expect((await recover(sip, wrongOf(pin))).status).toBe(404);
      const res = await recover(sip, pin);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: account.id, activated: true });
    });

    it('20 parallel wrong PINs spend the 5 tries once: the right one then fails', async () => {
      const { account, phone, sip } = await accountWithPhone();
      const pin = await recoverByPhone(phone, account.id);
      const answers = await Promise.all(Array.from({ length: 20 }, () => recover(sip, wrongOf(pin))));
      expect(answers.every((res) => res.status === 404)).toBe(true);
      expect(await t.db.getRepository(Account).findOneByOrFail({ id: account.id })).toMatchObject({
        confirmation_key: null,
        confirmation_key_attempts: 5,
      });
      expect((await recover(sip, pin)).status).toBe(404);
    });
  });

  describe('POST /api/accounts/{sip}/activate/phone', () => {
    const activate = (sip: string, code: string) => http(t).post(`/api/accounts/${sip}/activate/phone`).send({ confirmation_key: code });

    it('5 wrong PINs clear it: the right one then answers 404', async () => {
      const { account, phone, sip } = await accountWithPhone();
      const pin = await recoverByPhone(phone, account.id);
      for (let i = 0; i < 5; i++) expect((await activate(sip, wrongOf(pin))).status).toBe(404);
      expect((await activate(sip, pin)).status).toBe(404);
    });

    it('a 13-character key (mailed link) is not counted', async () => {
      const { account, sip } = await accountWithPhone();
      await t.db.getRepository(Account).update({ id: account.id }, { confirmation_key: 'AbCdEfGhIjKlM' });
      for (let i = 0; i < 6; i++) {
        expect((await http(t).post(`/api/accounts/${sip}/activate/email`).send({ confirmation_key: 'ZzZzZzZzZzZzZ' })).status).toBe(404);
      }
      expect((await http(t).post(`/api/accounts/${sip}/activate/email`).send({ confirmation_key: 'AbCdEfGhIjKlM' })).status).toBe(200);
    });
  });
});
