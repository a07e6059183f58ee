import { DOMAIN, startApp, TestApp } from '../support/app';
import { createSpace, http } from '../support/fixtures';
import { minutesAgo } from '../../src/database/timestamps';
import { Space } from '../../src/account-core/entities/space.entity';
import { AccountCreationRequestToken } from '../../src/tokens/entities/account-creation-request-token.entity';
import { AccountCreationToken } from '../../src/tokens/entities/account-creation-token.entity';
import { randomToken } from '../../src/common/random';

const B = 'b.example.org';
const SUPER = 'super.example.org';

/** tokens.md §3 and §2.3, without captcha (creation-token-captcha.e2e-spec.ts has it). */
describe('account creation request tokens', () => {
  let t: TestApp;
  let spaceA: Space;
  let spaceB: Space;
  beforeAll(async () => {
    t = await startApp();
    spaceA = await t.db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
    spaceB = await createSpace(t.db, B);
    await createSpace(t.db, SUPER, { super: true });
  });
  afterAll(() => t.close());

  const requests = () => t.db.getRepository(AccountCreationRequestToken);
  const newRequestToken = async (host?: string): Promise<string> => {
    const res = await http(t).post('/api/account_creation_request_tokens', host);
    expect(res.status).toBe(201);
    return res.body.token as string;
  };
  const validated = async (host?: string): Promise<string> => {
    const token = await newRequestToken(host);
    await requests().update({ token }, { validated_at: minutesAgo(1) });
    return token;
  };
  const exchange = (token: unknown, host?: string) =>
    http(t)
      .post('/api/account_creation_tokens/using-account-creation-request-token', host)
      .set('User-Agent', 'App/1')
      .send({ account_creation_request_token: token });
  const check = (token: string, host?: string) => http(t).get(`/creation_token/check/${token}`, host).redirects(0);
  const validate = (fields: Record<string, string>, host?: string) =>
    http(t).post('/creation_token/validate', host).type('form').send(fields).redirects(0);

  describe('POST /api/account_creation_request_tokens', () => {
    it("creates an unvalidated token of the Host's Space (201) with its validation URL; no ip or User-Agent recorded", async () => {
      const res = await http(t).post('/api/account_creation_request_tokens').set('User-Agent', 'App/1');
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual(['token', 'validation_url']);
      expect(res.body.token).toMatch(/^[A-Za-z0-9]{13}$/);
      expect(res.body.validation_url).toBe(`http://localhost/creation_token/check/${res.body.token}`);
      const row = await requests().findOneByOrFail({ token: res.body.token });
      expect(row).toMatchObject({
        used: false,
        validated_at: null,
        acc_creation_token_id: null,
        ip: null,
        user_agent: null,
        space_id: spaceA.id,
      });
    });

    it('the validation URL keeps the Host as sent, port included', async () => {
      const res = await http(t).post('/api/account_creation_request_tokens', `${B}:8443`);
      expect(res.status).toBe(201);
      expect(res.body.validation_url).toBe(`http://${B}:8443/creation_token/check/${res.body.token}`);
      expect(await requests().findOneByOrFail({ token: res.body.token })).toMatchObject({ space_id: spaceB.id });
    });
  });

  describe('GET /creation_token/check/{token}', () => {
    it('shows the form for an unused token (200 HTML): hidden token field, the button, no captcha when none is configured', async () => {
      const token = await newRequestToken();
      const res = await check(token);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('<html lang="en">');
      expect(res.text).toContain('<form method="post" action="/creation_token/validate">');
      expect(res.text).toContain(`<input type="hidden" name="account_creation_request_token" value="${token}">`);
      expect(res.text).toContain('<button type="submit">I&#39;m not a robot</button>');
      expect(res.text).toContain(`<div class="domain">${DOMAIN}</div>`);
      expect(res.text).not.toContain('class="h-captcha"');
      expect(res.text).not.toContain('hcaptcha.com/1/api.js');
    });

    it('is in French for Accept-Language: fr, as the API picks its language', async () => {
      const token = await newRequestToken();
      const fr = await check(token).set('Accept-Language', 'fr');
      expect(fr.text).toContain('<html lang="fr">');
      expect(fr.text).toContain('<button type="submit">Je ne suis pas un robot</button>');
      const other = await check(token).set('Accept-Language', 'de');
      expect(other.text).toContain('<html lang="en">');
    });

    it("redirects back (302 to the Referer, else /) for an unknown, used, too short or other Space's token", async () => {
      const used = await newRequestToken();
      await requests().update({ token: used }, { used: true });
      const foreign = await newRequestToken(B);
      for (const token of [randomToken(13), used, 'short', foreign, '%3Cscript%3E']) {
        const bare = await check(token);
        expect([token, bare.status, bare.headers.location, bare.text]).toEqual([token, 302, '/', '']);
        const referred = await check(token).set('Referer', 'https://app.example.org/start');
        expect([token, referred.status, referred.headers.location]).toEqual([token, 302, 'https://app.example.org/start']);
      }
      // the same token on its own Space's host
      expect((await check(foreign, B)).status).toBe(200);
    });

    it("a token made before tokens had a Space is taken on a super Space's host only", async () => {
      const token = randomToken(13);
      await requests().insert({ token, used: false, space_id: null });
      expect((await check(token)).status).toBe(302);
      expect((await check(token, SUPER)).status).toBe(200);
    });
  });

  describe('POST /creation_token/validate', () => {
    it('validates an unused token (200 HTML "Thanks for the validation"), form-encoded', async () => {
      const token = await newRequestToken();
      const res = await validate({ account_creation_request_token: token, _token: 'ignored' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('<h1>Thanks for the validation</h1>');
      const row = await requests().findOneByOrFail({ token });
      expect(row.validated_at).toBeInstanceOf(Date);
      expect(Math.abs(row.validated_at!.getTime() - Date.now())).toBeLessThan(60_000);
      expect(row.used).toBe(false);
    });

    it('takes JSON too, in French, and a second validation moves validated_at', async () => {
      const token = await newRequestToken();
      await requests().update({ token }, { validated_at: minutesAgo(60) });
      const res = await http(t)
        .post('/creation_token/validate')
        .set('Accept-Language', 'fr')
        .send({ account_creation_request_token: token });
      expect(res.status).toBe(200);
      expect(res.text).toContain('<h1>Merci pour la validation</h1>');
      const row = await requests().findOneByOrFail({ token });
      expect(Date.now() - row.validated_at!.getTime()).toBeLessThan(60_000);
    });

    it("redirects back without validating anything: missing, unknown, used, other Space's token", async () => {
      const used = await newRequestToken();
      await requests().update({ token: used }, { used: true });
      const foreign = await newRequestToken(B);
      expect((await validate({})).headers.location).toBe('/');
      for (const token of [randomToken(13), used, foreign, 'x'.repeat(5000)]) {
        const res = await validate({ account_creation_request_token: token }).set(
          'Referer',
          `http://localhost/creation_token/check/${token.slice(0, 13)}`,
        );
        expect([res.status, res.headers.location]).toEqual([302, `http://localhost/creation_token/check/${token.slice(0, 13)}`]);
      }
      expect(await requests().findOneByOrFail({ token: foreign })).toMatchObject({ validated_at: null });
      expect(await requests().findOneByOrFail({ token: used })).toMatchObject({ validated_at: null });
    });
  });

  describe('POST /api/account_creation_tokens/using-account-creation-request-token', () => {
    it('turns a validated request token into a creation token (201), and links them', async () => {
      const requestToken = await validated();
      const res = await exchange(requestToken);
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual(['token', 'ip', 'user_agent', 'expire_at']);
      expect(res.body).toMatchObject({ ip: '127.0.0.1', user_agent: 'App/1', expire_at: null });
      expect(res.body.token).toMatch(/^[A-Za-z0-9]{13}$/);
      const created = await t.db.getRepository(AccountCreationToken).findOneByOrFail({ token: res.body.token });
      expect(created).toMatchObject({ used: false, account_id: null, space_id: spaceA.id });
      expect(await requests().findOneByOrFail({ token: requestToken })).toMatchObject({ used: true, acc_creation_token_id: created.id });
    });

    it('the creation token creates an account', async () => {
      const token = (await exchange(await validated())).body.token as string;
      const res = await http(t)
        .post('/api/accounts/with-account-creation-token')
        .send({ username: 'requested', password: 'secret', algorithm: 'SHA-256', account_creation_token: token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ username: 'requested', domain: DOMAIN });
    });

    it('a request token not validated yet → 404 with an empty message, nothing written', async () => {
      const requestToken = await newRequestToken();
      const before = await t.db.getRepository(AccountCreationToken).count();
      const res = await exchange(requestToken);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: '' });
      expect(await t.db.getRepository(AccountCreationToken).count()).toBe(before);
      expect(await requests().findOneByOrFail({ token: requestToken })).toMatchObject({ used: false });
    });

    it('reusing the request token → 422', async () => {
      const requestToken = await validated();
      expect((await exchange(requestToken)).status).toBe(201);
      const again = await exchange(requestToken);
      expect(again.status).toBe(422);
      expect(again.body).toEqual({
        message: 'Please provide a valid account_creation_request_token',
        errors: { account_creation_request_token: ['Please provide a valid account_creation_request_token'] },
      });
    });

    it('missing, unknown, wrong length, wrong type → 422 on the field', async () => {
      const missing = await exchange(undefined);
      expect(missing.status).toBe(422);
      expect(missing.body.errors).toEqual({ account_creation_request_token: ['The account creation request token field is required.'] });
      for (const value of [randomToken(13), 'short', randomToken(14), 1234567890123]) {
        const res = await exchange(value);
        expect([value, res.status, res.body.errors]).toEqual([
          value,
          422,
          { account_creation_request_token: ['Please provide a valid account_creation_request_token'] },
        ]);
      }
    });

    it("another Space's request token answers as an unknown one; the creation token belongs to the Host's Space", async () => {
      const foreign = await validated(B);
      const onA = await exchange(foreign);
      const unknown = await exchange(randomToken(13));
      expect([onA.status, onA.text]).toEqual([unknown.status, unknown.text]);
      const onB = await exchange(foreign, B);
      expect(onB.status).toBe(201);
      expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ token: onB.body.token })).toMatchObject({
        space_id: spaceB.id,
      });
    });

    it('the whole browser-less path: request → validate page → exchange', async () => {
      const requestToken = await newRequestToken();
      expect((await check(requestToken)).status).toBe(200);
      expect((await validate({ account_creation_request_token: requestToken })).status).toBe(200);
      expect((await exchange(requestToken)).status).toBe(201);
      // used now: the page no longer shows it
      expect((await check(requestToken)).status).toBe(302);
    });
  });
});
