import { Account } from '../../src/accounts/entities/account.entity';
import { AccountDictionaryEntry } from '../../src/accounts/entities/account-dictionary-entry.entity';
import { ProvisioningToken } from '../../src/accounts/entities/provisioning-token.entity';
import { createAccount, http } from '../support/fixtures';
import { adminWorld, AdminWorld } from '../support/admin-world';
import { exampleBody, isNumeric, OpenApiDoc, Route, routes } from '../support/openapi-routes';

/** Spellings that a loose numeric conversion (`+value`, `Number(value)`) reads as `id`. */
const lookalikes = (id: number): string[] => [
  `0x${id.toString(16)}`,
  `0b${id.toString(2)}`,
  `0o${id.toString(8)}`,
  `${id}e0`,
  `${id}.0`,
  `%20${id}`,
  `${id}%20`,
  `%09${id}`,
  `%2B${id}`,
  `${id}abc`,
];

/** Everything the id routes can change about an account. */
async function snapshot(w: AdminWorld, id: number) {
  const db = w.t.db;
  return {
    account: await db.getRepository(Account).findOneBy({ id }),
    dictionary: await db.getRepository(AccountDictionaryEntry).find({ where: { account_id: id }, order: { id: 'ASC' } }),
    provisioning: await db.getRepository(ProvisioningToken).find({ where: { account_id: id }, order: { id: 'ASC' } }),
  };
}

describe('numeric path ids are digits only, never coerced (deviation 26)', () => {
  let w: AdminWorld;
  let idRoutes: Route[];
  beforeAll(async () => {
    w = await adminWorld();
    const doc = (await http(w.t).get('/api/openapi.json')).body as OpenApiDoc;
    idRoutes = routes(doc).filter((r) => r.params.some((p) => isNumeric(p.type)));
  });
  afterAll(() => w.t.close());

  it('the OpenAPI document lists the account id routes', () => {
    expect(idRoutes.map((r) => `${r.method.toUpperCase()} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /api/accounts/{id}', 'PUT /api/accounts/{id}', 'POST /api/accounts/{id}/block', 'DELETE /api/accounts/{id}/dictionary/{key}']),
    );
  });

  it('every route with a numeric id: a look-alike of a real id is 404, nothing changes; the id itself works', async () => {
    const failures: string[] = [];
    for (const route of idRoutes) {
      // a fresh target per route: the control request may delete or block it
      const target = await createAccount(w.t.db, { username: `target${route.method}${idRoutes.indexOf(route)}` });
      const id = target.account.id;
      await w.t.db.getRepository(AccountDictionaryEntry).insert({ account_id: id, key: 'k', value: 'v' });
      const url = (value: string) => route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'key' ? 'k' : value));
      const example = route.method === 'put' ? { ...exampleBody(route), username: `target${idRoutes.indexOf(route)}` } : exampleBody(route);
      const body = Object.keys(example).length ? example : undefined;
      const before = await snapshot(w, id);
      for (const fake of lookalikes(id)) {
        const res = await w.asAdmin[route.method as 'get' | 'post' | 'put' | 'delete'](url(fake), body);
        if (res.status !== 404 || res.body.message !== 'Missing elements to perform the request') {
          failures.push(`${route.method.toUpperCase()} ${url(fake)} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        }
      }
      if (JSON.stringify(await snapshot(w, id)) !== JSON.stringify(before)) failures.push(`${route.method.toUpperCase()} ${route.path} changed account ${id}`);
      const control = await w.asAdmin[route.method as 'get' | 'post' | 'put' | 'delete'](url(String(id)), body);
      if (control.status >= 300) failures.push(`control ${route.method.toUpperCase()} ${url(String(id))} → ${control.status} ${JSON.stringify(control.body)}`);
    }
    expect(failures).toEqual([]);
  });

  it('/api/accounts/0x2 does not show account 2 (issue 7 example)', async () => {
    const res = await w.asAdmin.get(`/api/accounts/0x${w.admin.id.toString(16)}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
  });
});
