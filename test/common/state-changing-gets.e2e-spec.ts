import request from 'supertest';
import { Account } from '../../src/account-core/entities/account.entity';
import { AccountDictionaryEntry } from '../../src/account-core/entities/account-dictionary-entry.entity';
import { Password } from '../../src/account-core/entities/password.entity';
import { ProvisioningToken } from '../../src/account-core/entities/provisioning-token.entity';
import { AuthToken } from '../../src/auth/entities/auth-token.entity';
import { AccountCreationRequestToken } from '../../src/tokens/entities/account-creation-request-token.entity';
import { adminWorld, AdminWorld, body, DOMAIN, HOST } from '../support/admin-world';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { OpenApiDoc, Route, routes } from '../support/openapi-routes';

const PROVISIONING_HEADER = { 'x-linphone-provisioning': '' };

/** One declared route, made ready for a real GET: HEAD it, check nothing changed, then the GET must still do its work. */
interface Prepared {
  url: string;
  headers?: Record<string, string>;
  unchanged(): Promise<void>;
  worked(res: request.Response): void | Promise<void>;
}

/**
 * Deviation 30 and issue 15 items 3-4: a GET that spends a token or a code,
 * or changes something, declares it (`@ChangesState()`); from that
 * declaration alone HEAD answers 405 with `Allow: GET` and runs nothing.
 * The declared routes are read from the OpenAPI document (`x-changes-state`),
 * and a GET that writes without declaring it is caught by its
 * `x-write-count` (DB_QUERY_COUNT_HEADER).
 */
describe('GETs that change something (@ChangesState)', () => {
  let w: AdminWorld;
  let all: Route[];
  let serial = 0;
  beforeAll(async () => {
    w = await adminWorld({ APP_DANGEROUS_ENDPOINTS: 'true', DB_QUERY_COUNT_HEADER: 'true' });
    all = routes((await http(w.t).get('/api/openapi.json')).body as OpenApiDoc).filter((route) => route.method === 'get');
  });
  afterAll(() => w.t.close());

  const db = () => w.t.db;
  const send = (method: 'GET' | 'HEAD', url: string, headers: Record<string, string> = {}) => {
    let test = method === 'GET' ? request(w.t.url).get(url) : request(w.t.url).head(url);
    test = test.set('Host', HOST);
    for (const [name, value] of Object.entries(headers)) test = test.set(name, value);
    return test;
  };
  const user = () => createAccount(db(), { username: `scg${++serial}` });
  const currentToken = async (accountId: number) =>
    (
      await db()
        .getRepository(ProvisioningToken)
        .findOne({ where: { account_id: accountId, used: false }, order: { id: 'DESC' } })
    )?.token ?? null;
  /** A pairing token, attached to `owner` when given. */
  async function authToken(owner?: AccountFixture): Promise<string> {
    const token = (await http(w.t).post('/api/accounts/auth_token')).body.token as string;
    if (owner) expect((await http(w.t).get(`/api/accounts/auth_token/${token}/attach`).set('x-api-key', owner.apiKey)).status).toBe(200);
    return token;
  }
  const authTokenRow = (token: string) => db().getRepository(AuthToken).findOneBy({ token });
  /** An unactivated account made by the admin API, with its provisioning token. */
  async function pending(): Promise<{ id: number; token: string }> {
    const res = await w.asAdmin.post('/api/accounts', body({ username: `scgp${++serial}`, activated: false }));
    expect(res.status).toBe(200);
    return { id: res.body.id, token: res.body.provisioning_token };
  }

  const cases: Record<string, () => Promise<Prepared>> = {
    '/api/accounts/auth_token/{auth_token}/attach': async () => {
      const caller = await user();
      const token = await authToken();
      return {
        url: `/api/accounts/auth_token/${token}/attach`,
        headers: { 'x-api-key': caller.apiKey },
        unchanged: async () => expect((await authTokenRow(token))!.account_id).toBeNull(),
        worked: async (res) => {
          expect(res.status).toBe(200);
          expect((await authTokenRow(token))!.account_id).toBe(caller.account.id);
        },
      };
    },
    '/api/accounts/me/api_key/{auth_token}': async () => {
      const token = await authToken(await user());
      return {
        url: `/api/accounts/me/api_key/${token}`,
        unchanged: async () => expect(await authTokenRow(token)).not.toBeNull(),
        worked: async (res) => {
          expect(res.status).toBe(200);
          expect(res.body.api_key).toMatch(/^[A-Za-z0-9]{40}$/);
          expect(await authTokenRow(token)).toBeNull();
        },
      };
    },
    '/api/accounts/me/provision': async () => {
      const caller = await user();
      const before = await currentToken(caller.account.id);
      return {
        url: '/api/accounts/me/provision',
        headers: { 'x-api-key': caller.apiKey },
        unchanged: async () => expect(await currentToken(caller.account.id)).toBe(before),
        worked: async (res) => {
          expect(res.status).toBe(200);
          expect(res.body.provisioning_token).not.toBe(before);
          expect(await currentToken(caller.account.id)).toBe(res.body.provisioning_token);
        },
      };
    },
    '/api/accounts/me/api_key': async () => {
      const caller = await user();
      const me = () => http(w.t).get('/api/accounts/me').set('x-api-key', caller.apiKey);
      return {
        url: '/api/accounts/me/api_key',
        headers: { 'x-api-key': caller.apiKey },
        unchanged: async () => expect((await me()).status).toBe(200),
        worked: async (res) => {
          expect(res.status).toBe(200);
          expect(res.text).toMatch(/^[A-Za-z0-9]{40}$/);
          expect((await me()).status).toBe(401);
        },
      };
    },
    '/api/accounts/{id}/provision': async () => {
      const { id, token } = await pending();
      return {
        url: `/api/accounts/${id}/provision`,
        headers: { 'x-api-key': w.admin.key },
        unchanged: async () => expect(await currentToken(id)).toBe(token),
        worked: async (res) => {
          expect(res.status).toBe(200);
          expect(res.body.provisioning_token).not.toBe(token);
          expect(await currentToken(id)).toBe(res.body.provisioning_token);
        },
      };
    },
    '/api/accounts/{sip}/recover/{recovery_key}': async () => {
      const { account } = await createAccount(db(), { username: `scgr${++serial}`, activated: false });
      await db().getRepository(Account).update({ id: account.id }, { confirmation_key: 'RecoverKey123' });
      const row = () => db().getRepository(Account).findOneByOrFail({ id: account.id });
      return {
        url: `/api/accounts/${account.username}@${DOMAIN}/recover/RecoverKey123`,
        unchanged: async () => expect(await row()).toMatchObject({ activated: false, confirmation_key: 'RecoverKey123' }),
        worked: async (res) => {
          expect(res.status).toBe(200);
          expect(await row()).toMatchObject({ activated: true, confirmation_key: null });
        },
      };
    },
    '/creation_token/check/{token}': async () => {
      const created = await http(w.t).post('/api/account_creation_request_tokens');
      expect(created.status).toBe(201);
      const token = created.body.token as string;
      return {
        url: `/creation_token/check/${token}`,
        unchanged: async () => expect((await db().getRepository(AccountCreationRequestToken).findOneByOrFail({ token })).used).toBe(false),
        worked: (res) => {
          expect(res.status).toBe(200);
          expect(res.text).toContain(token);
        },
      };
    },
    '/provisioning/me': async () => {
      const caller = await user();
      const hash = async () => (await db().getRepository(Password).findOneByOrFail({ account_id: caller.account.id })).password;
      const before = await hash();
      return {
        url: '/provisioning/me?reset_password',
        headers: { 'x-api-key': caller.apiKey, ...PROVISIONING_HEADER },
        unchanged: async () => expect(await hash()).toBe(before),
        worked: async (res) => {
          expect(res.status).toBe(200);
          expect(await hash()).not.toBe(before);
          expect(res.text).toContain(await hash());
        },
      };
    },
    '/provisioning/auth_token/{auth_token}': async () => {
      const token = await authToken(await user());
      return {
        url: `/provisioning/auth_token/${token}`,
        unchanged: async () => expect(await authTokenRow(token)).not.toBeNull(),
        worked: async (res) => {
          expect([res.status, res.headers['content-type']]).toEqual([200, 'application/xml']);
          expect(await authTokenRow(token)).toBeNull();
        },
      };
    },
    '/provisioning/{provisioning_token}': async () => {
      const { id, token } = await pending();
      const rows = async () => [
        (await db().getRepository(ProvisioningToken).findOneByOrFail({ token })).used,
        (await db().getRepository(Account).findOneByOrFail({ id })).activated,
      ];
      return {
        url: `/provisioning/${token}`,
        headers: PROVISIONING_HEADER,
        unchanged: async () => expect(await rows()).toEqual([false, false]),
        worked: async (res) => {
          expect([res.status, res.headers['content-type']]).toEqual([200, 'application/xml']);
          expect(await rows()).toEqual([true, true]);
        },
      };
    },
  };

  it('the declared routes are the ones this test knows how to exercise (a new one needs its case below)', () => {
    const declared = all.filter((route) => route.changesState).map((route) => route.path);
    expect(declared.sort()).toEqual(Object.keys(cases).sort());
    expect(all.find((route) => route.path === '/provisioning/me')!.changesState).toEqual({ whenQuery: 'reset_password' });
  });

  it.each(Object.keys(cases))('HEAD %s → 405 with Allow: GET and nothing consumed; the GET then works', async (path) => {
    const prepared = await cases[path]();
    for (let i = 0; i < 2; i++) {
      const head = await send('HEAD', prepared.url, prepared.headers);
      expect([head.status, head.headers.allow]).toEqual([405, 'GET']);
      expect(head.headers['x-write-count']).toBe('0');
      await prepared.unchanged();
    }
    await prepared.worked(await send('GET', prepared.url, prepared.headers));
  });

  it('every declared route refuses HEAD before anything else: no credentials, unknown values, no header', async () => {
    const declared = all.filter((route) => route.changesState);
    expect(declared.length).toBeGreaterThan(0);
    for (const route of declared) {
      const url = route.path.replace(/\{\w+\}/g, 'unknown') + (route.changesState!.whenQuery ? `?${route.changesState!.whenQuery}` : '');
      const head = await send('HEAD', url);
      expect([url, head.status, head.headers.allow, head.headers['x-write-count']]).toEqual([url, 405, 'GET', '0']);
      // and the 405 of another method does not offer HEAD either
      if (!route.changesState!.whenQuery) {
        const other = await http(w.t).delete(url);
        expect([url, other.status, other.headers.allow]).toEqual([url, 405, 'GET']);
      }
    }
  });

  it('/provisioning/me without reset_password is a read: HEAD answers as GET', async () => {
    const caller = await user();
    const head = await send('HEAD', '/provisioning/me', { 'x-api-key': caller.apiKey, ...PROVISIONING_HEADER });
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('application/xml');
  });

  it('a GET route that does not declare it writes nothing, with real values and with ?reset_password', async () => {
    const { id, token } = await pending();
    await db()
      .getRepository(Account)
      .update({ id }, { email: `victim${id}@example.org`, phone: '+33612345678' });
    await db().getRepository(AccountDictionaryEntry).insert({ account_id: id, key: 'k', value: 'v' });
    const victim = await db().getRepository(Account).findOneByOrFail({ id });
    const values: Record<string, string> = {
      id: String(id),
      sip: `${victim.username}@${DOMAIN}`,
      email: victim.email!,
      phone: victim.phone!,
      domain: DOMAIN,
      key: 'k',
      provisioning_token: token,
      auth_token: await authToken(await user()),
      token: (await http(w.t).post('/api/account_creation_request_tokens')).body.token,
      recovery_key: 'unknown',
    };
    const undeclared = all.filter((route) => !route.changesState || route.changesState.whenQuery);
    expect(undeclared.length).toBeGreaterThan(15);
    const writers: string[] = [];
    for (const route of undeclared) {
      const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? 'word'));
      const queries = route.changesState ? [''] : ['', '?reset_password'];
      for (const query of queries) {
        const res = await send('GET', path + query, { 'x-api-key': w.superAdmin.key, ...PROVISIONING_HEADER });
        expect(res.headers['x-write-count']).toBeDefined();
        if (res.headers['x-write-count'] !== '0') writers.push(`GET ${route.path}${query} (${res.status})`);
      }
    }
    expect(writers).toEqual([]);
    // nothing was spent by the sweep
    expect(await currentToken(id)).toBe(token);
  });
});
