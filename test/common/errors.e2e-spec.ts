import request from 'supertest';
import { HOST, startApp, TestApp } from '../support/app';
import { AccountFixture, createSuperAdmin, http } from '../support/fixtures';

const SUPER = 'super.test';

describe('errors, input and locales (errors-and-i18n.md, README pipeline)', () => {
  let t: TestApp;
  let admin: AccountFixture;

  beforeAll(async () => {
    t = await startApp();
    admin = await createSuperAdmin(t.db, SUPER);
  });
  afterAll(() => t.close());

  const postSpaces = () => http(t).post('/api/spaces', SUPER).set('x-api-key', admin.apiKey);

  describe('unknown route and wrong method', () => {
    it('answers 404 with the route path to an unknown API route', async () => {
      const res = await http(t).get('/api/xyz');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ message: 'The route api/xyz could not be found.' });
    });

    it('answers 404 in JSON to an unknown non-API route', async () => {
      const res = await http(t).get('/nothing/here');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'The route nothing/here could not be found.' });
    });

    it('answers 405 with the supported methods to a wrong method', async () => {
      const res = await http(t).delete('/api/ping');
      expect(res.status).toBe(405);
      expect(res.body).toEqual({ message: 'The DELETE method is not supported for route api/ping. Supported methods: GET, HEAD.' });
    });

    it('answers 405 on a route with a path parameter', async () => {
      const res = await http(t).patch('/api/spaces/some.domain').set('x-api-key', admin.apiKey);
      expect(res.status).toBe(405);
      expect(res.body.message).toMatch(/^The PATCH method is not supported for route api\/spaces\/some\.domain\. Supported methods: /);
      expect(res.body.message).toContain('GET');
      expect(res.body.message).toContain('PUT');
      expect(res.body.message).toContain('DELETE');
    });

    it('accepts HEAD wherever GET is, and ignores trailing slashes', async () => {
      expect((await request(t.url).head('/api/ping').set('Host', HOST)).status).toBe(200);
      const slash = await http(t).get('/api/ping/');
      expect(slash.status).toBe(200);
      expect(slash.text).toBe('pong');
    });
  });

  describe('JSON bodies', () => {
    it('answers 400 Invalid JSON to a body that does not parse', async () => {
      const res = await postSpaces().set('Content-Type', 'application/json').send('{bad');
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^Invalid JSON/);
    });

    it('answers 400 Invalid JSON when the client only says it expects JSON', async () => {
      const res = await postSpaces().set('Content-Type', 'text/plain').set('Accept', 'application/json').send('{bad');
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^Invalid JSON/);
    });

    it('answers 400 before authentication', async () => {
      const res = await http(t).post('/api/spaces').set('Content-Type', 'application/json').send('{bad');
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^Invalid JSON/);
    });

    it('treats an empty JSON body as empty input', async () => {
      const res = await postSpaces().set('Content-Type', 'application/json').send('');
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ domain: ['The domain field is required.'] });
    });

    it('accepts a GET with Accept: application/json and no body', async () => {
      const res = await http(t).get('/api/ping').set('Accept', 'application/json');
      expect(res.status).toBe(200);
    });

    it('treats a top-level JSON array as empty input', async () => {
      const res = await postSpaces().set('Content-Type', 'application/json').send('["domain"]');
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ domain: ['The domain field is required.'] });
    });

    it('reads JSON sent with a +json content type', async () => {
      const res = await postSpaces()
        .set('Content-Type', 'application/vnd.api+json')
        .send(JSON.stringify({ domain: 'plus-json.test' }));
      expect(res.status).toBe(201);
      expect(res.body.domain).toBe('plus-json.test');
    });

    it('reads JSON sent as text/json, and answers 400 when it does not parse', async () => {
      const res = await postSpaces()
        .set('Content-Type', 'text/json')
        .send(JSON.stringify({ domain: 'text-json.test' }));
      expect(res.status).toBe(201);
      expect(res.body.domain).toBe('text-json.test');
      const bad = await postSpaces().set('Content-Type', 'text/json').send('{bad');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^Invalid JSON/);
    });
  });

  describe('input normalisation', () => {
    it('merges query parameters into the input', async () => {
      const res = await http(t).post('/api/spaces?domain=query.test', SUPER).set('x-api-key', admin.apiKey);
      expect(res.status).toBe(201);
      expect(res.body.domain).toBe('query.test');
    });

    it('lets body keys win over query parameters', async () => {
      const res = await http(t)
        .post('/api/spaces?domain=query-loses.test', SUPER)
        .set('x-api-key', admin.apiKey)
        .send({ domain: 'body-wins.test' });
      expect(res.status).toBe(201);
      expect(res.body.domain).toBe('body-wins.test');
    });

    it('turns an empty string into null (required fails)', async () => {
      const res = await postSpaces().send({ domain: '   ' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ domain: ['The domain field is required.'] });
    });

    it('reads form bodies', async () => {
      const res = await postSpaces().type('form').send('domain=form.test');
      expect(res.status).toBe(201);
      expect(res.body.domain).toBe('form.test');
    });
  });

  describe('validation messages and locales', () => {
    it('answers in English by default', async () => {
      const res = await postSpaces().send({});
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ message: 'The domain field is required.', errors: { domain: ['The domain field is required.'] } });
    });

    it('answers in French with Accept-Language: fr', async () => {
      const res = await postSpaces().set('Accept-Language', 'fr').send({});
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ message: 'Le champ domain est obligatoire.', errors: { domain: ['Le champ domain est obligatoire.'] } });
    });

    it.each(['fr-FR', 'fr,en;q=0.8'])('answers in French with Accept-Language: %s (deviation 31)', async (language) => {
      const res = await postSpaces().set('Accept-Language', language).send({});
      expect(res.body.errors.domain).toEqual(['Le champ domain est obligatoire.']);
    });

    it.each(['de', 'fr;q=0'])('answers in English with Accept-Language: %s', async (language) => {
      const res = await postSpaces().set('Accept-Language', language).send({});
      expect(res.body.errors.domain).toEqual(['The domain field is required.']);
    });

    it('counts the other errors in English after the first message', async () => {
      const res = await http(t).put(`/api/spaces/${SUPER}`, SUPER).set('x-api-key', admin.apiKey).send({});
      expect(res.status).toBe(422);
      expect(res.body.message).toBe('The super field is required. (and 12 more errors)');
      expect(Object.keys(res.body.errors)).toHaveLength(13);
      const fr = await http(t).put(`/api/spaces/${SUPER}`, SUPER).set('x-api-key', admin.apiKey).set('Accept-Language', 'fr').send({});
      expect(fr.body.message).toBe('Le champ super est obligatoire. (and 12 more errors)');
    });

    it('says (and 1 more error) for two errors', async () => {
      const res = await postSpaces().send({ max_accounts: 'x' });
      expect(res.body.message).toBe('The domain field is required. (and 1 more error)');
      expect(res.body.errors).toEqual({
        domain: ['The domain field is required.'],
        max_accounts: ['The max accounts must be an integer.'],
      });
    });

    it('translates rule messages in French', async () => {
      const res = await postSpaces().set('Accept-Language', 'fr').send({ domain: 'fr-int.test', max_accounts: 'x' });
      expect(res.body.errors).toEqual({ max_accounts: ['Le champ max accounts doit être un entier (un nombre sans virgule).'] });
    });

    it('does not translate non-validation messages', async () => {
      const res = await http(t).get('/api/spaces').set('Accept-Language', 'fr');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'From header is required or invalid token' });
    });
  });
});

describe('rate limit (README pipeline step 2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ APP_API_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 Too Many Attempts to the 4th request of the minute, with rate headers', async () => {
    // the harness's readiness check (GET /api/ping until 200) was the 1st request of the minute
    const second = await http(t).get('/api/ping');
    expect(second.status).toBe(200);
    expect(second.headers['x-ratelimit-limit']).toBe('3');
    expect(second.headers['x-ratelimit-remaining']).toBe('1');
    // an error answer counts and carries the headers too
    const third = await http(t).get('/api/accounts/me');
    expect(third.status).toBe(401);
    expect(third.headers['x-ratelimit-limit']).toBe('3');
    expect(third.headers['x-ratelimit-remaining']).toBe('0');
    const res = await http(t).get('/api/ping');
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ message: 'Too Many Attempts.' });
    expect(res.headers['x-ratelimit-limit']).toBe('3');
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
  });

  it('shares the counter between routes and answers before authentication', async () => {
    const res = await http(t).get('/api/accounts/me').set('From', 'sip:missing@nowhere');
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ message: 'Too Many Attempts.' });
  });
});

describe('OpenAPI documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('serves the HTML documentation on GET /api', async () => {
    const res = await http(t).get('/api');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<html');
  });

  it('serves the OpenAPI description with the security schemes and the routes', async () => {
    const res = await http(t).get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['api_key_cookie', 'api_key_header', 'digest', 'jwt']);
    expect(doc.components.securitySchemes.jwt).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.api_key_header).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(doc.components.securitySchemes.api_key_cookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'x-api-key' });
    expect(doc.components.securitySchemes.digest).toMatchObject({ type: 'http', scheme: 'digest' });
    expect(doc.paths['/api/spaces']).toBeDefined();
    expect(doc.paths['/api/spaces'].post).toBeDefined();
    expect(doc.paths['/api/accounts/me']).toBeDefined();
    expect(doc.paths['/api/accounts/me'].get.security).toContainEqual({ api_key_header: [] });
    expect(doc.paths['/api/accounts/me'].get['x-access']).toBe('user');
  });
});

describe('rate limit on every /api answer', () => {
  it('unknown routes and bodies that are not JSON count and carry the headers; 429 comes before the JSON check; other paths are not limited', async () => {
    const t = await startApp({ APP_API_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      // the harness's readiness check was the 1st request of the minute
      const unknown = await http(t).get('/api/nothing-here');
      expect([unknown.status, unknown.headers['x-ratelimit-limit'], unknown.headers['x-ratelimit-remaining']]).toEqual([404, '3', '1']);
      const bad = await http(t).post('/api/spaces').set('Content-Type', 'application/json').send('{bad');
      expect([bad.status, bad.headers['x-ratelimit-remaining']]).toEqual([400, '0']);
      const over = await http(t).post('/api/spaces').set('Content-Type', 'application/json').send('{bad');
      expect([over.status, over.body]).toEqual([429, { message: 'Too Many Attempts.' }]);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);

      const web = await http(t).get('/nothing-here');
      expect(web.status).toBe(404);
      expect(web.headers['x-ratelimit-limit']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
