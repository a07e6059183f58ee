import request from 'supertest';
import { issueNonce } from '../../src/auth/digest/nonce';
import { DigestAlgorithm } from '../../src/common/digest-hash';
import { APP_KEY, startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { authorization, challenges, digestGet, fromOf, NONCE_KEY, OPAQUE } from '../support/digest-client';

const ME = '/api/accounts/me';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** APP_KEY as configured and its key bytes, in every encoding an answer could carry them. */
function forbiddenForms(): string[] {
  const text = Buffer.from(APP_KEY, 'utf8');
  const key = Buffer.from(APP_KEY.slice('base64:'.length), 'base64');
  const forms = [APP_KEY];
  for (const bytes of [text, key]) {
    forms.push(bytes.toString('base64'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url'), bytes.toString('hex'));
  }
  return forms;
}

/** Every header line of an answer, name and value. */
function headerLines(res: request.Response): string[] {
  const raw = (res as unknown as { res: { rawHeaders: string[] } }).res.rawHeaders;
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push(`${raw[i]}: ${raw[i + 1]}`);
  return out;
}

/** Deviation 32 and issue 15: the opaque reveals nothing, nonces are signed with a key of their own. */
describe('DIGEST secrets (deviation 32)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  function attempt(f: AccountFixture, nonce: string, options: { opaque?: string; algorithm?: DigestAlgorithm } = {}): request.Test {
    return http(t)
      .get(ME)
      .set('From', fromOf(f))
      .set(
        'Authorization',
        authorization({
          username: f.account.username,
          password: f.password,
          realm: f.account.domain,
          nonce,
          opaque: options.opaque ?? OPAQUE,
          method: 'GET',
          uri: ME,
          algorithm: options.algorithm ?? 'SHA-256',
        }),
      );
  }

  it('no header of any answer carries APP_KEY, in any encoding', async () => {
    const both = await createAccount(t.db, { algorithms: ['MD5', 'SHA-256'] });
    const clear = await createAccount(t.db, { algorithms: ['CLRTXT'] });
    const answers: request.Response[] = [];
    // 401 challenges on several routes, for accounts challenged with MD5, SHA-256 or both
    for (const f of [both, clear]) {
      for (const path of [ME, '/api/accounts/me/api_key', '/api/accounts', '/api/spaces', '/provisioning/me']) {
        answers.push(await http(t).get(path).set('From', fromOf(f)).set('x-linphone-provisioning', ''));
      }
      answers.push(await http(t).post('/api/accounts/me/email/request').set('From', fromOf(f)).send({ email: 'x@example.org' }));
    }
    // a wrong response, a stale nonce, then normal answers: DIGEST successes (which carry challenges), API key, public routes
    answers.push(await attempt(both, await nonceFrom(both), { algorithm: 'MD5', opaque: 'wrong' }));
    answers.push(await attempt(both, issueNonce(NONCE_KEY, both.account.id, nowSeconds() - 3600)));
    for (const algorithm of ['MD5', 'SHA-256'] as const) answers.push(await digestGet(http(t), both, ME, { algorithm }));
    answers.push(await digestGet(http(t), clear, ME, { algorithm: 'SHA-256' }));
    answers.push(await http(t).get(ME).set('x-api-key', both.apiKey));
    answers.push(await http(t).get('/api/ping'), await http(t).get('/api/accounts/me').set('From', 'sip:nobody@sip.example.org'));

    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(12);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    const challenged = answers.flatMap((r) => challenges(r));
    expect(new Set(challenged.map((c) => c.algorithm))).toEqual(new Set(['MD5', 'SHA-256']));
    expect(new Set(challenged.map((c) => c.opaque))).toEqual(new Set([OPAQUE]));

    const lines = answers.flatMap(headerLines);
    for (const form of forbiddenForms()) {
      for (const line of lines) expect(line.toLowerCase()).not.toContain(form.toLowerCase());
    }
    for (const r of answers) for (const form of forbiddenForms()) expect(r.text ?? '').not.toContain(form);
  });

  it('refuses the old opaque (Base64 of APP_KEY) with the 422 of a wrong opaque', async () => {
    const f = await createAccount(t.db);
    const old = Buffer.from(APP_KEY, 'utf8').toString('base64');
    const res = await attempt(f, await nonceFrom(f), { opaque: old });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors)).toEqual(['opaque']);
    expect((await attempt(f, await nonceFrom(f))).status).toBe(200);
  });

  it('answers Nonce invalid to a nonce signed with APP_KEY itself (the old scheme)', async () => {
    const f = await createAccount(t.db);
    const res = await attempt(f, issueNonce(APP_KEY, f.account.id, nowSeconds()));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Nonce invalid' });
  });

  it('accepts a nonce signed with the derived key, a clock a few seconds ahead too, but not one dated further ahead', async () => {
    const f = await createAccount(t.db);
    expect((await attempt(f, issueNonce(NONCE_KEY, f.account.id, nowSeconds()))).status).toBe(200);
    expect((await attempt(f, issueNonce(NONCE_KEY, f.account.id, nowSeconds() + 2))).status).toBe(200);
    for (const ahead of [60, 3600, 80 * 365 * 86400]) {
      const res = await attempt(f, issueNonce(NONCE_KEY, f.account.id, nowSeconds() + ahead));
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Nonce invalid' });
      expect(challenges(res)[0].nonce).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  async function nonceFrom(f: AccountFixture): Promise<string> {
    const res = await http(t).get(ME).set('From', fromOf(f));
    expect(res.status).toBe(401);
    return challenges(res)[0].nonce;
  }
});
