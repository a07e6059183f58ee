import { http } from '../support/fixtures';
import { adminWorld, AdminWorld, DOMAIN } from '../support/admin-world';
import { DaemonStandIn, startDaemonStandIn } from '../support/linphone-daemon';

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[] };
type Doc = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
};

/** The documented property names of a response, `$ref`s resolved. */
function documentedKeys(doc: Doc, schema: Schema | undefined): string[] {
  if (!schema) return [];
  if (schema.$ref) return documentedKeys(doc, doc.components.schemas[schema.$ref.split('/').pop()!]);
  const own = Object.keys(schema.properties ?? {});
  return [...own, ...(schema.allOf ?? []).flatMap((s) => documentedKeys(doc, s))].sort();
}

const responseSchema = (doc: Doc, path: string, method: string, status = '200') =>
  doc.paths[path][method].responses[status].content?.['application/json']?.schema;

const propertySchema = (doc: Doc, schema: Schema | undefined, name: string): Schema | undefined => {
  const resolved = schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema;
  const property = resolved?.properties?.[name];
  return property?.items ?? property;
};

describe('the OpenAPI description tells the shapes the routes answer', () => {
  let w: AdminWorld;
  let doc: Doc;
  let daemon: DaemonStandIn;
  beforeAll(async () => {
    // POST /api/messages is documented only when it exists: with a daemon
    daemon = await startDaemonStandIn();
    w = await adminWorld({ APP_LINPHONE_DAEMON_UNIX_PATH: daemon.path });
    doc = (await http(w.t).get('/api/openapi.json')).body;
  });
  afterAll(async () => {
    await w.t.close();
    await daemon.close();
  });

  it('every 2xx answer has a schema, or says it has an empty body', () => {
    const undocumented: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!status.startsWith('2')) continue;
          const hasSchema = Object.values(response.content ?? {}).some((c) => c.schema);
          if (!hasSchema && !/empty body/i.test(response.description ?? '')) undocumented.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('account variants: the documented properties are the keys of real answers', async () => {
    const created = await w.asAdmin.post('/api/accounts', {
      username: 'shape',
      password: 'secret',
      algorithm: 'SHA-256',
      email: 'shape@example.org',
    });
    expect(created.status).toBe(200);
    expect(Object.keys(created.body).sort()).toEqual(documentedKeys(doc, responseSchema(doc, '/api/accounts', 'post')));

    const me = await http(w.t).get('/api/accounts/me').set('x-api-key', w.admin.key);
    expect(Object.keys(me.body).sort()).toEqual(documentedKeys(doc, responseSchema(doc, '/api/accounts/me', 'get')));

    const shown = await w.asAdmin.get(`/api/accounts/${created.body.id}`);
    expect(Object.keys(shown.body).sort()).toEqual(documentedKeys(doc, responseSchema(doc, '/api/accounts/{id}', 'get')));

    const searched = await w.asAdmin.get(`/api/accounts/shape@${DOMAIN}/search`);
    expect(Object.keys(searched.body).sort()).toEqual(documentedKeys(doc, responseSchema(doc, '/api/accounts/{sip}/search', 'get')));

    const page = await w.asAdmin.get('/api/accounts');
    const pageSchema = responseSchema(doc, '/api/accounts', 'get');
    expect(Object.keys(page.body).sort()).toEqual(documentedKeys(doc, pageSchema));
    expect(Object.keys(page.body.data[0]).sort()).toEqual(documentedKeys(doc, propertySchema(doc, pageSchema, 'data')));
    expect(Object.keys(page.body.links[0]).sort()).toEqual(documentedKeys(doc, propertySchema(doc, pageSchema, 'links')));
  });

  it('Spaces and phone countries: the documented properties are the keys of real answers', async () => {
    const space = await w.asSuper.get(`/api/spaces/${DOMAIN}`);
    expect(space.status).toBe(200);
    expect(Object.keys(space.body).sort()).toEqual(documentedKeys(doc, responseSchema(doc, '/api/spaces/{domain}', 'get')));

    const countries = await http(w.t).get('/api/phone_countries');
    expect(Object.keys(countries.body[0]).sort()).toEqual(documentedKeys(doc, responseSchema(doc, '/api/phone_countries', 'get')?.items));
  });

  it('messages: the documented properties are the keys of real answers', async () => {
    const sent = await w.asAdmin.post('/api/messages', { to: 'bob@sip.example.org', body: 'Hello' });
    expect(sent.status).toBe(200);
    expect(Object.keys(sent.body).sort()).toEqual(documentedKeys(doc, responseSchema(doc, '/api/messages', 'post')));
  });

  it('account types and actions: the documented properties are the keys of real answers', async () => {
    const type = await w.asAdmin.post('/api/account_types', { key: 'shape' });
    expect(type.status).toBe(201);
    expect(Object.keys(type.body).sort()).toEqual(documentedKeys(doc, responseSchema(doc, '/api/account_types', 'post', '201')));
    const types = await w.asAdmin.get('/api/account_types');
    expect(Object.keys(types.body[0]).sort()).toEqual(documentedKeys(doc, responseSchema(doc, '/api/account_types', 'get')?.items));
    const renamed = await w.asAdmin.put(`/api/account_types/${type.body.id}`, { key: 'shaped' });
    expect(Object.keys(renamed.body).sort()).toEqual(documentedKeys(doc, responseSchema(doc, '/api/account_types/{id}', 'put')));

    const created = await w.asAdmin.post('/api/accounts', {
      username: 'intercom',
      password: 'secret',
      algorithm: 'SHA-256',
      dtmf_protocol: 'sipinfo',
    });
    const action = await w.asAdmin.post(`/api/accounts/${created.body.id}/actions`, { key: 'open', code: '1' });
    expect(action.status).toBe(201);
    expect(Object.keys(action.body).sort()).toEqual(documentedKeys(doc, responseSchema(doc, '/api/accounts/{id}/actions', 'post', '201')));
    const actions = await w.asAdmin.get(`/api/accounts/${created.body.id}/actions`);
    expect(Object.keys(actions.body[0]).sort()).toEqual(
      documentedKeys(doc, responseSchema(doc, '/api/accounts/{id}/actions', 'get')?.items),
    );
    const shown = await w.asAdmin.get(`/api/accounts/${created.body.id}/actions/${action.body.id}`);
    expect(Object.keys(shown.body).sort()).toEqual(
      documentedKeys(doc, responseSchema(doc, '/api/accounts/{id}/actions/{action_id}', 'get')),
    );
  });
});
