import { Account } from '../../../src/account-core/entities/account.entity';
import { AccountAction } from '../../../src/account-actions/entities/account-action.entity';
import { EmailChangeCode } from '../../../src/account-core/entities/email-change-code.entity';
import { PhoneChangeCode } from '../../../src/account-core/entities/phone-change-code.entity';
import { AccountAccountType } from '../../../src/account-types/entities/account-account-type.entity';
import { AccountType } from '../../../src/account-types/entities/account-type.entity';
import { Space } from '../../../src/account-core/entities/space.entity';
import { now } from '../../../src/database/timestamps';
import { createAccount } from '../../support/fixtures';
import { adminWorld, AdminWorld, DOMAIN, OTHER_DOMAIN } from '../../support/admin-world';

describe('GET /api/accounts/{id}, search, search-by-email', () => {
  let w: AdminWorld;
  let john: Account;
  let other: Account;
  beforeAll(async () => {
    w = await adminWorld();
    john = (await createAccount(w.t.db, { username: 'john', email: 'john@example.org' })).account;
    await createAccount(w.t.db, { username: 'john2', email: 'john@example.org' });
    other = (await createAccount(w.t.db, { username: 'john', domain: OTHER_DOMAIN, email: 'other@example.org' })).account;
  });
  afterAll(() => w.t.close());

  it('shows the §1.3 variant: no passwords, phone_change_code', async () => {
    const res = await w.asAdmin.get(`/api/accounts/${john.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: john.id, phone: null, email_change_code: null, phone_change_code: null });
    expect(res.body).not.toHaveProperty('passwords');
    expect(res.body).not.toHaveProperty('confirmation_key');
  });

  it('answers 404 for an unknown, out-of-scope or non-numeric id', async () => {
    for (const path of [
      '/api/accounts/999999',
      `/api/accounts/${other.id}`,
      '/api/accounts/abc',
      '/api/accounts/1.5',
      '/api/accounts/99999999999999999999',
    ]) {
      const res = await w.asAdmin.get(path);
      expect([path, res.status, res.body]).toEqual([path, 404, { message: 'Missing elements to perform the request' }]);
    }
    expect((await w.asSuper.get(`/api/accounts/${other.id}`)).status).toBe(200);
  });

  it('shows the pending change codes to the admin, with the code only on show', async () => {
    const stamp = now();
    await w.t.db
      .getRepository(EmailChangeCode)
      .save({ account_id: john.id, code: null, email: 'old@example.org', created_at: stamp, updated_at: stamp });
    await w.t.db.getRepository(EmailChangeCode).save({
      account_id: john.id,
      code: '1234',
      email: 'new@example.org',
      ip: '1.2.3.4',
      user_agent: 'UA',
      created_at: stamp,
      updated_at: stamp,
    });
    await w.t.db.getRepository(PhoneChangeCode).save({
      account_id: john.id,
      code: '5678',
      phone: '+33612121212',
      ip: '1.2.3.4',
      user_agent: 'UA',
      created_at: stamp,
      updated_at: stamp,
    });
    const show = await w.asAdmin.get(`/api/accounts/${john.id}`);
    expect(show.body.email_change_code).toEqual({
      code: '1234',
      email: 'new@example.org',
      created_at: expect.stringMatching(/\.000000Z$/),
      updated_at: expect.stringMatching(/\.000000Z$/),
      ip: '1.2.3.4',
      user_agent: 'UA',
    });
    expect(show.body.phone_change_code).toMatchObject({ code: '5678', phone: '+33612121212' });

    const list = await w.asAdmin.get('/api/accounts');
    const item = list.body.data.find((a: { id: number }) => a.id === john.id);
    expect(item.email_change_code).toMatchObject({ email: 'new@example.org' });
    expect(item.email_change_code).not.toHaveProperty('code');
    expect(item.phone_change_code).not.toHaveProperty('code');

    const search = await w.asAdmin.get(`/api/accounts/john@${DOMAIN}/search`);
    expect(search.body.email_change_code).not.toHaveProperty('code');
    expect(search.body).not.toHaveProperty('phone_change_code');

    // consumed codes are no longer shown
    await w.t.db.getRepository(EmailChangeCode).update({ account_id: john.id }, { code: null });
    await w.t.db.getRepository(PhoneChangeCode).update({ account_id: john.id }, { code: null });
    const after = await w.asAdmin.get(`/api/accounts/${john.id}`);
    expect([after.body.email_change_code, after.body.phone_change_code]).toEqual([null, null]);
  });

  it('shows types (id order) and actions only when a DTMF protocol is set', async () => {
    const space = await w.t.db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
    const t2 = await w.t.db.getRepository(AccountType).save({ space_id: space.id, key: 'zeta' });
    const t1 = await w.t.db.getRepository(AccountType).save({ space_id: space.id, key: 'alpha' });
    await w.t.db.getRepository(AccountAccountType).save([
      { account_id: john.id, account_type_id: t1.id },
      { account_id: john.id, account_type_id: t2.id },
    ]);
    const action = await w.t.db.getRepository(AccountAction).save({ account_id: john.id, key: 'open', code: '123' });
    const without = await w.asAdmin.get(`/api/accounts/${john.id}`);
    expect(without.body.types).toEqual([
      { id: t2.id, key: 'zeta' },
      { id: t1.id, key: 'alpha' },
    ]);
    expect(without.body.actions).toEqual([]);
    await w.t.db.getRepository(Account).update({ id: john.id }, { dtmf_protocol: 'sipinfo' });
    const withDtmf = await w.asAdmin.get(`/api/accounts/${john.id}`);
    expect(withDtmf.body.actions).toEqual([{ id: action.id, key: 'open', code: '123' }]);
  });

  it('searches by user@domain, scoped', async () => {
    const res = await w.asAdmin.get(`/api/accounts/john@${DOMAIN}/search`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: john.id, passwords: [{ algorithm: 'SHA-256' }] });
    expect(res.body).not.toHaveProperty('confirmation_key');
    expect((await w.asAdmin.get(`/api/accounts/john@${DOMAIN}@ignored/search`)).body.id).toBe(john.id);
    expect((await w.asAdmin.get('/api/accounts/john/search')).status).toBe(404);
    expect((await w.asAdmin.get(`/api/accounts/john@${OTHER_DOMAIN}/search`)).status).toBe(404);
    expect((await w.asSuper.get(`/api/accounts/john@${OTHER_DOMAIN}/search`)).body.id).toBe(other.id);
  });

  it('searches by email: the first account (id order), scoped', async () => {
    const res = await w.asAdmin.get('/api/accounts/john@example.org/search-by-email');
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(john.id);
    expect((await w.asAdmin.get('/api/accounts/other@example.org/search-by-email')).status).toBe(404);
    expect((await w.asAdmin.get('/api/accounts/nobody@example.org/search-by-email')).status).toBe(404);
    expect((await w.asSuper.get('/api/accounts/other@example.org/search-by-email')).body.id).toBe(other.id);
  });
});

describe('GET /api/accounts', () => {
  let w: AdminWorld;
  beforeAll(async () => {
    w = await adminWorld();
  });
  afterAll(() => w.t.close());

  /** Accounts straight in the database, in one statement. */
  const seed = async (n: number, domain = DOMAIN, prefix = 'seed') => {
    const rows = Array.from({ length: n }, (_, i) => ({
      username: `${prefix}${i}`,
      domain,
      ip_address: '',
      user_agent: '',
      created_at: now(),
      updated_at: now(),
    }));
    for (let i = 0; i < rows.length; i += 200) await w.t.db.getRepository(Account).insert(rows.slice(i, i + 200));
  };
  const pages = (links: { label: string }[]) => links.slice(1, -1).map((l) => l.label);

  it('is a paginator of 20, id order, scoped to the current domain', async () => {
    await seed(24);
    await seed(3, OTHER_DOMAIN, 'far');
    const res = await w.asAdmin.get('/api/accounts');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      current_page: 1,
      first_page_url: 'http://localhost/api/accounts?page=1',
      from: 1,
      last_page: 2,
      last_page_url: 'http://localhost/api/accounts?page=2',
      next_page_url: 'http://localhost/api/accounts?page=2',
      path: 'http://localhost/api/accounts',
      per_page: 20,
      prev_page_url: null,
      to: 20,
      total: 25,
    });
    expect(res.body.links).toEqual([
      { url: null, label: '&laquo; Previous', active: false },
      { url: 'http://localhost/api/accounts?page=1', label: '1', active: true },
      { url: 'http://localhost/api/accounts?page=2', label: '2', active: false },
      { url: 'http://localhost/api/accounts?page=2', label: 'Next &raquo;', active: false },
    ]);
    const ids = res.body.data.map((a: { id: number }) => a.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(res.body.data.every((a: { domain: string }) => a.domain === DOMAIN)).toBe(true);
    expect(res.body.data[0]).not.toHaveProperty('passwords');
    expect(res.body.data[0]).toHaveProperty('phone_change_code');

    const second = await w.asAdmin.get('/api/accounts?page=2&foo=bar');
    expect(second.body).toMatchObject({
      current_page: 2,
      from: 21,
      to: 25,
      next_page_url: null,
      prev_page_url: 'http://localhost/api/accounts?page=1',
    });
    expect(second.body.data).toHaveLength(5);
  });

  it('reads a bad page as 1, and a page past the end as empty', async () => {
    for (const page of ['abc', '0', '-3', '1.5']) {
      expect((await w.asAdmin.get(`/api/accounts?page=${page}`)).body.current_page).toBe(1);
    }
    const far = await w.asAdmin.get('/api/accounts?page=99999999999999999999999');
    expect(far.status).toBe(200);
    const past = await w.asAdmin.get('/api/accounts?page=7');
    expect(past.body).toMatchObject({ current_page: 7, data: [], from: null, to: null, total: 25, last_page: 2, next_page_url: null });
  });

  it('lets a super admin list every domain', async () => {
    const res = await w.asSuper.get('/api/accounts');
    expect(res.body.total).toBe(29);
  });

  it('translates the previous/next labels', async () => {
    const res = await w.asAdmin.get('/api/accounts').set('Accept-Language', 'fr');
    expect(res.body.links[0].label).toBe('&laquo; Précédent');
    expect(res.body.links.at(-1).label).toBe('Suivant &raquo;');
  });

  it('windows the page links from 14 pages on', async () => {
    // 13 pages: one entry each
    await seed(260 - 25, DOMAIN, 'bulk');
    expect(pages((await w.asAdmin.get('/api/accounts')).body.links)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
      '13',
    ]);
    // 15 pages
    await seed(300 - 260, DOMAIN, 'more');
    const at = async (page: number) => pages((await w.asAdmin.get(`/api/accounts?page=${page}`)).body.links);
    expect(await at(1)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '...', '14', '15']);
    expect(await at(7)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '...', '14', '15']);
    expect(await at(8)).toEqual(['1', '2', '...', '5', '6', '7', '8', '9', '10', '11', '...', '14', '15']);
    expect(await at(9)).toEqual(['1', '2', '...', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15']);
    const links = (await w.asAdmin.get('/api/accounts?page=8')).body.links;
    expect(links[3]).toEqual({ url: null, label: '...', active: false });
    expect(links.find((l: { active: boolean }) => l.active)).toEqual({
      url: 'http://localhost/api/accounts?page=8',
      label: '8',
      active: true,
    });
  });
});
