import { HOST, startApp, TestApp, waitForOutput } from '../support/app';
import { AccountFixture, createSuperAdmin, http } from '../support/fixtures';
import { rawJson, rawRequest, rawSocket } from '../support/raw-http';

const SUPER = 'super.test';
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('hostile input to the pipeline (issue 7 items 8 and 10)', () => {
  let t: TestApp;
  let admin: AccountFixture;

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'info' });
    admin = await createSuperAdmin(t.db, SUPER);
  });
  afterAll(() => t.close());

  const postSpaces = (body: string, type = 'application/json') =>
    http(t)
      .post('/api/spaces', SUPER)
      .set('x-api-key', admin.apiKey)
      .set('Content-Type', type)
      .set('Accept', 'application/json')
      .send(body);

  describe('JSON deeper than 64 levels (deviation 27)', () => {
    it('answers 400 Invalid JSON to a field nested 10,000 levels, and no stack trace reaches the log', async () => {
      const res = await postSpaces(`{"domain": ${nested(10_000)}}`);
      expect([res.status, res.body]).toEqual([400, { message: 'Invalid JSON: Maximum stack depth exceeded' }]);
      expect(t.output()).not.toMatch(/RangeError|Maximum call stack/);
      expect((await http(t).get('/api/ping')).text).toBe('pong');
    });

    it('answers 400 to 65 levels and reads 64 (an unknown field, so the depth alone decides)', async () => {
      const deep = await postSpaces(`{"extra": ${nested(64)}}`);
      expect([deep.status, deep.body]).toEqual([400, { message: 'Invalid JSON: Maximum stack depth exceeded' }]);
      const fits = await postSpaces(`{"extra": ${nested(63)}}`);
      expect(fits.status).toBe(422);
      expect(fits.body.errors).toEqual({ domain: ['The domain field is required.'] });
    });

    it('does not count brackets inside strings', async () => {
      const res = await postSpaces(JSON.stringify({ domain: 'brackets.test', custom_sections: '['.repeat(200) }));
      expect(res.status).not.toBe(400);
    });

    it('applies to a body sent as text with Accept: application/json', async () => {
      const res = await postSpaces(`{"domain": ${nested(1000)}}`, 'text/plain');
      expect([res.status, res.body]).toEqual([400, { message: 'Invalid JSON: Maximum stack depth exceeded' }]);
    });
  });

  describe("Fastify's own errors in the {message} shape", () => {
    it('413 to a body over 1 MB', async () => {
      const res = await postSpaces(JSON.stringify({ domain: 'x'.repeat(1024 * 1024 + 10) }));
      expect([res.status, res.body]).toEqual([413, { message: 'The request body is too large.' }]);
    });

    it('431 to headers over the limit', async () => {
      const res = await rawRequest(t, 'GET', '/api/ping', { 'x-big': 'x'.repeat(20_000) });
      expect([res.status, res.body]).toEqual([431, { message: 'The request headers are too large.' }]);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('400 to a malformed header', async () => {
      const received = await rawSocket(t, `GET /api/ping HTTP/1.1\r\nHost: ${HOST}\r\nBad Header: x\r\n\r\n`);
      expect(received).toMatch(/^HTTP\/1\.1 400 /);
      expect(rawJson(received)).toEqual({ message: 'The request headers are malformed.' });
    });

    it('400 to a request line that is not HTTP', async () => {
      const received = await rawSocket(t, 'NOT HTTP AT ALL\r\n\r\n');
      expect(received).toMatch(/^HTTP\/1\.1 400 /);
      expect(rawJson(received)).toEqual({ message: 'The request is malformed.' });
    });

    it('400 to a URL whose percent-encoding does not decode', async () => {
      const res = await rawRequest(t, 'GET', '/api/accounts/%zz');
      expect([res.status, res.body]).toEqual([400, { message: 'The request URL is malformed.' }]);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('x-request-id (issue 7 item 10)', () => {
    it('keeps a short token of safe characters', async () => {
      for (const id of [
        'abc-123',
        '0af7651916cd43dd8448eb211c80319c',
        '00-4bf92f3577b34da6-00f067aa0ba902b7-01',
        'Root=1-5759e988-bd862e3f',
      ]) {
        const res = await http(t).get('/api/ping').set('x-request-id', id);
        expect(res.headers['x-request-id']).toBe(id);
      }
    });

    it.each(['a"b', 'a b', '{"level":60}', 'x'.repeat(65), 'é', ''])(
      'replaces %j with a fresh UUID, in the answer and the log',
      async (id) => {
        const res = await http(t).get('/api/ping').set('x-request-id', id);
        const fresh = res.headers['x-request-id'];
        expect(fresh).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        await waitForOutput(t.output, fresh);
        const line = t
          .output()
          .split('\n')
          .find((l) => l.includes(fresh))!;
        expect(JSON.parse(line).req.id).toBe(fresh);
      },
    );
  });
});
