import jwt from 'jsonwebtoken';
import { DOMAIN, startApp, TestApp } from '../support/app';
import { createAccount, createSpace, http } from '../support/fixtures';
import { authorization, challenges, wwwAuthenticate } from '../support/digest-client';
import { rsaPair, signRawRs256 } from '../support/jwt';

const ME = '/api/accounts/me';

const keys = rsaPair();
const otherKeys = rsaPair();

const sign = (claims: object, options: jwt.SignOptions = {}, key: string = keys.privateKey) =>
  jwt.sign(claims, key, { algorithm: 'RS256', ...options });

const bearerError = (description: string) => `Bearer error="invalid_token", error_description="${description}"`;

describe('JWT authentication (auth.md §1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ JWT_RSA_PUBLIC_KEY_PEM: keys.publicKey });
  });
  afterAll(() => t.close());

  it('authenticates the account named by the sip_identity claim', async () => {
    const f = await createAccount(t.db);
    const token = sign({ sip_identity: `sip:${f.account.username}@${DOMAIN}` });
    const res = await http(t).get(ME).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: f.account.id, username: f.account.username });
  });

  it.each(['RS384', 'RS512'] as const)('accepts %s', async (algorithm) => {
    const f = await createAccount(t.db);
    const token = sign({ sip_identity: `sip:${f.account.username}@${DOMAIN}` }, { algorithm });
    expect((await http(t).get(ME).set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  it('falls back on the email claim (first account with that email)', async () => {
    const f = await createAccount(t.db, { email: 'jwt-user@example.com' });
    await createAccount(t.db, { email: 'jwt-user@example.com' });
    const res = await http(t)
      .get(ME)
      .set('Authorization', `Bearer ${sign({ email: 'jwt-user@example.com' })}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(f.account.id);
  });

  it('takes the token after the last "Bearer ", cut at a comma', async () => {
    const f = await createAccount(t.db);
    const token = sign({ sip_identity: `sip:${f.account.username}@${DOMAIN}` });
    const res = await http(t).get(ME).set('Authorization', `Bearer garbage, Bearer ${token}, extra="x"`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(f.account.id);
  });

  it('skips the API key and DIGEST layers', async () => {
    const f = await createAccount(t.db);
    const other = await createAccount(t.db);
    const token = sign({ sip_identity: `sip:${f.account.username}@${DOMAIN}` });
    const res = await http(t).get(ME).set('Authorization', `Bearer ${token}`).set('x-api-key', other.apiKey);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(f.account.id);
  });

  it('answers 401 Invalid JWT token signature to a token signed with another key', async () => {
    const f = await createAccount(t.db);
    const token = sign({ sip_identity: `sip:${f.account.username}@${DOMAIN}` }, {}, otherKeys.privateKey);
    const res = await http(t).get(ME).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid JWT token signature' });
    expect(wwwAuthenticate(res)).toEqual([bearerError('Invalid JWT token signature')]);
  });

  it('answers 401 Expired JWT token to an expired token', async () => {
    const f = await createAccount(t.db);
    const token = sign({ sip_identity: `sip:${f.account.username}@${DOMAIN}`, exp: Math.floor(Date.now() / 1000) - 60 });
    const res = await http(t).get(ME).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Expired JWT token' });
    expect(wwwAuthenticate(res)).toEqual([bearerError('Expired JWT token')]);
  });

  it('accepts a token whose exp is in the future and ignores nbf', async () => {
    const f = await createAccount(t.db);
    const nowS = Math.floor(Date.now() / 1000);
    const token = sign({ sip_identity: `sip:${f.account.username}@${DOMAIN}`, exp: nowS + 600, nbf: nowS + 300 });
    expect((await http(t).get(ME).set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  it('answers 401 Unsupported RSA signature to an HS256 token', async () => {
    const f = await createAccount(t.db);
    const token = jwt.sign({ sip_identity: `sip:${f.account.username}@${DOMAIN}` }, 'a-shared-secret', { algorithm: 'HS256' });
    const res = await http(t).get(ME).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unsupported RSA signature' });
    expect(wwwAuthenticate(res)).toEqual([bearerError('Unsupported RSA signature')]);
  });

  it('answers 401 Unsupported RSA signature to an unsigned token (alg none)', async () => {
    const f = await createAccount(t.db);
    const token = jwt.sign({ sip_identity: `sip:${f.account.username}@${DOMAIN}` }, '', { algorithm: 'none' });
    const res = await http(t).get(ME).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unsupported RSA signature' });
  });

  it('finds the account in any Space, then applies the cross-Space rule', async () => {
    await createSpace(t.db, 'jwt-other.test');
    const f = await createAccount(t.db, { domain: 'jwt-other.test' });
    const token = sign({ sip_identity: `sip:${f.account.username}@jwt-other.test` });
    const own = await http(t).get(ME, 'jwt-other.test').set('Authorization', `Bearer ${token}`);
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(f.account.id);
    const other = await http(t).get(ME).set('Authorization', `Bearer ${token}`);
    expect(other.status).toBe(403);
    expect(other.body).toEqual({ message: 'Unauthorized area' });
  });

  it('answers 401 Invalid JWT token to garbage', async () => {
    const res = await http(t).get(ME).set('Authorization', 'Bearer this-is-not-a-jwt');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid JWT token' });
    expect(wwwAuthenticate(res)).toEqual([bearerError('Invalid JWT token')]);
  });

  it('answers 401 Invalid JWT token to three parts that are not JSON', async () => {
    const res = await http(t).get(ME).set('Authorization', 'Bearer aaa.bbb.ccc');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid JWT token' });
  });

  it.each(['[1,2]', '["sip:x@sip.example.org"]', '"a string"', '42', '1', 'true', 'null'])(
    'answers 401 Invalid JWT token to a correctly signed token whose payload is %s',
    async (payload) => {
      const res = await http(t)
        .get(ME)
        .set('Authorization', `Bearer ${signRawRs256(payload, keys.privateKey)}`);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Invalid JWT token' });
      expect(wwwAuthenticate(res)).toEqual([bearerError('Invalid JWT token')]);
    },
  );

  it.each(['null', '[]', '"RS256"', '7'])('answers 401 Invalid JWT token to a header that is %s', async (header) => {
    const f = await createAccount(t.db);
    const payload = JSON.stringify({ sip_identity: `sip:${f.account.username}@${DOMAIN}` });
    const res = await http(t)
      .get(ME)
      .set('Authorization', `Bearer ${signRawRs256(payload, keys.privateKey, header)}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Invalid JWT token' });
  });

  it('still authenticates a token signed the same way with an object payload (the helper is sound)', async () => {
    const f = await createAccount(t.db);
    const payload = JSON.stringify({ sip_identity: `sip:${f.account.username}@${DOMAIN}` });
    const res = await http(t)
      .get(ME)
      .set('Authorization', `Bearer ${signRawRs256(payload, keys.privateKey)}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(f.account.id);
  });

  describe('claims of the wrong type answer 401 Invalid JWT token', () => {
    let f: Awaited<ReturnType<typeof createAccount>>;
    beforeAll(async () => {
      f = await createAccount(t.db, { email: 'typed-claims@example.com' });
    });
    const identity = () => `sip:${f.account.username}@${DOMAIN}`;

    it.each<[string, () => object]>([
      ['sip_identity a number', () => ({ sip_identity: 42 })],
      ['sip_identity an array of the right address', () => ({ sip_identity: [identity()] })],
      ['sip_identity an object', () => ({ sip_identity: { toString: identity() } })],
      ['sip_identity null', () => ({ sip_identity: null })],
      ['sip_identity a boolean, with a right email', () => ({ sip_identity: true, email: 'typed-claims@example.com' })],
      ['email an object', () => ({ email: { address: 'typed-claims@example.com' } })],
      ['email an array', () => ({ email: ['typed-claims@example.com'] })],
      ['email a number', () => ({ email: 7 })],
      ['exp a string', () => ({ sip_identity: identity(), exp: String(Math.floor(Date.now() / 1000) + 600) })],
      ['exp an object', () => ({ sip_identity: identity(), exp: {} })],
    ])('%s', async (_, claims) => {
      const res = await http(t)
        .get(ME)
        .set('Authorization', `Bearer ${signRawRs256(JSON.stringify(claims()), keys.privateKey)}`);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ message: 'Invalid JWT token' });
      expect(wwwAuthenticate(res)).toEqual([bearerError('Invalid JWT token')]);
    });

    it('while the same claims with the right types authenticate', async () => {
      for (const claims of [{ sip_identity: identity() }, { email: 'typed-claims@example.com' }]) {
        const res = await http(t)
          .get(ME)
          .set('Authorization', `Bearer ${signRawRs256(JSON.stringify(claims), keys.privateKey)}`);
        expect(res.status).toBe(200);
        expect(res.body.id).toBe(f.account.id);
      }
    });
  });

  it('answers 403 when the sip_identity names nobody', async () => {
    const res = await http(t)
      .get(ME)
      .set('Authorization', `Bearer ${sign({ sip_identity: `sip:nobody@${DOMAIN}` })}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'The JWT token is not related to someone in the system' });
  });

  it('does not try the email claim when the sip_identity claim names nobody', async () => {
    await createAccount(t.db, { email: 'jwt-fallback@example.com' });
    const token = sign({ sip_identity: `sip:nobody@${DOMAIN}`, email: 'jwt-fallback@example.com' });
    const res = await http(t).get(ME).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'The JWT token is not related to someone in the system' });
  });

  it('answers 403 to a sip_identity without @', async () => {
    const res = await http(t)
      .get(ME)
      .set('Authorization', `Bearer ${sign({ sip_identity: 'sip:nobody' })}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'The JWT token is not related to someone in the system' });
  });

  it('answers 403 to an unknown email and to a token without identity claims', async () => {
    const unknown = await http(t)
      .get(ME)
      .set('Authorization', `Bearer ${sign({ email: 'nobody@example.com' })}`);
    expect(unknown.status).toBe(403);
    expect(unknown.body).toEqual({ message: 'The JWT token is not related to someone in the system' });
    const none = await http(t)
      .get(ME)
      .set('Authorization', `Bearer ${sign({ sub: '42' })}`);
    expect(none.status).toBe(403);
    expect(none.body).toEqual({ message: 'The JWT token is not related to someone in the system' });
  });

  it('still runs the blocked check after JWT', async () => {
    const f = await createAccount(t.db, { blocked: true });
    const token = sign({ sip_identity: `sip:${f.account.username}@${DOMAIN}` });
    const res = await http(t).get(ME).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Account blocked' });
  });

  it('lets API keys work when no bearer token is sent', async () => {
    const f = await createAccount(t.db);
    expect((await http(t).get(ME).set('x-api-key', f.apiKey)).status).toBe(200);
  });

  it('lets DIGEST work when no bearer token is sent', async () => {
    const f = await createAccount(t.db, { algorithms: ['MD5'] });
    const from = `sip:${f.account.username}@${DOMAIN}`;
    const first = await http(t).get(ME).set('From', from);
    expect(first.status).toBe(401);
    const [c] = challenges(first);
    const res = await http(t)
      .get(ME)
      .set('From', from)
      .set(
        'Authorization',
        authorization({
          username: f.account.username,
          password: f.password,
          realm: c.realm,
          nonce: c.nonce,
          opaque: c.opaque,
          method: 'GET',
          uri: ME,
        }),
      );
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(f.account.id);
  });
});

describe('JWT with an explicitly empty JWT_SIP_IDENTIFIER', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ JWT_RSA_PUBLIC_KEY_PEM: keys.publicKey, JWT_SIP_IDENTIFIER: '' });
  });
  afterAll(() => t.close());

  it('uses only the email claim', async () => {
    const f = await createAccount(t.db, { email: 'only-email@example.com' });
    const token = sign({ sip_identity: `sip:nobody@${DOMAIN}`, email: 'only-email@example.com' });
    const res = await http(t).get(ME).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(f.account.id);
  });
});

describe('ACCOUNT_AUTHENTICATION_BEARER without JWT key (auth.md §1)', () => {
  const BEARER = 'authz_server="https://sso.test/", realm="sip.test.org"';
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ ACCOUNT_AUTHENTICATION_BEARER: BEARER });
  });
  afterAll(() => t.close());

  it('answers 401 with only the Bearer challenge to a request without credentials', async () => {
    const res = await http(t).get(ME);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthenticated request' });
    expect(wwwAuthenticate(res)).toEqual([`Bearer ${BEARER}`]);
  });

  it('refuses a valid API key', async () => {
    const f = await createAccount(t.db);
    const res = await http(t).get(ME).set('x-api-key', f.apiKey);
    expect(res.status).toBe(401);
    expect(wwwAuthenticate(res)).toEqual([`Bearer ${BEARER}`]);
  });

  it('answers 401, not 404, to an unknown From', async () => {
    const res = await http(t).get(ME).set('From', 'sip:missing@username');
    expect(res.status).toBe(401);
    expect(wwwAuthenticate(res)[0]).toBe(`Bearer ${BEARER}`);
  });

  it('answers 401 to a known From: DIGEST is off', async () => {
    const f = await createAccount(t.db, { algorithms: ['MD5'] });
    const res = await http(t).get(ME).set('From', `sip:${f.account.username}@${DOMAIN}`);
    expect(res.status).toBe(401);
    expect(wwwAuthenticate(res)).toEqual([`Bearer ${BEARER}`]);
  });

  it('answers 401 to a bearer token when no PEM is configured', async () => {
    const res = await http(t).get(ME).set('Authorization', 'Bearer 1234');
    expect(res.status).toBe(401);
    expect(wwwAuthenticate(res)).toEqual([`Bearer ${BEARER}`]);
  });

  it('leaves public routes alone', async () => {
    expect((await http(t).get('/api/ping')).status).toBe(200);
  });
});

describe('ACCOUNT_AUTHENTICATION_BEARER with a JWT key', () => {
  const BEARER = 'authz_server="https://sso.test/", realm="sip.test.org"';
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ ACCOUNT_AUTHENTICATION_BEARER: BEARER, JWT_RSA_PUBLIC_KEY_PEM: keys.publicKey });
  });
  afterAll(() => t.close());

  it('authenticates a valid JWT', async () => {
    const f = await createAccount(t.db);
    const token = sign({ sip_identity: `sip:${f.account.username}@${DOMAIN}` });
    const res = await http(t).get(ME).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(f.account.id);
  });

  it('prefixes JWT errors with the setting', async () => {
    const f = await createAccount(t.db);
    const token = sign({ sip_identity: `sip:${f.account.username}@${DOMAIN}`, exp: Math.floor(Date.now() / 1000) - 60 });
    const res = await http(t).get(ME).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(wwwAuthenticate(res)).toEqual([`Bearer ${BEARER}, error="invalid_token", error_description="Expired JWT token"`]);
  });

  it('answers the Bearer challenge to a request without token', async () => {
    const f = await createAccount(t.db);
    const res = await http(t).get(ME).set('x-api-key', f.apiKey);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Unauthenticated request' });
    expect(wwwAuthenticate(res)).toEqual([`Bearer ${BEARER}`]);
  });
});
