import { startApp, TestApp } from './support/app';
import { createAccount, http } from './support/fixtures';

describe('foundation smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('GET /api/ping answers pong on any host', async () => {
    const res = await http(t).get('/api/ping', 'unknown.host');
    expect(res.status).toBe(200);
    expect(res.text).toBe('pong');
  });

  it('GET /api/accounts/me with an API key', async () => {
    const { apiKey, account } = await createAccount(t.db, { username: 'smoke' });
    const res = await http(t).get('/api/accounts/me').set('x-api-key', apiKey);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: account.id, username: 'smoke', admin: false, passwords: [{ algorithm: 'SHA-256' }] });
  });
});
