import { createHash } from 'node:crypto';
import { Account } from '../../../src/account-core/entities/account.entity';
import { Password } from '../../../src/account-core/entities/password.entity';
import { activateCountries, createAccount } from '../../support/fixtures';
import { adminWorld, AdminWorld, body, DOMAIN, OTHER_DOMAIN } from '../../support/admin-world';

describe('PUT /api/accounts/{id}', () => {
  let w: AdminWorld;
  beforeAll(async () => {
    w = await adminWorld();
    await activateCountries(w.t.db, 'FR');
  });
  afterAll(() => w.t.close());

  const create = async (fields: Record<string, unknown>) => {
    const res = await w.asAdmin.post('/api/accounts', body(fields));
    expect(res.status).toBe(200);
    return res.body as Record<string, unknown> & { id: number };
  };

  it('validates before the lookup: no body → 422 username and algorithm; valid body → 404', async () => {
    const empty = await w.asAdmin.put('/api/accounts/1234');
    expect(empty.status).toBe(422);
    expect(Object.keys(empty.body.errors)).toEqual(['username', 'algorithm']);
    const valid = await w.asAdmin.put('/api/accounts/1234', { username: 'nobody', algorithm: 'MD5' });
    expect(valid.status).toBe(404);
    expect(valid.body).toEqual({ message: 'Missing elements to perform the request' });
    const word = await w.asAdmin.put('/api/accounts/abc', { username: 'nobody', algorithm: 'MD5' });
    expect(word.status).toBe(404);
  });

  it('replaces the columns: absent → null, admin absent → false, activated kept', async () => {
    const account = await create({
      username: 'upd1',
      display_name: 'Upd',
      email: 'u@example.org',
      admin: true,
      activated: true,
      dtmf_protocol: 'rfc2833',
    });
    const res = await w.asAdmin.put(
      `/api/accounts/${account.id}`,
      { username: 'upd1', algorithm: 'SHA-256', activated: false },
      { 'User-Agent': 'Admin/1' },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: account.id,
      username: 'upd1',
      display_name: null,
      email: null,
      dtmf_protocol: null,
      phone: null,
      admin: false,
      activated: true,
      user_agent: 'Admin/1',
      confirmation_key: null,
      passwords: [{ algorithm: 'SHA-256' }],
    });
    expect(res.body).not.toHaveProperty('phone_change_code');
  });

  it('replaces the password with the new algorithm and username', async () => {
    const account = await create({ username: 'upd2', algorithm: 'SHA-256' });
    const res = await w.asAdmin.put(`/api/accounts/${account.id}`, { username: 'upd2bis', algorithm: 'MD5', password: 'newpass' });
    expect(res.status).toBe(200);
    expect(res.body.passwords).toEqual([{ algorithm: 'MD5' }]);
    const rows = await w.t.db.getRepository(Password).findBy({ account_id: account.id });
    expect(rows.map((r) => [r.algorithm, r.password])).toEqual([
      ['MD5', createHash('md5').update(`upd2bis:${DOMAIN}:newpass`).digest('hex')],
    ]);
  });

  it('keeps the old hash when no password is sent (even when renamed)', async () => {
    const account = await create({ username: 'upd3' });
    const before = await w.t.db.getRepository(Password).findBy({ account_id: account.id });
    const res = await w.asAdmin.put(`/api/accounts/${account.id}`, { username: 'upd3bis', algorithm: 'MD5' });
    expect(res.status).toBe(200);
    expect(await w.t.db.getRepository(Password).findBy({ account_id: account.id })).toEqual(before);
  });

  it('replaces the dictionary, idempotently; [] clears it; absent keeps it', async () => {
    const account = await create({ username: 'upd4', dictionary: { old: 'value' } });
    const url = `/api/accounts/${account.id}`;
    const first = await w.asAdmin.put(url, { username: 'upd4', algorithm: 'MD5', dictionary: { foo: 'bar' } });
    expect(first.body.dictionary).toEqual({ foo: 'bar' });
    const second = await w.asAdmin.put(url, { username: 'upd4', algorithm: 'MD5', dictionary: { foo: 'bar' } });
    expect(second.body.dictionary).toEqual({ foo: 'bar' });
    const kept = await w.asAdmin.put(url, { username: 'upd4', algorithm: 'MD5' });
    expect(kept.body.dictionary).toEqual({ foo: 'bar' });
    const cleared = await w.asAdmin.put(url, { username: 'upd4', algorithm: 'MD5', dictionary: [] });
    expect(cleared.body.dictionary).toEqual({});
    const shown = await w.asAdmin.get(url);
    expect(shown.text).toContain('"dictionary":{}');
    const bad = await w.asAdmin.put(url, { username: 'upd4', algorithm: 'MD5', dictionary: { a: ['b'] } });
    expect(bad.body.errors).toEqual({ dictionary: ['The dictionary must be an associative dictionary of strings'] });
  });

  it('ignores the account itself in unique checks, not the others', async () => {
    const one = await create({ username: 'upd5', email: 'five@example.org', phone: '+33612120005' });
    const other = await create({ username: 'upd6', phone: '+33612120006' });
    const same = await w.asAdmin.put(`/api/accounts/${one.id}`, {
      username: 'upd5',
      algorithm: 'MD5',
      email: 'five@example.org',
      phone: '+33612120005',
    });
    expect(same.status).toBe(200);
    expect(same.body.phone).toBe('+33612120005');
    const clash = await w.asAdmin.put(`/api/accounts/${one.id}`, { username: 'upd6', algorithm: 'MD5', phone: '+33612120006' });
    expect(clash.status).toBe(422);
    expect(clash.body.errors).toEqual({ username: ['The username has already been taken.'], phone: ['The phone has already been taken.'] });
    expect(other.id).toBeGreaterThan(one.id);
  });

  it('validates role and the update phone order (valid, country, username, phone)', async () => {
    const account = await create({ username: 'upd7' });
    const res = await w.asAdmin.put(`/api/accounts/${account.id}`, {
      username: 'upd7',
      algorithm: 'MD5',
      role: 'boss',
      phone: '+31612121212',
    });
    expect(res.body.errors).toEqual({
      role: ['The selected role is invalid.'],
      phone: ['The phone number must belong to an authorized country.'],
    });
    const ok = await w.asAdmin.put(`/api/accounts/${account.id}`, { username: 'upd7', algorithm: 'MD5', role: 'end_user' });
    expect(ok.status).toBe(200);
  });

  it('allows a rename onto a tombstoned name', async () => {
    const gone = await create({ username: 'tomb' });
    await w.asAdmin.delete(`/api/accounts/${gone.id}`);
    const account = await create({ username: 'upd8' });
    const res = await w.asAdmin.put(`/api/accounts/${account.id}`, { username: 'tomb', algorithm: 'MD5' });
    expect(res.status).toBe(200);
    expect(res.body.username).toBe('tomb');
  });

  it("ignores a plain admin's domain (validated) and lets a super admin move an account", async () => {
    const account = await create({ username: 'upd9' });
    const plain = await w.asAdmin.put(`/api/accounts/${account.id}`, { username: 'upd9', algorithm: 'MD5', domain: OTHER_DOMAIN });
    expect(plain.status).toBe(200);
    expect(plain.body.domain).toBe(DOMAIN);
    const unknown = await w.asAdmin.put(`/api/accounts/${account.id}`, { username: 'upd9', algorithm: 'MD5', domain: 'nowhere.org' });
    expect(unknown.body.errors).toEqual({ domain: ['The selected domain is invalid.'] });
    const moved = await w.asSuper.put(`/api/accounts/${account.id}`, { username: 'upd9', algorithm: 'MD5', domain: OTHER_DOMAIN });
    expect(moved.status).toBe(200);
    expect(moved.body.domain).toBe(OTHER_DOMAIN);
    // now out of the plain admin's scope
    expect((await w.asAdmin.put(`/api/accounts/${account.id}`, { username: 'upd9', algorithm: 'MD5' })).status).toBe(404);
  });

  it("checks a super admin's rename in the account's own domain", async () => {
    await createAccount(w.t.db, { username: 'taken', domain: OTHER_DOMAIN });
    const elsewhere = await createAccount(w.t.db, { username: 'mover', domain: OTHER_DOMAIN });
    const res = await w.asSuper.put(`/api/accounts/${elsewhere.account.id}`, { username: 'taken', algorithm: 'MD5' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ username: ['The username has already been taken.'] });
  });

  it('an admin updating itself without admin: true loses the role', async () => {
    const res = await w.asAdmin.put(`/api/accounts/${w.admin.id}`, { username: 'admin', algorithm: 'SHA-256' });
    expect(res.status).toBe(200);
    expect(res.body.admin).toBe(false);
    await w.t.db.getRepository(Account).update({ id: w.admin.id }, { admin: true });
  });
});
