import request from 'supertest';
import { ProvisioningToken } from '../../src/account-core/entities/provisioning-token.entity';
import { minutesAgo } from '../../src/database/timestamps';
import { adminWorld, AdminWorld, body } from '../support/admin-world';
import { http } from '../support/fixtures';

const HEADER = 'x-linphone-provisioning';
const MISSING = { message: 'Missing elements to perform the request' };

/**
 * Issue 15 item 2: a replaced provisioning token never comes back. Issuing
 * or using a token marks the account's older unused ones used, in the same
 * transaction; the QR code answers as the token's own URL.
 */
describe('the provisioning token lifecycle', () => {
  let w: AdminWorld;
  beforeAll(async () => {
    w = await adminWorld({ APP_PROVISIONING_TOKEN_EXPIRATION_MINUTES: '10' });
  });
  afterAll(() => w.t.close());

  const xmlRoute = (token: string) => http(w.t).get(`/provisioning/${token}`).set(HEADER, '');
  const qrRoute = (token: string) => http(w.t).get(`/provisioning/qrcode/${token}`).buffer(true);
  const tokens = () => w.t.db.getRepository(ProvisioningToken);
  const answer = (res: request.Response) => [res.status, res.status === 200 ? 'ok' : res.body];

  /** An account made by the admin API (token T1), then `GET /api/accounts/{id}/provision` (T2). */
  async function accountWithTwoTokens(username: string) {
    const created = await w.asAdmin.post('/api/accounts', body({ username, activated: false }));
    expect(created.status).toBe(200);
    const renewed = await w.asAdmin.get(`/api/accounts/${created.body.id}/provision`);
    expect(renewed.status).toBe(200);
    const [t1, t2] = [created.body.provisioning_token as string, renewed.body.provisioning_token as string];
    expect(t2).not.toBe(t1);
    return { id: created.body.id as number, t1, t2 };
  }

  it('the repro: T1 → 404, T2 → 200, then T1 still 404 (never current again)', async () => {
    const { id, t1, t2 } = await accountWithTwoTokens('repro');
    expect(answer(await xmlRoute(t1))).toEqual([404, MISSING]);
    expect(answer(await xmlRoute(t2))).toEqual([200, 'ok']);
    expect(answer(await xmlRoute(t1))).toEqual([404, MISSING]);
    expect(answer(await xmlRoute(t2))).toEqual([404, MISSING]);
    // the account has no current token until a new one is issued
    expect((await w.asAdmin.get(`/api/accounts/${id}`)).body.provisioning_token).toBeNull();
  });

  it('issuing a token marks the older unused ones used, in the database', async () => {
    const { id, t1, t2 } = await accountWithTwoTokens('issued');
    expect((await tokens().findOneByOrFail({ token: t1 })).used).toBe(true);
    expect((await tokens().findOneByOrFail({ token: t2 })).used).toBe(false);
    const third = await w.asAdmin.get(`/api/accounts/${id}/provision`);
    expect((await tokens().findOneByOrFail({ token: t2 })).used).toBe(true);
    expect(await tokens().countBy({ account_id: id, used: false })).toBe(1);
    expect((await tokens().findOneByOrFail({ account_id: id, used: false })).token).toBe(third.body.provisioning_token);
  });

  it('using the current token marks older unused ones used too (rows left unused by earlier versions)', async () => {
    const { id, t1, t2 } = await accountWithTwoTokens('legacy');
    await tokens().update({ token: t1 }, { used: false });
    expect(answer(await xmlRoute(t1))).toEqual([404, { message: '' }]);
    expect(answer(await xmlRoute(t2))).toEqual([200, 'ok']);
    expect(await tokens().countBy({ account_id: id, used: false })).toBe(0);
    expect(answer(await xmlRoute(t1))).toEqual([404, MISSING]);
  });

  describe('the QR code answers as the XML route does, and consumes nothing', () => {
    it('of a replaced token (T1), and of a used one (T2)', async () => {
      const { t1, t2 } = await accountWithTwoTokens('qrcodes');
      expect(answer(await qrRoute(t1))).toEqual(answer(await xmlRoute(t1)));
      expect(answer(await qrRoute(t1))).toEqual([404, MISSING]);

      const shown = await qrRoute(t2);
      expect([shown.status, shown.headers['content-type']]).toEqual([200, 'image/png']);
      expect((await tokens().findOneByOrFail({ token: t2 })).used).toBe(false);
      expect(answer(await xmlRoute(t2))).toEqual([200, 'ok']);
      expect(answer(await qrRoute(t2))).toEqual([404, MISSING]);
    });

    it('of an older token left unused by earlier versions: 404 "" as the XML route', async () => {
      const { t1 } = await accountWithTwoTokens('qrlegacy');
      await tokens().update({ token: t1 }, { used: false });
      expect(answer(await qrRoute(t1))).toEqual([404, { message: '' }]);
      expect(answer(await xmlRoute(t1))).toEqual([404, { message: '' }]);
    });

    it('of an expired token: 410 Expired as the XML route, and it stays unused', async () => {
      const { t2 } = await accountWithTwoTokens('qrexpired');
      await tokens().update({ token: t2 }, { created_at: minutesAgo(1000) });
      expect(answer(await qrRoute(t2))).toEqual([410, { message: 'Expired' }]);
      expect(answer(await xmlRoute(t2))).toEqual([410, { message: 'Expired' }]);
      expect((await tokens().findOneByOrFail({ token: t2 })).used).toBe(false);
    });
  });

  describe('concurrent uses', () => {
    const race = async (urls: string[]) => (await Promise.all(urls.map((token) => xmlRoute(token)))).map((res) => res.status);

    it('10 parallel uses spread across T1 and T2: one 200 (T2), nine 404', async () => {
      const { id, t1, t2 } = await accountWithTwoTokens('parallel');
      const statuses = await race(Array.from({ length: 10 }, (_, i) => (i % 2 ? t2 : t1)));
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 404)).toHaveLength(9);
      expect(await tokens().countBy({ account_id: id, used: false })).toBe(0);
    });

    it('the same when T1 was left unused by an earlier version: at most one 200, both spent after', async () => {
      const { id, t1, t2 } = await accountWithTwoTokens('parallellegacy');
      await tokens().update({ token: t1 }, { used: false });
      const statuses = await race(Array.from({ length: 10 }, (_, i) => (i % 2 ? t2 : t1)));
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
      expect(statuses.every((s) => s === 200 || s === 404)).toBe(true);
      expect(await tokens().countBy({ account_id: id, used: false })).toBe(0);
      expect((await race([t1, t2])).every((s) => s === 404)).toBe(true);
    });

    it('uses of T1 racing new tokens: at most one 200, and one unused token left, the newest', async () => {
      const created = await w.asAdmin.post('/api/accounts', body({ username: 'issuerace', activated: false }));
      const t1 = created.body.provisioning_token as string;
      const [uses, issues] = await Promise.all([
        race(Array.from({ length: 10 }, () => t1)),
        Promise.all(Array.from({ length: 5 }, () => w.asAdmin.get(`/api/accounts/${created.body.id}/provision`))),
      ]);
      expect(issues.map((res) => res.status)).toEqual([200, 200, 200, 200, 200]);
      expect(uses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
      expect(uses.every((s) => s === 200 || s === 404)).toBe(true);
      const unused = await tokens().findBy({ account_id: created.body.id, used: false });
      expect(unused).toHaveLength(1);
      const newest = await tokens().findOneOrFail({ where: { account_id: created.body.id }, order: { id: 'DESC' } });
      expect(unused[0].id).toBe(newest.id);
      expect((await w.asAdmin.get(`/api/accounts/${created.body.id}`)).body.provisioning_token).toBe(newest.token);
    });
  });
});
