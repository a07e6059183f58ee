import { DOMAIN, startApp, TestApp } from '../support/app';
import { createSpace, createToken, http } from '../support/fixtures';
import { FakePusher, fakePusher } from '../support/pusher';
import { minutesAgo } from '../../src/database/timestamps';
import { Space } from '../../src/account-core/entities/space.entity';
import { AccountCreationToken } from '../../src/tokens/entities/account-creation-token.entity';

const NOT_SENT = { message: 'Token not sent' };
const TOO_RECENT = { message: 'Last token requested too recently' };
const B = 'b.example.org';

describe('POST /api/account_creation_tokens/send-by-push without a pusher configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const send = (body: Record<string, unknown>) => http(t).post('/api/account_creation_tokens/send-by-push').send(body);
  const tokens = () => t.db.getRepository(AccountCreationToken);
  const device = { pn_provider: 'fcm', pn_param: 'param', pn_prid: 'prid' };

  it.each([
    ['pn_provider "wrong"', { ...device, pn_provider: 'wrong' }, { pn_provider: ['The pn provider should be in apns.dev, apns, fcm'] }],
    [
      'pn_param "@wrong"',
      { ...device, pn_param: '@wrong' },
      { pn_param: ['The pn param should be null or contain only alphanumeric and underscore characters'] },
    ],
    [
      'pn_prid "@wrong"',
      { ...device, pn_prid: '@wrong' },
      { pn_prid: ['The pn prid should be null or contain only alphanumeric, dashes and colon characters'] },
    ],
    [
      'pn_param longer than its column',
      { ...device, pn_param: 'p'.repeat(256) },
      { pn_param: ['The pn param may not be greater than 255 characters.'] },
    ],
    ['all three null', { pn_provider: null, pn_param: null, pn_prid: null }, { pn_provider: ['The pn provider field is required.'] }],
  ])('%s → 422, no token row', async (_name, body, errors) => {
    const before = await tokens().count();
    const res = await send(body);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(errors);
    expect(await tokens().count()).toBe(before);
  });

  it('valid parameters → 503 Token not sent, nothing saved; an unused token of the device does not throttle; a used one does (429)', async () => {
    const before = await tokens().count();
    const res = await send(device);
    expect([res.status, res.body]).toEqual([503, NOT_SENT]);
    expect(await tokens().count()).toBe(before);

    await createToken(t.db, { ...device });
    expect((await send(device)).status).toBe(503);

    await tokens().update({ pn_provider: 'fcm', pn_param: 'param', pn_prid: 'prid' }, { used: true });
    const throttled = await send(device);
    expect([throttled.status, throttled.body]).toEqual([429, TOO_RECENT]);
  });

  it('nulls are accepted (deviation 5: no 500), and null matches null for the throttle', async () => {
    const nulls = { pn_provider: 'apns', pn_param: null, pn_prid: null };
    expect((await send(nulls)).status).toBe(503);
    await createToken(t.db, { pn_provider: 'apns', pn_param: null, pn_prid: null, used: true });
    expect((await send(nulls)).status).toBe(429);
    expect((await send({ ...nulls, pn_prid: 'other' })).status).toBe(503);
  });
});

/** The pusher is test/support/fake-pusher.js: a real executable that records its argv. */
describe('POST /api/account_creation_tokens/send-by-push with the Flexisip pusher', () => {
  let t: TestApp;
  let pusher: FakePusher;
  let spaceA: Space;
  let spaceB: Space;
  let n = 0;
  beforeAll(async () => {
    pusher = fakePusher();
    t = await startApp({ ...pusher.env, APP_API_ACCOUNT_CREATION_TOKEN_RETRY_MINUTES: '30', LOG_LEVEL: 'debug' });
    spaceA = await t.db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
    spaceB = await createSpace(t.db, B);
  });
  afterAll(async () => {
    await t.close();
    pusher.close();
  });
  beforeEach(() => pusher.mode(0));

  const send = (body: Record<string, unknown>, host?: string) =>
    http(t).post('/api/account_creation_tokens/send-by-push', host).set('User-Agent', 'Linphone/6').send(body);
  const tokens = () => t.db.getRepository(AccountCreationToken);
  /** a device never seen before */
  const newDevice = (provider = 'apns') => ({ pn_provider: provider, pn_param: `team_voip${++n}`, pn_prid: `prid-${n}:ab` });
  /** the token the last push carried */
  const pushedToken = (): string => {
    const argv = pusher.calls().at(-1)!;
    return (JSON.parse(argv[argv.indexOf('--customPayload') + 1]) as { token: string }).token;
  };

  it('apns: the pusher gets the token as payload and the Background type; 200 empty body; the token is saved with the device', async () => {
    const device = newDevice('apns');
    const res = await send(device);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const token = pushedToken();
    expect(token).toMatch(/^[A-Za-z0-9]{13}$/);
    expect(pusher.calls().at(-1)).toEqual([
      '--pn-provider',
      'apns',
      '--pn-param',
      device.pn_param,
      '--pn-prid',
      device.pn_prid,
      '--customPayload',
      JSON.stringify({ token }),
      '--apple-push-type',
      'Background',
    ]);
    expect(await tokens().findOneByOrFail({ token })).toMatchObject({
      ...device,
      used: false,
      account_id: null,
      ip: '127.0.0.1',
      user_agent: 'Linphone/6',
      space_id: spaceA.id,
    });
  });

  it("fcm and null fields: no APNs type, empty strings; the token belongs to the Host's Space", async () => {
    const res = await send({ pn_provider: 'fcm', pn_param: null, pn_prid: null }, B);
    expect(res.status).toBe(200);
    expect(pusher.calls().at(-1)).toEqual([
      '--pn-provider',
      'fcm',
      '--pn-param',
      '',
      '--pn-prid',
      '',
      '--customPayload',
      JSON.stringify({ token: pushedToken() }),
    ]);
    expect(await tokens().findOneByOrFail({ token: pushedToken() })).toMatchObject({ pn_param: null, pn_prid: null, space_id: spaceB.id });
  });

  it('the pushed token creates an account; the device is then throttled (429) for the retry window, other devices are not', async () => {
    const device = newDevice();
    expect((await send(device)).status).toBe(200);
    const token = pushedToken();
    const created = await http(t)
      .post('/api/accounts/with-account-creation-token')
      .send({ username: `pushed${n}`, password: 'secret', algorithm: 'SHA-256', account_creation_token: token });
    expect(created.status).toBe(200);

    const calls = pusher.calls().length;
    const again = await send(device);
    expect([again.status, again.body]).toEqual([429, TOO_RECENT]);
    expect(pusher.calls().length).toBe(calls);
    // per device, whatever the Space
    expect((await send(device, B)).status).toBe(429);
    expect((await send(newDevice())).status).toBe(200);

    // outside APP_API_ACCOUNT_CREATION_TOKEN_RETRY_MINUTES (30)
    await tokens().update({ token }, { created_at: minutesAgo(31) });
    expect((await send(device)).status).toBe(200);
  });

  it('several unused tokens of one device: each push is sent and saved', async () => {
    const device = newDevice('fcm');
    expect((await send(device)).status).toBe(200);
    expect((await send(device)).status).toBe(200);
    expect(await tokens().countBy({ pn_param: device.pn_param, used: false })).toBe(2);
  });

  it('a pusher that fails (exit 1) or hangs → 503 Token not sent, nothing saved', async () => {
    for (const mode of [1, 'hang'] as const) {
      pusher.mode(mode);
      const device = newDevice();
      const res = await send(device);
      expect([mode, res.status, res.body]).toEqual([mode, 503, NOT_SENT]);
      expect(await tokens().countBy({ pn_param: device.pn_param })).toBe(0);
    }
  }, 20_000);

  it('the pushed token never reaches the log, even when the pusher prints it', async () => {
    expect((await send(newDevice())).status).toBe(200);
    const token = pushedToken();
    await new Promise((r) => setTimeout(r, 300));
    expect(t.output()).toContain('--customPayload {\\"token\\":\\"[Redacted]\\"}');
    expect(t.output()).not.toContain(token);
  });
});

describe('POST /api/account_creation_tokens/send-by-push with a pusher path that does not exist', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ APP_FLEXISIP_PUSHER_PATH: '/nonexistent/flexisip_pusher' });
  });
  afterAll(() => t.close());

  it('→ 503 (ENOENT), nothing saved', async () => {
    const res = await http(t).post('/api/account_creation_tokens/send-by-push').send({ pn_provider: 'fcm', pn_param: 'p', pn_prid: 'r' });
    expect([res.status, res.body]).toEqual([503, NOT_SENT]);
    expect(await t.db.getRepository(AccountCreationToken).count()).toBe(0);
  });
});
