import { AccountDictionaryEntry } from '../../src/accounts/entities/account-dictionary-entry.entity';
import { activateCountries, createAccount, createToken, http } from '../support/fixtures';
import { adminWorld, AdminWorld, as, DOMAIN, OTHER_DOMAIN } from '../support/admin-world';
import { exampleBody, isNumeric, OpenApiDoc, Route, routes, Schema } from '../support/openapi-routes';
import { createList } from '../support/contacts';

/**
 * Every documented route, every body field and path parameter, given values
 * of the wrong type (deviations 26, 27): never a 5xx; never a 2xx where the
 * type was wrong. `neutral` values (a number where a string is documented,
 * a huge string without a documented size, a NUL inside a string) may be
 * legitimate input: only "no 5xx" is asserted for them. The routes come from
 * the OpenAPI document, so a new route is covered as soon as it is documented.
 */
interface Probe {
  label: string;
  value: unknown;
  wrong: boolean;
}

const HUGE = 'x'.repeat(100_000);

function probesFor(schema: Schema): Probe[] {
  const type = schema.type ?? 'string';
  const shapes: Probe[] = [
    { label: '[]', value: [], wrong: true },
    { label: '["x"]', value: ['x'], wrong: true },
    { label: '{}', value: {}, wrong: true },
    { label: '{"a":"b"}', value: { a: 'b' }, wrong: true },
  ];
  const nul: Probe = { label: 'NUL', value: 'a\u0000b', wrong: type !== 'string' };
  switch (type) {
    case 'boolean':
      return [...shapes, nul, ...['maybe', 'true', 2, -1].map((value) => ({ label: JSON.stringify(value), value, wrong: true }))];
    case 'number':
    case 'integer':
      return [
        ...shapes,
        nul,
        { label: '"abc"', value: 'abc', wrong: true },
        { label: '1.5', value: 1.5, wrong: true },
        { label: 'true', value: true, wrong: true },
        { label: '400 digits', value: '9'.repeat(400), wrong: false },
        { label: '1e300', value: 1e300, wrong: false },
      ];
    case 'object':
      // `[]` is the reference's empty dictionary; a list with items is not
      return [
        ...shapes.filter((p) => p.label !== '[]' && p.label !== '{}' && p.label !== '{"a":"b"}'),
        { label: '{"a":{}}', value: { a: {} }, wrong: true },
        { label: '"text"', value: 'text', wrong: true },
        { label: '5', value: 5, wrong: true },
        { label: 'true', value: true, wrong: true },
      ];
    default:
      return [
        ...shapes,
        { label: 'true', value: true, wrong: true },
        { label: '12345', value: 12345, wrong: false },
        { label: 'huge', value: HUGE, wrong: schema.maxLength !== undefined || schema.enum !== undefined },
        nul,
      ];
  }
}

function pathProbes(type: string): Probe[] {
  const numeric = isNumeric(type);
  const values = numeric
    ? ['abc', '1.5', '-1', '0x1', '1e3', '9'.repeat(30), '%00', '%5B%5D', '%7B%7D', 'true']
    : ['%00', 'a%00b', '%0D%0A', 'x'.repeat(2000), '%5B%5D', '%7B%7D', '12345', 'true'];
  // a string parameter has no wrong type: a text naming nothing is a lookup that fails
  return values.map((value) => ({ label: value.length > 20 ? `${value.length} chars` : value, value, wrong: numeric }));
}

describe('wrong types on every documented route (OpenAPI-driven)', () => {
  let w: AdminWorld;
  let all: Route[];
  let serial = 0;
  const victim = { id: 0, sip: '', email: '', list: 0 };

  beforeAll(async () => {
    w = await adminWorld({ APP_DANGEROUS_ENDPOINTS: 'true' });
    await activateCountries(w.t.db, 'FR');
    // a validated admin: the change-code routes then reach their validation
    await createToken(w.t.db, { used: true, account_id: w.admin.id });
    const target = await createAccount(w.t.db, { username: 'victim', email: 'victim@example.org' });
    await w.t.db.getRepository(AccountDictionaryEntry).insert({ account_id: target.account.id, key: 'k', value: 'v' });
    const list = await createList(w.t.db, 'victims', [target.account.id]);
    Object.assign(victim, { id: target.account.id, sip: `victim@${DOMAIN}`, email: 'victim@example.org', list: list.id });
    all = routes((await http(w.t).get('/api/openapi.json')).body as OpenApiDoc);
  });
  afterAll(() => w.t.close());

  /** Valid values of the path parameters, by name; unknown names get a plain word. */
  const validParam = (name: string): string =>
    ({
      id: String(victim.id),
      key: 'k',
      domain: OTHER_DOMAIN,
      sip: victim.sip,
      email: victim.email,
      code: 'FR',
      phone: '+33612345678',
      contact_id: String(victim.id),
      contacts_list_id: String(victim.list),
    })[name] ?? 'word';

  /** The route's required fields with documented examples, made fresh where a value must be unused. */
  async function baseBody(route: Route): Promise<Record<string, unknown>> {
    const body = exampleBody(route);
    const n = ++serial;
    if ('username' in body) body.username = `wt${n}`;
    if ('email' in body) body.email = `wt${n}@example.org`;
    if ('domain' in body) body.domain = `wt${n}.example.net`;
    if ('title' in body) body.title = `wt${n}`;
    if ('account_creation_token' in body) body.account_creation_token = (await createToken(w.t.db)).token;
    return body;
  }

  type Client = Pick<ReturnType<typeof as>, 'get' | 'post' | 'put' | 'delete'>;

  /** Requests without credentials, JSON as the others. */
  const anonymous = (): Client => {
    const call = (method: 'get' | 'post' | 'put' | 'delete') => (path: string, body?: unknown) => {
      const test = http(w.t)[method](path).set('Accept', 'application/json');
      return body === undefined ? test : test.send(body as object);
    };
    return { get: call('get'), post: call('post'), put: call('put'), delete: call('delete') };
  };

  /**
   * The privileged caller the route asks for, and nobody. Requests run one
   * after the other: parallel writes to one row are another test's subject.
   * Nobody is refused before validation on a route that needs a caller, so
   * there one probe per field is enough.
   */
  const callers = (route: Route, first = true): { who: string; client: Client }[] => [
    { who: 'admin', client: route.roles.includes('super_admin') ? w.asSuper : w.asAdmin },
    ...(first || route.roles.length === 0 ? [{ who: 'anonymous', client: anonymous() }] : []),
  ];

  const url = (route: Route, overrides: Record<string, string> = {}) =>
    route.path.replace(/\{(\w+)\}/g, (_m, name: string) => overrides[name] ?? encodeURIComponent(validParam(name)));

  async function send(client: Client, method: Route['method'], path: string, body?: Record<string, unknown>) {
    const call = client[method === 'patch' ? 'put' : method];
    return body === undefined ? call(path) : call(path, body);
  }

  it('the document lists routes with bodies and with path parameters', () => {
    expect(all.filter((r) => Object.keys(r.body).length > 0).length).toBeGreaterThan(10);
    expect(all.filter((r) => r.params.length > 0).length).toBeGreaterThan(10);
  });

  it('the base bodies of the main write routes are valid, so a wrong field is what makes the difference', async () => {
    const controls = ['POST /api/accounts', 'PUT /api/accounts/{id}', 'POST /api/spaces', 'PUT /api/spaces/{domain}', 'POST /api/accounts/{id}/dictionary/{key}', 'POST /api/contacts_lists'];
    for (const name of controls) {
      const route = all.find((r) => `${r.method.toUpperCase()} ${r.path}` === name)!;
      const res = await send(callers(route)[0].client, route.method, url(route), await baseBody(route));
      expect([name, res.status < 300, res.status < 300 ? '' : JSON.stringify(res.body)]).toEqual([name, true, '']);
    }
  });

  /** One request; its failure text, if any. */
  async function probe(who: string, client: Client, route: Route, path: string, what: string, wrong: boolean, body?: Record<string, unknown>) {
    const res = await send(client, route.method, path, body);
    const failed = res.status >= 500 || (wrong && res.status < 300);
    return failed ? `${who} ${route.method.toUpperCase()} ${route.path} ${what} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}` : undefined;
  }

  it('body fields: no 5xx, and no 2xx for a value of the wrong type', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const route of all) {
      for (const [field, schema] of Object.entries(route.body)) {
        for (const [i, p] of probesFor(schema).entries()) {
          for (const { who, client } of callers(route, i === 0)) {
            const failure = await probe(who, client, route, url(route), `${field}=${p.label}`, p.wrong, { ...(await baseBody(route)), [field]: p.value });
            sent++;
            if (failure) failures.push(failure);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(500);
  }, 180_000);

  it('path parameters: no 5xx, and a numeric one that is not digits is never a 2xx', async () => {
    const failures: string[] = [];
    for (const route of all) {
      for (const param of route.params) {
        for (const [i, p] of pathProbes(param.type).entries()) {
          for (const { who, client } of callers(route, i === 0)) {
            const body = Object.keys(route.body).length ? await baseBody(route) : undefined;
            const failure = await probe(who, client, route, url(route, { [param.name]: String(p.value) }), `${param.name}=${p.label}`, p.wrong, body);
            if (failure) failures.push(failure);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('the server still answers afterwards', async () => {
    expect((await http(w.t).get('/api/ping')).status).toBe(200);
    expect((await w.asAdmin.get(`/api/accounts/${victim.id}`)).status).toBe(200);
  });
});
