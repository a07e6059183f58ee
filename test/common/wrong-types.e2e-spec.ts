import { Account } from '../../src/account-core/entities/account.entity';
import { AccountDictionaryEntry } from '../../src/account-core/entities/account-dictionary-entry.entity';
import { activateCountries, createAccount, createToken, http } from '../support/fixtures';
import { adminWorld, AdminWorld, as, DOMAIN, OTHER_DOMAIN } from '../support/admin-world';
import { exampleBody, isNumeric, OpenApiDoc, Route, routes, Schema } from '../support/openapi-routes';
import { DaemonStandIn, startDaemonStandIn } from '../support/linphone-daemon';
import { seedStatistics } from '../support/statistics';
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
  /** ids of rows that exist, by path parameter name */
  const owned: Record<string, string> = {};
  let intercomId = '';

  let daemon: DaemonStandIn;

  beforeAll(async () => {
    // POST /api/messages exists only with a daemon: one that takes every message
    daemon = await startDaemonStandIn();
    w = await adminWorld({ APP_DANGEROUS_ENDPOINTS: 'true', APP_LINPHONE_DAEMON_UNIX_PATH: daemon.path });
    await activateCountries(w.t.db, 'FR');
    // a validated admin: the change-code routes then reach their validation
    await createToken(w.t.db, { used: true, account_id: w.admin.id });
    const target = await createAccount(w.t.db, { username: 'victim', email: 'victim@example.org' });
    await w.t.db.getRepository(AccountDictionaryEntry).insert({ account_id: target.account.id, key: 'k', value: 'v' });
    // the action routes act on an account with a DTMF protocol and an action, so that they reach their
    // validation (the victim's protocol is cleared by the probes of PUT /api/accounts/{id})
    const intercom = await createAccount(w.t.db, { username: 'intercom' });
    await w.t.db.getRepository(Account).update({ id: intercom.account.id }, { dtmf_protocol: 'sipinfo' });
    intercomId = String(intercom.account.id);
    owned.action_id = String((await w.asAdmin.post(`/api/accounts/${intercomId}/actions`, { key: 'open', code: '1' })).body.id);
    owned.type_id = String((await w.asAdmin.post('/api/account_types', { key: 'victim-type' })).body.id);
    const list = await createList(w.t.db, 'victims', [target.account.id]);
    Object.assign(victim, { id: target.account.id, sip: `victim@${DOMAIN}`, email: 'victim@example.org', list: list.id });
    // the statistics routes' parents, named as the probes name them (`word`, the id)
    await seedStatistics(w.t.db, { message: 'word', call: 'word', conference: String(victim.id) }, victim.sip);
    all = routes((await http(w.t).get('/api/openapi.json')).body as OpenApiDoc);
  });
  afterAll(async () => {
    await w.t.close();
    await daemon.close();
  });

  /** Valid values of the path parameters, by name; unknown names get a plain word. */
  const validParam = (name: string, route: Route): string =>
    name === 'id' && route.path.startsWith('/api/accounts/{id}/actions')
      ? intercomId
      : ({
          id: String(victim.id),
          key: 'k',
          domain: OTHER_DOMAIN,
          sip: victim.sip,
          to: victim.sip,
          email: victim.email,
          code: 'FR',
          phone: '+33612345678',
          contact_id: String(victim.id),
          contacts_list_id: String(victim.list),
          ...owned,
        }[name] ?? 'word');

  /** The route's required fields with documented examples, made fresh where a value must be unused. */
  async function baseBody(route: Route): Promise<Record<string, unknown>> {
    const body = exampleBody(route);
    const n = ++serial;
    if ('username' in body) body.username = `wt${n}`;
    if ('email' in body) body.email = `wt${n}@example.org`;
    if ('domain' in body) body.domain = `wt${n}.example.net`;
    if ('key' in body) body.key = `wt${n}`;
    if ('title' in body) body.title = `wt${n}`;
    if ('account_creation_token' in body) body.account_creation_token = (await createToken(w.t.db)).token;
    return body;
  }

  type Client = Pick<ReturnType<typeof as>, 'get' | 'post' | 'put' | 'patch' | 'delete'>;

  /** Requests without credentials, JSON as the others. */
  const anonymous = (): Client => {
    const call = (method: 'get' | 'post' | 'put' | 'patch' | 'delete') => (path: string, body?: unknown) => {
      const test = http(w.t)[method](path).set('Accept', 'application/json');
      return body === undefined ? test : test.send(body as object);
    };
    return { get: call('get'), post: call('post'), put: call('put'), patch: call('patch'), delete: call('delete') };
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
    route.path.replace(/\{(\w+)\}/g, (_m, name: string) => overrides[name] ?? encodeURIComponent(validParam(name, route)));

  async function send(client: Client, method: Route['method'], path: string, body?: Record<string, unknown>) {
    const call = client[method];
    return body === undefined ? call(path) : call(path, body);
  }

  it('the document lists routes with bodies and with path parameters', () => {
    expect(all.filter((r) => Object.keys(r.body).length > 0).length).toBeGreaterThan(10);
    expect(all.filter((r) => r.params.length > 0).length).toBeGreaterThan(10);
  });

  it('the base bodies of the main write routes are valid, so a wrong field is what makes the difference', async () => {
    const controls = [
      'POST /api/accounts',
      'PUT /api/accounts/{id}',
      'POST /api/spaces',
      'PUT /api/spaces/{domain}',
      'POST /api/accounts/{id}/dictionary/{key}',
      'PATCH /api/statistics/messages/{message_id}/to/{to}/devices/{device_id}',
      'PATCH /api/statistics/calls/{call_id}/devices/{device_id}',
      'POST /api/statistics/conferences/{id}/participants/{sip}/devices/{device}/events',
      'POST /api/messages',
      'POST /api/account_types',
      'POST /api/accounts/{id}/actions',
      'PUT /api/accounts/{id}/actions/{action_id}',
      'POST /api/contacts_lists',
    ];
    for (const name of controls) {
      const route = all.find((r) => `${r.method.toUpperCase()} ${r.path}` === name)!;
      const res = await send(callers(route)[0].client, route.method, url(route), await baseBody(route));
      expect([name, res.status < 300, res.status < 300 ? '' : JSON.stringify(res.body)]).toEqual([name, true, '']);
    }
  });

  /** One request; its failure text, if any. */
  async function probe(
    who: string,
    client: Client,
    route: Route,
    path: string,
    what: string,
    wrong: boolean,
    body?: Record<string, unknown>,
  ) {
    const res = await send(client, route.method, path, body);
    const failed = res.status >= 500 || (wrong && res.status < 300);
    return failed
      ? `${who} ${route.method.toUpperCase()} ${route.path} ${what} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`
      : undefined;
  }

  it('body fields: no 5xx, and no 2xx for a value of the wrong type', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const route of all) {
      for (const [field, schema] of Object.entries(route.body)) {
        for (const [i, p] of probesFor(schema).entries()) {
          for (const { who, client } of callers(route, i === 0)) {
            const failure = await probe(who, client, route, url(route), `${field}=${p.label}`, p.wrong, {
              ...(await baseBody(route)),
              [field]: p.value,
            });
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
            const failure = await probe(
              who,
              client,
              route,
              url(route, { [param.name]: String(p.value) }),
              `${param.name}=${p.label}`,
              p.wrong,
              body,
            );
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
