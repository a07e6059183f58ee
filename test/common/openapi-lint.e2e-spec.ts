import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { http } from '../support/fixtures';
import { adminWorld, AdminWorld, HOST } from '../support/admin-world';

/*
 * The served description is what clients generate from: Redocly's linter
 * (recommended rules) finds no error in it, and a strict TypeScript client
 * typed by openapi-typescript from it compiles and talks to the service.
 * Everything generated goes to a temporary directory.
 */

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
const bin = (path: string) => join(ROOT, 'node_modules', path);

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

/** The client: openapi-fetch typed by the generated `paths`; prints what it got as JSON. */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { components, paths } from './api';

type Account = components['schemas']['AccountResponse'];

async function main(): Promise<void> {
  const [baseUrl, key] = process.argv.slice(2);
  if (!baseUrl || !key) throw new Error('usage: client.js <base URL> <API key>');
  const client = createClient<paths>({ baseUrl, headers: { accept: 'application/json' } });

  const ping = await client.GET('/api/ping', { parseAs: 'text' });
  const pong: string | undefined = ping.data;

  const me = await client.GET('/api/accounts/me', { headers: { 'x-api-key': key } });
  if (!me.data) throw new Error('GET /api/accounts/me: ' + String(me.response.status));
  const account: Account = me.data;
  // string fields are strings, nullable where they may be null
  const email: string | null = account.email;
  const username: string = account.username;

  const created = await client.POST('/api/accounts', {
    headers: { 'x-api-key': key },
    body: { username: 'generated', password: 'secret', algorithm: 'SHA-256', email: 'generated@example.org' },
  });
  if (!created.data) throw new Error('POST /api/accounts: ' + String(created.response.status));
  const confirmationKey: string | null = created.data.confirmation_key;

  // an error answer has its documented body
  const anonymous = await client.GET('/api/accounts/me');
  const message: string | undefined = anonymous.error?.message;

  console.log(JSON.stringify({
    pong,
    me: { username, email },
    created: { id: created.data.id, username: created.data.username, email: created.data.email, hasConfirmationKey: typeof confirmationKey === 'string' },
    anonymous: { status: anonymous.response.status, message },
  }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
`;

describe('the OpenAPI description: linted, and a generated client works', () => {
  let w: AdminWorld;
  let dir: string;
  beforeAll(async () => {
    w = await adminWorld();
    dir = mkdtempSync(join(tmpdir(), 'flexiapi-openapi-'));
    const doc = await http(w.t).get('/api/openapi.json');
    expect(doc.status).toBe(200);
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc.body));
    // the client resolves openapi-fetch (and tsc its types) as a project would
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    await w.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("security and error answers follow each route's access level", async () => {
    type Operation = {
      summary?: string;
      security?: unknown[];
      'x-access'?: string;
      parameters?: { name: string; in: string }[];
      responses: Record<string, { content?: unknown }>;
    };
    const doc = (await http(w.t).get('/api/openapi.json')).body as { servers: unknown[]; paths: Record<string, Record<string, Operation>> };
    expect(doc.servers).toEqual([{ url: '/' }]);
    const errorBody = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

    const ping = doc.paths['/api/ping'].get;
    expect(ping).toMatchObject({ 'x-access': 'public', security: [] });
    expect(Object.keys(ping.responses).sort()).toEqual(['200', '429']);

    const me = doc.paths['/api/accounts/me'].get;
    expect(me['x-access']).toBe('user');
    expect(me.security).toEqual([{ jwt: [] }, { api_key_header: [] }, { api_key_cookie: [] }, { digest: [] }]);
    for (const status of ['401', '403', '404', '429', '503']) expect(me.responses[status].content).toEqual(errorBody);

    expect(doc.paths['/api/spaces'].post['x-access']).toBe('super_admin');
    expect(doc.paths['/api/spaces'].post.responses['422'].content).toBeDefined();
    const setEntry = doc.paths['/api/accounts/{id}/dictionary/{key}'].post;
    expect(setEntry['x-access']).toBe('admin');
    expect(
      setEntry.parameters
        ?.filter((p) => p.in === 'path')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['id', 'key']);

    // every operation says what it does in plain words, without the specification's section numbers
    const unclear = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => !operation.summary || /§|\.md\b|deviation \d/.test(JSON.stringify(operation)))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(unclear).toEqual([]);
  });

  it("Redocly's recommended rules find no error", async () => {
    // exit code 1 when there are errors: read the report either way
    const output = await run(
      process.execPath,
      [bin('@redocly/cli/bin/cli.js'), 'lint', 'openapi.json', '--format=json', '--max-problems=1000'],
      {
        cwd: dir,
        maxBuffer: 20 * 1024 * 1024,
      },
    ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    const problems = (JSON.parse(output.stdout) as { problems: LintProblem[] }).problems;
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
  }, 60_000);

  it('no property is a bare object (what openapi-typescript turns into Record<string, never>)', async () => {
    const doc = JSON.parse(JSON.stringify((await http(w.t).get('/api/openapi.json')).body)) as unknown;
    const bare: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${at}/${i}`));
      if (!node || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      const shaped = ['properties', 'additionalProperties', 'allOf', 'oneOf', 'anyOf', '$ref'].some((k) => k in schema);
      if (schema.type === 'object' && !shaped && !at.endsWith('/example')) bare.push(at);
      for (const [key, value] of Object.entries(schema)) if (key !== 'example') walk(value, `${at}/${key}`);
    };
    walk(doc, '#');
    expect(bare).toEqual([]);
  });

  it('openapi-typescript types a strict client that compiles and calls three routes', async () => {
    await run(process.execPath, [bin('openapi-typescript/bin/cli.js'), 'openapi.json', '-o', 'api.ts'], { cwd: dir });
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          target: 'ES2022',
          module: 'Node16',
          moduleResolution: 'Node16',
          lib: ['ES2022', 'DOM'],
          types: ['node'],
          // the generated api.ts is checked as a source file; the libraries' own .d.ts are not
          skipLibCheck: true,
          outDir: 'out',
        },
        files: ['client.ts'],
      }),
    );
    // a type error fails here with tsc's messages in the rejection
    await run(process.execPath, [bin('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: dir }).catch((error: { stdout: string }) => {
      throw new Error(`the generated client does not compile:\n${error.stdout}`);
    });

    // the Space is chosen by Host: the base URL names the default Space's host (fetch does not let a request set Host)
    const { stdout } = await run(process.execPath, [join(dir, 'out', 'client.js'), w.t.url.replace('127.0.0.1', HOST), w.admin.key], {
      cwd: dir,
    });
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result).toEqual({
      pong: 'pong',
      me: { username: 'admin', email: null },
      created: { id: expect.any(Number), username: 'generated', email: 'generated@example.org', hasConfirmationKey: true },
      anonymous: { status: 401, message: expect.any(String) },
    });
    const created = await w.asAdmin.get(`/api/accounts/${(result.created as { id: number }).id}`);
    expect(created.body).toMatchObject({ username: 'generated', email: 'generated@example.org' });
  }, 120_000);
});
