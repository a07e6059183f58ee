import { In } from 'typeorm';
import { Account } from '../../src/account-core/entities/account.entity';
import { AccountDictionaryEntry } from '../../src/account-core/entities/account-dictionary-entry.entity';
import { ProvisioningToken } from '../../src/account-core/entities/provisioning-token.entity';
import { AccountAction } from '../../src/account-actions/entities/account-action.entity';
import { AccountAccountType } from '../../src/account-types/entities/account-account-type.entity';
import { AccountType } from '../../src/account-types/entities/account-type.entity';
import { Space } from '../../src/account-core/entities/space.entity';
import { Vcard } from '../../src/vcards/entities/vcard.entity';
import { addMembers, attachList, createList, linkContacts } from '../support/contacts';
import { createAccount, http } from '../support/fixtures';
import { adminWorld, AdminWorld, DOMAIN } from '../support/admin-world';
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

/** Everything the id routes can change about an account, and the types the route names. */
async function snapshot(w: AdminWorld, id: number, typeIds: number[]) {
  const db = w.t.db;
  const own = { where: { account_id: id }, order: { id: 'ASC' as const } };
  return {
    account: await db.getRepository(Account).findOneBy({ id }),
    dictionary: await db.getRepository(AccountDictionaryEntry).find(own),
    provisioning: await db.getRepository(ProvisioningToken).find(own),
    actions: await db.getRepository(AccountAction).find(own),
    types: await db.getRepository(AccountAccountType).find(own),
    typeRows: await db.getRepository(AccountType).find({ where: { id: In(typeIds) }, order: { id: 'ASC' } }),
  };
}

/**
 * A real id for each numeric path parameter of the route, made for it (its
 * control request may delete or change the rows): `{id}` is the target
 * account (with a DTMF protocol, for the action routes), except on the
 * type and contacts list routes; what a deletion removes (a type, a contact,
 * a list member or attachment) is there first.
 */
async function realIds(w: AdminWorld, route: Route, target: number): Promise<Record<string, number>> {
  const db = w.t.db;
  const newType = async () => {
    const space = await db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
    return (await db.getRepository(AccountType).save({ space_id: space.id, key: `type${++types}` })).id;
  };
  const newList = async () => (await createList(db, `list${++types}`)).id;
  const ids: Record<string, number> = {};
  for (const param of route.params.filter((p) => isNumeric(p.type))) {
    if (param.name === 'id') {
      ids.id = route.path.startsWith('/api/account_types/')
        ? await newType()
        : route.path.startsWith('/api/contacts_lists/')
          ? await newList()
          : target;
    } else if (param.name === 'type_id') ids.type_id = await newType();
    else if (param.name === 'action_id')
      ids.action_id = (await db.getRepository(AccountAction).save({ account_id: target, key: 'open', code: '1' })).id;
    else if (param.name === 'contact_id') ids.contact_id = (await createAccount(db, { username: `contact${++types}` })).account.id;
    else if (param.name === 'contacts_list_id') ids.contacts_list_id = await newList();
    else ids[param.name] = target;
  }
  const removes = route.method === 'delete';
  if (ids.type_id !== undefined && removes)
    await db.getRepository(AccountAccountType).insert({ account_id: target, account_type_id: ids.type_id });
  if (route.path.startsWith('/api/accounts/{id}/contacts/') && route.method !== 'post') await linkContacts(db, target, ids.contact_id);
  if (route.path.startsWith('/api/contacts_lists/{id}/contacts/') && removes) await addMembers(db, ids.id, [ids.contact_id]);
  if (route.path.startsWith('/api/accounts/{id}/contacts_lists/') && removes) await attachList(db, target, ids.contacts_list_id);
  // the non-numeric `{uuid}` is `k`: a stored card of that UID
  if (route.path.includes('/vcards-storage/')) await db.getRepository(Vcard).insert({ account_id: target, uuid: 'k', vcard: VCARD_K });
  return ids;
}
const VCARD_K = 'BEGIN:VCARD\nVERSION:4.0\nFN:Kay\nUID:k\nEND:VCARD\n';
let types = 0;

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
      expect.arrayContaining([
        'GET /api/accounts/{id}',
        'PUT /api/accounts/{id}',
        'POST /api/accounts/{id}/block',
        'DELETE /api/accounts/{id}/dictionary/{key}',
      ]),
    );
  });

  it('every route with a numeric id: a look-alike of a real id is 404, nothing changes; the id itself works', async () => {
    const failures: string[] = [];
    const send = (method: Route['method'], path: string, body?: Record<string, unknown>) => {
      const test = http(w.t)[method](path).set('x-api-key', w.admin.key).set('Accept', 'application/json');
      return body === undefined ? test : test.send(body);
    };
    for (const route of idRoutes) {
      // a fresh target per route: the control request may delete or block it
      const target = await createAccount(w.t.db, { username: `target${route.method}${idRoutes.indexOf(route)}` });
      const id = target.account.id;
      await w.t.db.getRepository(AccountDictionaryEntry).insert({ account_id: id, key: 'k', value: 'v' });
      await w.t.db.getRepository(Account).update({ id }, { dtmf_protocol: 'sipinfo' });
      const ids = await realIds(w, route, id);
      const url = (fake?: { name: string; value: string }) =>
        route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === fake?.name ? fake.value : name in ids ? String(ids[name]) : 'k'));
      const example =
        route.method === 'put' || route.method === 'patch'
          ? { ...exampleBody(route), username: `target${idRoutes.indexOf(route)}` }
          : exampleBody(route);
      if ('key' in example && route.path !== '/api/accounts/{id}/dictionary/{key}') example.key = `key${idRoutes.indexOf(route)}`;
      if ('title' in example) example.title = `title${idRoutes.indexOf(route)}`;
      if ('vcard' in example) example.vcard = VCARD_K;
      const body = Object.keys(example).length ? example : undefined;
      const typeIds = [ids.type_id, route.path.startsWith('/api/account_types/') ? ids.id : undefined].filter((t) => t !== undefined);
      const before = await snapshot(w, id, typeIds);
      for (const [name, real] of Object.entries(ids)) {
        for (const value of lookalikes(real)) {
          const res = await send(route.method, url({ name, value }), body);
          if (res.status !== 404 || res.body.message !== 'Missing elements to perform the request') {
            failures.push(
              `${route.method.toUpperCase()} ${url({ name, value })} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`,
            );
          }
        }
      }
      if (JSON.stringify(await snapshot(w, id, typeIds)) !== JSON.stringify(before))
        failures.push(`${route.method.toUpperCase()} ${route.path} changed account ${id}`);
      const control = await send(route.method, url(), body);
      if (control.status >= 300)
        failures.push(`control ${route.method.toUpperCase()} ${url()} → ${control.status} ${JSON.stringify(control.body)}`);
    }
    expect(failures).toEqual([]);
  });

  it('/api/accounts/0x2 does not show account 2 (issue 7 example)', async () => {
    const res = await w.asAdmin.get(`/api/accounts/0x${w.admin.id.toString(16)}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'Missing elements to perform the request' });
  });
});
