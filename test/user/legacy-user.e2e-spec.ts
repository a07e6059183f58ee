import request from 'supertest';
import { HOST, startApp, TestApp } from '../support/app';
import { fromOf } from '../support/digest-client';
import { AccountFixture, createAccount, http } from '../support/fixtures';

const UNAUTHENTICATED = { message: 'Unauthenticated.' };

/** The reference's framework leftover (misc.md): nobody ever gets past it. */
describe('GET /api/user (legacy)', () => {
  let t: TestApp;
  let admin: AccountFixture;
  beforeAll(async () => {
    t = await startApp();
    admin = await createAccount(t.db, { username: 'admin', admin: true, algorithms: ['MD5'] });
  });
  afterAll(() => t.close());

  it('answers 401 Unauthenticated. without credentials, and without a challenge', async () => {
    const res = await http(t).get('/api/user').set('Accept', 'application/json');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(UNAUTHENTICATED);
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('answers the same to a valid API key and to a DIGEST client', async () => {
    const keyed = await http(t).get('/api/user').set('x-api-key', admin.apiKey);
    expect([keyed.status, keyed.body]).toEqual([401, UNAUTHENTICATED]);
    const digest = await http(t).get('/api/user').set('From', fromOf(admin));
    expect([digest.status, digest.body]).toEqual([401, UNAUTHENTICATED]);
    expect(digest.headers['www-authenticate']).toBeUndefined();
  });

  it('HEAD as GET; other methods 405; an unknown Host 404 as everywhere', async () => {
    expect((await request(t.url).head('/api/user').set('Host', HOST)).status).toBe(401);
    expect((await http(t).post('/api/user').send({})).status).toBe(405);
    const elsewhere = await http(t).get('/api/user', 'unknown.example.net');
    expect([elsewhere.status, elsewhere.body]).toEqual([404, { message: 'Host not configured' }]);
  });
});
