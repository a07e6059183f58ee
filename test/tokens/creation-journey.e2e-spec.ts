import request from 'supertest';
import { DOMAIN, HOST, startApp, TestApp } from '../support/app';
import { http } from '../support/fixtures';
import { authorization, challenges } from '../support/digest-client';
import { FakePusher, fakePusher } from '../support/pusher';
import { lpObject, parseLpconfig } from '../support/lpconfig';
import { ha1 } from '../../src/common/digest-hash';

const ME = '/api/accounts/me';

/**
 * A phone app signs itself up, as one client would, through public routes
 * only: a creation token (by a validated request token, or by push), the
 * account, then DIGEST and an API key with the same credentials, then the
 * provisioning XML that configures the SIP client with those credentials.
 */
describe('the sign-up journey of an app', () => {
  let t: TestApp;
  let pusher: FakePusher;
  beforeAll(async () => {
    pusher = fakePusher();
    t = await startApp(pusher.env);
  });
  afterAll(async () => {
    await t.close();
    pusher.close();
  });

  /** A DIGEST-authenticated GET: the challenge, then the answer (auth.md §3). */
  async function digestGet(
    path: string,
    username: string,
    password: string,
    headers: Record<string, string> = {},
  ): Promise<request.Response> {
    const from = `sip:${username}@${DOMAIN}`;
    const first = await http(t).get(path).set(headers).set('From', from);
    expect(first.status).toBe(401);
    const challenge = challenges(first).find((c) => c.algorithm === 'SHA-256')!;
    return http(t)
      .get(path)
      .set(headers)
      .set('From', from)
      .set(
        'Authorization',
        authorization({
          username,
          password,
          realm: challenge.realm,
          nonce: challenge.nonce,
          opaque: challenge.opaque,
          method: 'GET',
          uri: path,
          algorithm: 'SHA-256',
        }),
      );
  }

  async function signUpAndLogIn(creationToken: string, username: string): Promise<void> {
    const password = 'a long pass phrase';
    const created = await http(t)
      .post('/api/accounts/with-account-creation-token')
      .send({ username, password, algorithm: 'SHA-256', account_creation_token: creationToken });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ username, domain: DOMAIN });

    const me = await digestGet(ME, username, password);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: created.body.id, username });

    const key = await digestGet(`${ME}/api_key`, username, password);
    expect(key.status).toBe(200);
    expect(key.text).toMatch(/^[A-Za-z0-9]{40}$/);
    const byKey = await http(t).get(ME).set('x-api-key', key.text);
    expect(byKey.status).toBe(200);
    expect(byKey.body.id).toBe(created.body.id);

    // the SIP client's configuration carries the very credentials it signed up with
    const expected = { username, domain: DOMAIN, ha1: ha1('SHA-256', username, DOMAIN, password), realm: DOMAIN, algorithm: 'SHA-256' };
    const provisioning = { 'x-linphone-provisioning': 'true' };
    const byApiKey = await http(t).get('/provisioning/me').set(provisioning).set('x-api-key', key.text);
    expect(byApiKey.status).toBe(200);
    expect(byApiKey.headers['content-type']).toMatch(/^application\/xml/);
    expect(lpObject(parseLpconfig(byApiKey.text)).auth_info_0).toEqual(expected);
    const byDigest = await digestGet('/provisioning/me', username, password, provisioning);
    expect(byDigest.status).toBe(200);
    expect(lpObject(parseLpconfig(byDigest.text)).auth_info_0).toEqual(expected);
  }

  it('without push: request token → the validation page (a form post) → creation token → account → DIGEST → API key → provisioning XML', async () => {
    const asked = await http(t).post('/api/account_creation_request_tokens');
    expect(asked.status).toBe(201);
    const page = new URL(asked.body.validation_url as string);
    expect(page.host).toBe(HOST);

    const form = await http(t).get(page.pathname);
    expect(form.status).toBe(200);
    const hidden = /name="account_creation_request_token" value="([A-Za-z0-9]{13})"/.exec(form.text);
    expect(hidden?.[1]).toBe(asked.body.token);
    // before the person validates, the app is told to wait
    const early = await http(t)
      .post('/api/account_creation_tokens/using-account-creation-request-token')
      .send({ account_creation_request_token: asked.body.token });
    expect(early.status).toBe(404);

    const validated = await http(t).post('/creation_token/validate').type('form').send({ account_creation_request_token: hidden![1] });
    expect(validated.status).toBe(200);

    const exchanged = await http(t)
      .post('/api/account_creation_tokens/using-account-creation-request-token')
      .send({ account_creation_request_token: asked.body.token });
    expect(exchanged.status).toBe(201);
    await signUpAndLogIn(exchanged.body.token as string, 'journey1');
  });

  it('with push: send-by-push → the token arrives in the pushed payload → account → DIGEST → API key → provisioning XML', async () => {
    const sent = await http(t)
      .post('/api/account_creation_tokens/send-by-push')
      .send({ pn_provider: 'fcm', pn_param: 'linphone', pn_prid: 'device-42' });
    expect(sent.status).toBe(200);
    const argv = pusher.calls().at(-1)!;
    const { token } = JSON.parse(argv[argv.indexOf('--customPayload') + 1]) as { token: string };
    await signUpAndLogIn(token, 'journey2');
  });
});
