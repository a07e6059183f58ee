import request from 'supertest';
import { ProvisioningToken } from '../../src/account-core/entities/provisioning-token.entity';
import { startApp, TestApp } from '../support/app';
import { createAccount, http } from '../support/fixtures';
import { digestGet } from '../support/digest-client';
import { parseLpconfig } from '../support/lpconfig';

/** Space, key lookup and its use count, passwords … (see each test) */
// token: its claim and, since issue 15, the older tokens marked used
const COUNTS = { common: 1, meApiKey: 3, meDigest: 4, token: 11 };

const queries = (res: request.Response): number => {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/xml');
  expect(parseLpconfig(res.text).length).toBeGreaterThan(0);
  return Number(res.headers['x-query-count']);
};

/**
 * The SQL statements of the provisioning routes a client calls most
 * (DB_QUERY_COUNT_HEADER), pinned: Space by Host, authentication, the
 * passwords, and for a token its claim. The Space of the `ui` section is
 * the request's when it is the account's own.
 */
describe('provisioning query counts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ DB_QUERY_COUNT_HEADER: 'true' });
  });
  afterAll(() => t.close());

  it('GET /provisioning: the Space only', async () => {
    expect(queries(await http(t).get('/provisioning').set('x-linphone-provisioning', ''))).toBe(COUNTS.common);
  });

  it('GET /provisioning/me by API key and by DIGEST', async () => {
    const f = await createAccount(t.db, { username: 'counted', algorithms: ['MD5', 'SHA-256'] });
    expect(queries(await http(t).get('/provisioning/me').set('x-api-key', f.apiKey).set('x-linphone-provisioning', ''))).toBe(
      COUNTS.meApiKey,
    );
    const digest = await digestGet(http(t), f, '/provisioning/me', { prepare: (test) => test.set('x-linphone-provisioning', '') });
    expect(queries(digest)).toBe(COUNTS.meDigest);
  });

  it('GET /provisioning/{token}', async () => {
    const f = await createAccount(t.db, { username: 'countedtoken', activated: false });
    await t.db.getRepository(ProvisioningToken).save({ account_id: f.account.id, token: 'CountedToken1', used: false });
    expect(queries(await http(t).get('/provisioning/CountedToken1').set('x-linphone-provisioning', ''))).toBe(COUNTS.token);
  });
});
