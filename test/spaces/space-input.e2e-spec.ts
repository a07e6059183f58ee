import { Space, SPACE_FLAGS } from '../../src/account-core/entities/space.entity';
import { count, spaceBody } from '../support/fixtures';
import { adminWorld, AdminWorld, DOMAIN } from '../support/admin-world';

const FLAGS = ['super', ...SPACE_FLAGS];

describe('Space input (deviation 26)', () => {
  let w: AdminWorld;
  let serial = 0;
  const fresh = () => `s${++serial}.example.net`;
  beforeAll(async () => {
    w = await adminWorld();
  });
  afterAll(() => w.t.close());

  /** 422 naming exactly `fields`, no Space written. */
  async function refused(method: 'post' | 'put', path: string, body: unknown, fields: string[]) {
    const before = await count(w.t.db, Space);
    const snapshot = await w.t.db.getRepository(Space).find({ order: { id: 'ASC' } });
    const res = await w.asSuper[method](path, body);
    expect({ status: res.status, fields: Object.keys(res.body.errors ?? {}) }).toEqual({ status: 422, fields });
    expect(await count(w.t.db, Space)).toBe(before);
    expect(await w.t.db.getRepository(Space).find({ order: { id: 'ASC' } })).toEqual(snapshot);
    return res;
  }

  describe('POST /api/spaces', () => {
    it.each([[[]], [{}], [['a.example.net']], [{ like: '%' }]])('domain %j → the domain 422 (was 500 for [] and {})', async (domain) => {
      await refused('post', '/api/spaces', { domain }, ['domain']);
    });

    it.each([[[]], [{}], [['h.example.net']]])('host %j → the host 422', async (host) => {
      await refused('post', '/api/spaces', { domain: fresh(), host }, ['host']);
    });

    it('an object domain gets one clear message', async () => {
      const res = await refused('post', '/api/spaces', { domain: {} }, ['domain']);
      expect(res.body.errors.domain).toEqual(['The domain must be a string.']);
    });

    it.each(FLAGS)('%s: "maybe", {}, [], 2, "true" and "false" are the boolean 422, no Space created', async (flag) => {
      for (const value of ['maybe', {}, [], 2, 'true', 'false']) {
        const res = await refused('post', '/api/spaces', { domain: fresh(), [flag]: value }, [flag]);
        expect(res.body.errors[flag]).toEqual([`The ${flag.replace(/_/g, ' ')} field must be true or false.`]);
      }
    });

    it.each([
      [true, true],
      [1, true],
      ['1', true],
      [false, false],
      [0, false],
      ['0', false],
      [null, false],
    ])('super %j is accepted and stored as %j', async (value, stored) => {
      const res = await w.asSuper.post('/api/spaces', { domain: fresh(), super: value, hide_settings: value });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ super: stored, hide_settings: stored });
    });

    it.each([
      'evil.example.net", algorithm="MD5',
      'a"b.example.net',
      'a\r\nb.example.net',
      'a\u0000b.example.net',
      'a b.example.net',
      'a/b.example.net',
      'a_b.example.net',
      'a.example.net:5060',
      '-a.example.net',
      'a-.example.net',
      'a..example.net',
      '.a.example.net',
      'a.example.net.',
      'ex\u00e4mple.net',
      'a'.repeat(64),
    ])('domain %j is not a hostname → 422, nothing written', async (domain) => {
      const res = await refused('post', '/api/spaces', { domain, host: 'free.example.net' }, ['domain']);
      expect(res.body.errors.domain).toEqual(['The domain format is invalid.']);
    });

    it.each([
      'h"x.example.net',
      'h.example.net:',
      'h.example.net:http',
      'h.example.net:65536',
      'h.example.net:0',
      'h.example.net:80:80',
      'h\r\n.example.net',
      '[::1]:80',
    ])('host %j is not a hostname with an optional port → 422', async (host) => {
      const res = await refused('post', '/api/spaces', { domain: fresh(), host }, ['host']);
      expect(res.body.errors.host).toEqual(['The host format is invalid.']);
    });

    it.each(['x.example.net:8080', 'localhost:3000', '127.0.0.1:65535', 'Mixed-Case.Example.NET'])('host %j is accepted', async (host) => {
      const res = await w.asSuper.post('/api/spaces', { domain: fresh(), host });
      expect(res.status).toBe(201);
      expect(res.body.host).toBe(host);
    });
  });

  describe('max_account and max_accounts fit their int columns (was 500)', () => {
    it.each([
      [2147483648, 'The max accounts may not be greater than 2147483647.'],
      [-2147483649, 'The max accounts must be at least -2147483648.'],
      ['9'.repeat(400), 'The max accounts must be an integer.'],
      [1e300, 'The max accounts must be an integer.'],
    ])('POST and PUT with max_accounts %j → 422 %j', async (value, message) => {
      const res = await refused('post', '/api/spaces', { domain: fresh(), max_accounts: value }, ['max_accounts']);
      expect(res.body.errors.max_accounts).toEqual([message]);
      const put = await refused('put', `/api/spaces/${DOMAIN}`, spaceBody({ max_accounts: value }), ['max_accounts']);
      expect(put.body.errors.max_accounts).toEqual([message]);
    });

    it('2147483647 is accepted', async () => {
      const res = await w.asSuper.post('/api/spaces', { domain: fresh(), max_account: 2147483647, max_accounts: '2147483647' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ max_account: 2147483647, max_accounts: 2147483647 });
    });
  });

  describe('PUT /api/spaces/{domain}', () => {
    let domain: string;
    beforeAll(async () => {
      domain = fresh();
      expect((await w.asSuper.post('/api/spaces', { domain })).status).toBe(201);
    });

    it.each(FLAGS)('%s: "maybe", {} and [] are the boolean 422, the Space unchanged', async (flag) => {
      for (const value of ['maybe', {}, []]) await refused('put', `/api/spaces/${domain}`, spaceBody({ [flag]: value }), [flag]);
    });

    it.each([[[]], [{}], ['h"x.example.net'], ['h.example.net:99999']])('host %j → the host 422', async (host) => {
      await refused('put', `/api/spaces/${domain}`, spaceBody({ host }), ['host']);
    });

    it('a host with a port is accepted', async () => {
      const res = await w.asSuper.put(`/api/spaces/${domain}`, spaceBody({ host: `${domain}:8443`, super: '1' }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ host: `${domain}:8443`, super: true });
    });
  });
});
