import { Account } from '../../src/account-core/entities/account.entity';
import { EmailChangeCode } from '../../src/account-core/entities/email-change-code.entity';
import { DOMAIN, TestApp, waitForOutput } from '../support/app';
import { createAccount, createValidatedAccount, http } from '../support/fixtures';
import { closeAppWithMail, SmtpSink, startAppWithMail } from '../support/smtp-sink';

/**
 * Issue 7 item 9: a journey through every route that carries a secret in its
 * URL (path or query string), with the request log on; the log must hold none
 * of them. Mails go to an SMTP sink: written to the log (no MAIL_HOST), a mail
 * is meant to be read there.
 */
describe('secrets never reach the request log', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  /** [what, the text that must not appear in the log] */
  const secrets: [string, string][] = [];
  const keep = (what: string, text: string): string => {
    secrets.push([what, text]);
    return text;
  };

  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMail({
      LOG_LEVEL: 'info',
      MAIL_FROM_ADDRESS: 'noreply@example.org',
      APP_DANGEROUS_ENDPOINTS: 'true',
      BLOCKING_AMOUNT_EVENTS_AUTHORIZED_DURING_PERIOD: '0',
    }));
  });
  afterAll(() => closeAppWithMail({ t, smtp }));

  it('redacts auth tokens, recovery keys, creation tokens, codes, passwords and keys of a full journey', async () => {
    const admin = await createAccount(t.db, { admin: true });
    keep('admin API key (header)', admin.apiKey);
    const user = await createValidatedAccount(t.db, { username: 'journey' });
    keep('user API key (header)', user.apiKey);
    const ok = (status: number) => expect(status).toBeLessThan(500);

    // an admin creates an account with its password in the query string
    const password = keep('password in a query', 'Query-Password-5ecret');
    ok(
      (await http(t).post(`/api/accounts?username=querycreated&algorithm=SHA-256&password=${password}`).set('x-api-key', admin.apiKey))
        .status,
    );

    // QR-code pairing: auth token in the path, attached, exchanged for a key (and its cookie)
    const token = keep('auth token', (await http(t).post('/api/accounts/auth_token')).body.token);
    expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect((await http(t).get(`/%61pi/accounts/auth_token/${token}/attach`).set('x-api-key', user.apiKey)).status).toBe(200);
    const exchanged = await http(t).get(`/api/accounts/me/api_key/${token}`);
    expect(exchanged.status).toBe(200);
    const pairedKey = keep('API key given for the token (cookie)', exchanged.body.api_key);
    expect((await http(t).get('/api/accounts/me').set('Cookie', `x-api-key=${pairedKey}`)).status).toBe(200);
    // the exchange replaced the account's key: the paired key is its key from now on
    ok((await http(t).get(`/api/accounts/me/api_key/${token}`)).status);

    // account creation token, used from the query string
    const creation = keep(
      'account creation token',
      (await http(t).post('/api/account_creation_tokens').set('x-api-key', admin.apiKey)).body.token,
    );
    expect(creation).toMatch(/^[A-Za-z0-9]{13}$/);
    const created = await http(t).post(
      `/api/accounts/with-account-creation-token?account_creation_token=${creation}&username=tokencreated&algorithm=SHA-256&password=${keep('password of a creation', 'Creation-Password-5ecret')}`,
    );
    ok(created.status);

    // email change code, confirmed through the query string
    expect(
      (await http(t).post('/api/accounts/me/email/request').set('x-api-key', pairedKey).send({ email: 'journey@example.org' })).status,
    ).toBe(200);
    await smtp.next('journey@example.org');
    const code = (await t.db.getRepository(EmailChangeCode).findOneByOrFail({ account_id: user.account.id })).code!;
    keep('email change code in a query', `code=${code}`);
    expect((await http(t).post(`/api/accounts/me/email?code=${code}`).set('x-api-key', pairedKey)).status).toBe(200);

    // recovery key in the path (dangerous endpoint)
    const recovery = keep('recovery key', 'R3cov5ecretK3y');
    await t.db.getRepository(Account).update({ id: user.account.id }, { confirmation_key: recovery });
    ok((await http(t).get(`/api/accounts/journey@${DOMAIN}/recover/${recovery}`)).status);

    // anything named like a credential in a query string, on any route
    const last = await http(t).get(
      `/api/ping?key=${keep('key in a query', 'Query-Key-5ecret')}&api_key=${keep('api_key in a query', 'Query-ApiKey-5ecret')}&token=${keep('token in a query', 'Query-Token-5ecret')}&note=visible`,
    );
    expect(last.status).toBe(200);
    await waitForOutput(t.output, last.headers['x-request-id']);

    const log = t.output();
    // the journey is in the log, with its secrets replaced
    expect(log).toContain('/api/accounts/auth_token/[Redacted]/attach');
    expect(log).toContain('/api/accounts/me/api_key/[Redacted]');
    expect(log).toContain(`/api/accounts/journey@${DOMAIN}/recover/[Redacted]`);
    expect(log).toContain('/api/accounts/me/email?code=[Redacted]');
    expect(log).toContain('account_creation_token=[Redacted]');
    expect(log).toContain('note=visible');
    for (const [what, text] of secrets) {
      expect([what, log.includes(text)]).toEqual([what, false]);
    }
  });

  it('redacts the tokens of the sign-up and provisioning URLs (issue 10)', async () => {
    const user = await createValidatedAccount(t.db, { username: 'provisioned' });
    const provisioning = { 'x-linphone-provisioning': '1' };

    // request token: the validation page carries it in its path
    const requested = keep('request token', (await http(t).post('/api/account_creation_request_tokens')).body.token);
    expect((await http(t).get(`/creation_token/check/${requested}`)).status).toBe(200);

    // provisioning token: the QR code, then the XML (with a password reset)
    const provisioningToken = keep(
      'provisioning token',
      (await http(t).get('/api/accounts/me/provision').set('x-api-key', user.apiKey)).body.provisioning_token,
    );
    expect((await http(t).get(`/provisioning/qrcode/${provisioningToken}`)).status).toBe(200);
    expect((await http(t).get(`/provisioning/${provisioningToken}?reset_password`).set(provisioning)).status).toBe(200);

    // auth token attached to the account, spent by the provisioning route
    const authToken = keep('auth token for provisioning', (await http(t).post('/api/accounts/auth_token')).body.token);
    expect((await http(t).get(`/api/accounts/auth_token/${authToken}/attach`).set('x-api-key', user.apiKey)).status).toBe(200);
    const last = await http(t).get(`/provisioning/auth_token/${authToken}`);
    expect(last.status).toBe(200);
    await waitForOutput(t.output, last.headers['x-request-id']);

    const log = t.output();
    expect(log).toContain('/creation_token/check/[Redacted]');
    expect(log).toContain('/provisioning/qrcode/[Redacted]');
    expect(log).toContain('/provisioning/[Redacted]?reset_password');
    expect(log).toContain('/provisioning/auth_token/[Redacted]');
    for (const [what, text] of secrets) {
      expect([what, log.includes(text)]).toEqual([what, false]);
    }
  });

  it('writes one short line per request: id, method, redacted URL, host, client, user agent, status, time; no other header', async () => {
    const sent = await http(t)
      .get('/api/ping?token=Line-Token-5ecret')
      .set('User-Agent', 'LogLine/1.0')
      .set('Cookie', 'x-api-key=Line-Cookie-5ecret')
      .set('Authorization', 'Bearer Line-Bearer-5ecret');
    expect(sent.status).toBe(200);
    const id = sent.headers['x-request-id'];
    // lines are written in batches: the one of this request arrives within the flush interval
    await waitForOutput(t.output, id);
    const line = t
      .output()
      .split('\n')
      .filter((text) => text.includes(id))
      .map((text) => JSON.parse(text) as Record<string, any>)
      .find((entry) => entry.msg === 'request completed')!;
    expect(line.req).toEqual({
      id,
      method: 'GET',
      url: '/api/ping?token=[Redacted]',
      host: expect.any(String),
      remoteAddress: expect.any(String),
      userAgent: 'LogLine/1.0',
    });
    expect(line.res).toEqual({ statusCode: 200 });
    expect(typeof line.responseTime).toBe('number');
    expect(t.output()).not.toMatch(/Line-(Cookie|Bearer|Token)-5ecret/);
  });
});
