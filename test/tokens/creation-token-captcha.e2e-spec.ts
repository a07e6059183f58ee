import { startApp, TestApp } from '../support/app';
import { http } from '../support/fixtures';
import { HttpsStandIn, startHttpsStandIn } from '../support/https-stand-in';
import { AccountCreationRequestToken } from '../../src/tokens/entities/account-creation-request-token.entity';

const SECRET = '0x0000000000000000000000000000000000000000';
const SITEKEY = '10000000-ffff-ffff-ffff-000000000001';
const CHECK_PAGE = 'http://localhost/creation_token/check/';

/**
 * tokens.md §3.2–3.3 with HCAPTCHA_SECRET and HCAPTCHA_SITEKEY set. hCaptcha's
 * siteverify is a local HTTPS stand-in (self-signed certificate trusted by the
 * server through NODE_EXTRA_CA_CERTS) that accepts the response `good`,
 * refuses others, answers garbage for `garbage` and never answers `hang`.
 */
describe('the validation page with hCaptcha', () => {
  let t: TestApp;
  let siteverify: HttpsStandIn;
  beforeAll(async () => {
    siteverify = await startHttpsStandIn((_req, body, res) => {
      const response = new URLSearchParams(body).get('response');
      if (response === 'hang') return; // the server gives up after its timeout
      if (response === 'garbage') {
        res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>oops</h1>');
        return;
      }
      const success = response === 'good';
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(success ? { success } : { success, 'error-codes': ['invalid-input-response'] }));
    });
    t = await startApp({
      HCAPTCHA_SECRET: SECRET,
      HCAPTCHA_SITEKEY: SITEKEY,
      HCAPTCHA_SITEVERIFY_URL: `${siteverify.url}/siteverify`,
      NODE_EXTRA_CA_CERTS: siteverify.caFile,
      LOG_LEVEL: 'debug',
    });
  });
  afterAll(async () => {
    await t.close();
    await siteverify.close();
  });

  const newRequestToken = async (): Promise<string> => (await http(t).post('/api/account_creation_request_tokens')).body.token as string;
  const validate = (fields: Record<string, string>) =>
    http(t)
      .post('/creation_token/validate')
      .type('form')
      .send(fields)
      .set('Referer', CHECK_PAGE + fields.account_creation_request_token)
      .redirects(0);
  const validatedAt = async (token: string) =>
    (await t.db.getRepository(AccountCreationRequestToken).findOneByOrFail({ token })).validated_at;

  it('the form carries the widget: hCaptcha script, div.h-captcha with the site key, a note for browsers without JavaScript', async () => {
    const token = await newRequestToken();
    const res = await http(t).get(`/creation_token/check/${token}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<script src="https://hcaptcha.com/1/api.js" async defer></script>');
    expect(res.text).toContain(`<div class="h-captcha" data-sitekey="${SITEKEY}"></div>`);
    expect(res.text).toContain('<noscript>');
    expect(res.headers['content-security-policy']).toContain('script-src https://hcaptcha.com https://*.hcaptcha.com');
  });

  it('a solved captcha validates (200), checked server side with the secret, the site key and the client IP', async () => {
    const token = await newRequestToken();
    const before = siteverify.received.length;
    const res = await validate({ account_creation_request_token: token, 'h-captcha-response': 'good' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Thanks for the validation</h1>');
    expect(await validatedAt(token)).toBeInstanceOf(Date);
    const calls = siteverify.received.slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/siteverify' });
    expect(Object.fromEntries(new URLSearchParams(calls[0].body))).toEqual({
      secret: SECRET,
      response: 'good',
      sitekey: SITEKEY,
      remoteip: '127.0.0.1',
    });
  });

  it('without a captcha response: back to the page (302), nothing validated, hCaptcha not asked', async () => {
    const token = await newRequestToken();
    const before = siteverify.received.length;
    const res = await validate({ account_creation_request_token: token });
    expect([res.status, res.headers.location]).toEqual([302, CHECK_PAGE + token]);
    expect(await validatedAt(token)).toBeNull();
    expect(siteverify.received.length).toBe(before);
  });

  it('a response hCaptcha refuses, or an answer that is not JSON: back to the page (302), nothing validated', async () => {
    for (const response of ['bad', 'garbage']) {
      const token = await newRequestToken();
      const res = await validate({ account_creation_request_token: token, 'h-captcha-response': response });
      expect([response, res.status, res.headers.location]).toEqual([response, 302, CHECK_PAGE + token]);
      expect(await validatedAt(token)).toBeNull();
    }
  });

  it('hCaptcha not answering: the server gives up after its timeout (5 s) and sends the browser back', async () => {
    const token = await newRequestToken();
    const started = Date.now();
    const res = await validate({ account_creation_request_token: token, 'h-captcha-response': 'hang' });
    const took = Date.now() - started;
    expect(res.status).toBe(302);
    expect(took).toBeGreaterThanOrEqual(4500);
    expect(took).toBeLessThan(9000);
    expect(await validatedAt(token)).toBeNull();
  }, 20_000);

  it('failures are logged, the secret never', () => {
    expect(t.output()).toContain('hCaptcha siteverify failed');
    expect(t.output()).toContain('invalid-input-response');
    expect(t.output()).not.toContain(SECRET);
  });
});

describe('hCaptcha siteverify over a certificate the server does not trust', () => {
  let t: TestApp;
  let siteverify: HttpsStandIn;
  beforeAll(async () => {
    siteverify = await startHttpsStandIn((_req, _body, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}'),
    );
    t = await startApp({ HCAPTCHA_SECRET: SECRET, HCAPTCHA_SITEVERIFY_URL: `${siteverify.url}/siteverify` });
  });
  afterAll(async () => {
    await t.close();
    await siteverify.close();
  });

  it('is a failed check (302), never a validation: TLS is verified', async () => {
    const token = (await http(t).post('/api/account_creation_request_tokens')).body.token as string;
    const res = await http(t)
      .post('/creation_token/validate')
      .type('form')
      .send({ account_creation_request_token: token, 'h-captcha-response': 'good' })
      .redirects(0);
    expect([res.status, res.headers.location]).toEqual([302, '/']);
    expect(siteverify.received).toHaveLength(0);
    expect((await t.db.getRepository(AccountCreationRequestToken).findOneByOrFail({ token })).validated_at).toBeNull();
  });
});

describe('HCAPTCHA_SITEVERIFY_URL', () => {
  it('must be HTTPS: the secret travels to it (the start stops, naming the variable)', async () => {
    await expect(startApp({ HCAPTCHA_SITEVERIFY_URL: 'http://127.0.0.1:9/siteverify' })).rejects.toThrow(
      /HCAPTCHA_SITEVERIFY_URL must be an https:\/\/ URL/,
    );
  });
});
