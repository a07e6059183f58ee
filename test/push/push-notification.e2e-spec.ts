import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { FakePusher, fakePusher } from '../support/pusher';

const NOT_SENT = { message: 'Push notification not sent' };

describe('POST /api/push_notification without a pusher configured', () => {
  let t: TestApp;
  let user: AccountFixture;
  beforeAll(async () => {
    t = await startApp();
    user = await createAccount(t.db);
  });
  afterAll(() => t.close());

  const push = (body: Record<string, unknown>) => http(t).post('/api/push_notification').set('x-api-key', user.apiKey).send(body);
  const valid = { pn_provider: 'fcm', pn_param: 'param', pn_prid: 'prid', type: 'message' };

  it('valid input, with or without call_id → 503 Push notification not sent', async () => {
    for (const body of [valid, { ...valid, call_id: 'call_id-123' }]) {
      const res = await push(body);
      expect([res.status, res.body]).toEqual([503, NOT_SENT]);
    }
  });

  it.each([
    [
      'call_id "@blabla@"',
      { call_id: '@blabla@' },
      { call_id: ['The call id should only contain only alphanumeric and dashes characters'] },
    ],
    ['call_id null', { call_id: null }, { call_id: ['The call id should only contain only alphanumeric and dashes characters'] }],
    ['pn_provider wrong', { pn_provider: 'wrong' }, { pn_provider: ['The pn provider should be in apns.dev, apns, fcm'] }],
    [
      'pn_param "@wrong"',
      { pn_param: '@wrong' },
      { pn_param: ['The pn param should be null or contain only alphanumeric and underscore characters'] },
    ],
    [
      'pn_prid "@wrong"',
      { pn_prid: '@wrong' },
      { pn_prid: ['The pn prid should be null or contain only alphanumeric, dashes and colon characters'] },
    ],
    [
      'pn_prid and call_id of 256 characters',
      { pn_prid: 'r'.repeat(256), call_id: 'c'.repeat(256) },
      {
        pn_prid: ['The pn prid may not be greater than 255 characters.'],
        call_id: ['The call id may not be greater than 255 characters.'],
      },
    ],
    ['type wrong', { type: 'sms' }, { type: ['The selected type is invalid.'] }],
    [
      'pn_provider and type missing',
      { pn_provider: undefined, type: undefined },
      { pn_provider: ['The pn provider field is required.'], type: ['The type field is required.'] },
    ],
  ])('%s → 422', async (_name, change, errors) => {
    const res = await push({ ...valid, ...change });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(errors);
  });

  it('pn_param and pn_prid may be null', async () => {
    expect((await push({ ...valid, pn_param: null, pn_prid: null })).status).toBe(503);
  });

  it('needs authentication (401)', async () => {
    expect((await http(t).post('/api/push_notification').send(valid)).status).toBe(401);
  });
});

/** The pusher is test/support/fake-pusher.js: a real executable that records its argv. */
describe('POST /api/push_notification with the Flexisip pusher', () => {
  let t: TestApp;
  let pusher: FakePusher;
  let user: AccountFixture;
  const marker = (name: string) => join(pusher.dir, name);
  // values may hold anything but spaces: the keys map is space-separated
  const hostileKey = () =>
    `'";$(touch${'$'}{IFS}${marker('a')})\`touch${'$'}{IFS}${marker('b')}\`|>${marker('c')}&\nrm${'$'}{IFS}-rf${'$'}{IFS}/x\\`;

  beforeAll(async () => {
    pusher = fakePusher();
    t = await startApp({
      ...pusher.env,
      APP_FLEXISIP_PUSHER_FIREBASE_KEYSMAP: `linphone_app:${hostileKey()} other:key:with:colons`,
      LOG_LEVEL: 'debug',
    });
    user = await createAccount(t.db);
  });
  afterAll(async () => {
    await t.close();
    pusher.close();
  });
  beforeEach(() => pusher.mode(0));

  const push = (body: Record<string, unknown>) => http(t).post('/api/push_notification').set('x-api-key', user.apiKey).send(body);

  it("apns call with a call id: 200 with an empty body, the spec's argv", async () => {
    const before = pusher.calls().length;
    const res = await push({ pn_provider: 'apns', pn_param: 'ABCD_voip', pn_prid: 'f8a7:00ff-12', type: 'call', call_id: 'call_id-123' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(pusher.calls().slice(before)).toEqual([
      [
        '--pn-provider',
        'apns',
        '--pn-param',
        'ABCD_voip',
        '--pn-prid',
        'f8a7:00ff-12',
        '--call-id',
        'call_id-123',
        '--apple-push-type',
        'PushKit',
      ],
    ]);
  });

  it('fcm with nulls: empty strings, no APNs type', async () => {
    const before = pusher.calls().length;
    expect((await push({ pn_provider: 'fcm', pn_param: null, pn_prid: null, type: 'message' })).status).toBe(200);
    expect(pusher.calls().slice(before)).toEqual([['--pn-provider', 'fcm', '--pn-param', '', '--pn-prid', '']]);
  });

  it('the Firebase key of pn_param arrives byte for byte as one argument, hostile as it is; nothing is interpreted', async () => {
    const before = pusher.calls().length;
    expect((await push({ pn_provider: 'fcm', pn_param: 'linphone_app', pn_prid: 'prid', type: 'background' })).status).toBe(200);
    expect((await push({ pn_provider: 'apns.dev', pn_param: 'other', pn_prid: 'prid', type: 'message' })).status).toBe(200);
    expect(pusher.calls().slice(before)).toEqual([
      ['--pn-provider', 'fcm', '--pn-param', 'linphone_app', '--pn-prid', 'prid', '--key', hostileKey()],
      [
        '--pn-provider',
        'apns.dev',
        '--pn-param',
        'other',
        '--pn-prid',
        'prid',
        '--apple-push-type',
        'RemoteWithMutableContent',
        '--key',
        'key:with:colons',
      ],
    ]);
    for (const name of ['a', 'b', 'c']) expect([name, existsSync(marker(name))]).toEqual([name, false]);
  });

  it("the pusher's output is logged at debug, the Firebase key redacted", async () => {
    expect((await push({ pn_provider: 'fcm', pn_param: 'linphone_app', pn_prid: 'prid', type: 'background' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.output()).toContain('fake pusher: 8 arguments');
    expect(t.output()).toContain('fake pusher got: --pn-provider fcm --pn-param linphone_app --pn-prid prid --key [Redacted]');
    expect(t.output()).not.toContain(`touch${'$'}{IFS}`);
  });

  it('a pusher that fails (exit 1) → 503', async () => {
    pusher.mode(1);
    const res = await push({ pn_provider: 'fcm', pn_param: 'p', pn_prid: 'r', type: 'message' });
    expect([res.status, res.body]).toEqual([503, NOT_SENT]);
  });

  it('a pusher that hangs is killed after 5 s → 503', async () => {
    pusher.mode('hang');
    const started = Date.now();
    const res = await push({ pn_provider: 'fcm', pn_param: 'p', pn_prid: 'r', type: 'message' });
    expect([res.status, res.body]).toEqual([503, NOT_SENT]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
    expect(Date.now() - started).toBeLessThan(9000);
  }, 20_000);
});

describe('POST /api/push_notification with a pusher path that does not exist', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ APP_FLEXISIP_PUSHER_PATH: '/nonexistent/flexisip_pusher' });
  });
  afterAll(() => t.close());

  it('→ 503 (ENOENT), never a 500', async () => {
    const { apiKey } = await createAccount(t.db);
    const res = await http(t).post('/api/push_notification').set('x-api-key', apiKey).send({ pn_provider: 'fcm', type: 'message' });
    expect([res.status, res.body]).toEqual([503, NOT_SENT]);
  });
});
