import { PhoneCountry } from '../../src/phone-countries/entities/phone-country.entity';
import { createAccount, http } from '../support/fixtures';
import { adminWorld, AdminWorld, as, body } from '../support/admin-world';

describe('phone countries', () => {
  let w: AdminWorld;
  beforeAll(async () => {
    w = await adminWorld();
  });
  afterAll(() => w.t.close());

  const activated = async () =>
    (await w.t.db.getRepository(PhoneCountry).find({ where: { activated: true }, order: { code: 'ASC' } })).map((c) => c.code);

  it('GET /api/phone_countries and /api/phones_countries: every row, code order, any Host, public', async () => {
    for (const path of ['/api/phone_countries', '/api/phones_countries']) {
      for (const host of ['localhost', 'unknown.host']) {
        const res = await http(w.t).get(path, host);
        expect([path, host, res.status]).toEqual([path, host, 200]);
        expect(res.body).toHaveLength(232);
        expect(res.body[0]).toEqual({ code: 'AD', country_code: '376', activated: false });
        expect(res.body.find((c: { code: string }) => c.code === 'FR')).toEqual({ code: 'FR', country_code: '33', activated: false });
        const codes = res.body.map((c: { code: string }) => c.code);
        expect(codes).toEqual([...codes].sort());
      }
    }
  });

  it('activates and deactivates every country sharing the dialling code (super admin)', async () => {
    const gb = await w.asSuper.post('/api/phone_countries/GB/activate');
    expect(gb.status).toBe(200);
    expect(gb.body.map((c: { code: string }) => c.code)).toEqual(['GB', 'GG', 'IM', 'JE']);
    expect(gb.body.every((c: { activated: boolean; country_code: string }) => c.activated && c.country_code === '44')).toBe(true);
    expect(await activated()).toEqual(['GB', 'GG', 'IM', 'JE']);

    const us = await w.asSuper.post('/api/phone_countries/us/activate');
    expect(us.status).toBe(200);
    expect(us.body.length).toBeGreaterThan(10);
    expect(us.body.every((c: { country_code: string }) => c.country_code === '1')).toBe(true);

    const off = await w.asSuper.post('/api/phone_countries/JE/deactivate');
    expect(off.status).toBe(200);
    expect(await activated()).not.toContain('GB');
    expect((await w.asSuper.post('/api/phone_countries/ZZ/activate')).status).toBe(404);
  });

  it('activate_all / deactivate_all', async () => {
    expect((await w.asSuper.post('/api/phone_countries/activate_all')).status).toBe(200);
    expect(await activated()).toHaveLength(232);
    const res = await w.asSuper.post('/api/phone_countries/deactivate_all');
    expect(res.status).toBe(200);
    expect(res.body.every((c: { activated: boolean }) => !c.activated)).toBe(true);
    expect(await activated()).toEqual([]);
  });

  it('the POST routes are super admin only', async () => {
    const user = await createAccount(w.t.db, { username: 'pcuser' });
    for (const path of [
      '/api/phone_countries/FR/activate',
      '/api/phone_countries/FR/deactivate',
      '/api/phone_countries/activate_all',
      '/api/phone_countries/deactivate_all',
    ]) {
      for (const key of [w.admin.key, user.apiKey]) {
        const res = await as(w.t, key).post(path);
        expect([path, res.status, res.body]).toEqual([path, 403, { message: 'Unauthorized area' }]);
      }
      expect((await http(w.t).post(path)).status).toBe(401);
    }
  });

  it('activation changes the phone validation of account creation', async () => {
    const refused = await w.asAdmin.post('/api/accounts', body({ username: 'tel', phone: '+33612121212' }));
    expect(refused.body.errors).toEqual({ phone: ['The phone number must belong to an authorized country.'] });
    await w.asSuper.post('/api/phone_countries/FR/activate');
    expect((await w.asAdmin.post('/api/accounts', body({ username: 'tel', phone: '+33612121212' }))).status).toBe(200);
    await w.asSuper.post('/api/phone_countries/FR/deactivate');
    const again = await w.asAdmin.post('/api/accounts', body({ username: 'tel2', phone: '+33612121213' }));
    expect(again.status).toBe(422);
  });
});
