import { startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { FakePusher, fakePusher } from '../support/pusher';
import { AccountCreationToken } from '../../src/tokens/entities/account-creation-token.entity';

const CAP = 4;

/**
 * Issue 15, item 5: 100 parallel anonymous send-by-push requests had up to 90
 * pusher processes alive at once. The stand-in (test/support/fake-pusher.js)
 * sleeps, and records how many of its kind were alive when each started.
 */
describe('APP_FLEXISIP_PUSHER_MAX_PROCESSES', () => {
  let t: TestApp;
  let pusher: FakePusher;
  let user: AccountFixture;
  beforeAll(async () => {
    pusher = fakePusher({ FAKE_PUSHER_SLEEP_MS: '1500' });
    t = await startApp({ ...pusher.env, APP_FLEXISIP_PUSHER_MAX_PROCESSES: String(CAP) });
    user = await createAccount(t.db);
  });
  afterAll(async () => {
    await t.close();
    pusher.close();
  });

  const tokens = () => t.db.getRepository(AccountCreationToken);
  const prids = (argvs: string[][]) => argvs.map((argv) => argv[argv.indexOf('--pn-prid') + 1]);

  it('50 parallel send-by-push: at most the cap of pushers alive; past it 503 with Retry-After and nothing saved', async () => {
    const devices = Array.from({ length: 50 }, (_, i) => ({ pn_provider: 'fcm', pn_param: 'burst', pn_prid: `device-${i}` }));
    const responses = await Promise.all(devices.map((device) => http(t).post('/api/account_creation_tokens/send-by-push').send(device)));

    expect(pusher.mostAlive()).toBeLessThanOrEqual(CAP);
    // the cap was reached, else this test would show nothing
    expect(pusher.mostAlive()).toBeGreaterThan(1);

    const sent = devices.filter((_, i) => responses[i].status === 200).map((d) => d.pn_prid);
    const refused = responses.filter((res) => res.status !== 200);
    expect(sent.length).toBeGreaterThanOrEqual(CAP);
    expect(refused.length).toBeGreaterThan(0);
    for (const res of refused) {
      expect([res.status, res.body, res.headers['retry-after']]).toEqual([503, { message: 'Token not sent' }, '5']);
    }
    // a pusher ran for each 200 only, and only their tokens are saved
    expect(prids(pusher.calls()).sort()).toEqual([...sent].sort());
    const saved = await tokens().find({ where: { pn_param: 'burst' } });
    expect(saved.map((token) => token.pn_prid).sort()).toEqual([...sent].sort());
  }, 60_000);

  it('POST /api/push_notification shares the cap: 503 Push notification not sent with Retry-After', async () => {
    const before = pusher.calls().length;
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        http(t)
          .post('/api/push_notification')
          .set('x-api-key', user.apiKey)
          .send({ pn_provider: 'fcm', pn_param: 'p', pn_prid: `n-${i}`, type: 'message' }),
      ),
    );
    expect(pusher.mostAlive()).toBeLessThanOrEqual(CAP);
    const ok = responses.filter((res) => res.status === 200);
    const refused = responses.filter((res) => res.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    for (const res of refused) {
      expect([res.status, res.body, res.headers['retry-after']]).toEqual([503, { message: 'Push notification not sent' }, '5']);
    }
    expect(pusher.calls().length - before).toBe(ok.length);
  }, 60_000);

  it('a place frees when its pusher ends: later pushes go through', async () => {
    // the previous bursts are over (each sleeps 1.5 s)
    await new Promise((r) => setTimeout(r, 2000));
    const res = await http(t)
      .post('/api/account_creation_tokens/send-by-push')
      .send({ pn_provider: 'fcm', pn_param: 'after', pn_prid: 'device-x' });
    expect(res.status).toBe(200);
  });
});

/**
 * Issue 15, item 5: the pusher received `--help` from a `pn_prid` of
 * `--help`. flexisip_pusher has no end-of-options marker (docs/decisions.md),
 * so such values are refused with the field's 422 before anything runs.
 */
describe('values that would read as options of the pusher', () => {
  let t: TestApp;
  let pusher: FakePusher;
  let user: AccountFixture;
  beforeAll(async () => {
    pusher = fakePusher();
    t = await startApp(pusher.env);
    user = await createAccount(t.db);
  });
  afterAll(async () => {
    await t.close();
    pusher.close();
  });

  const sendByPush = (body: Record<string, unknown>, lang = 'en') =>
    http(t)
      .post('/api/account_creation_tokens/send-by-push')
      .set('Accept-Language', lang)
      .send({ pn_provider: 'fcm', pn_param: 'app', pn_prid: 'device', ...body });
  const push = (body: Record<string, unknown>, lang = 'en') =>
    http(t)
      .post('/api/push_notification')
      .set('x-api-key', user.apiKey)
      .set('Accept-Language', lang)
      .send({ pn_provider: 'apns', pn_param: 'app', pn_prid: 'device', type: 'call', ...body });

  it.each(['--help', '-h', '--pn-provider', '-'])('send-by-push: pn_prid %j → 422 (en, fr), no pusher run, no token', async (prid) => {
    const tokens = await t.db.getRepository(AccountCreationToken).count();
    const en = await sendByPush({ pn_prid: prid });
    expect([en.status, en.body.errors]).toEqual([422, { pn_prid: ['The pn prid must not start with a dash.'] }]);
    const fr = await sendByPush({ pn_prid: prid }, 'fr');
    expect([fr.status, fr.body.errors]).toEqual([422, { pn_prid: ['Le champ pn prid ne doit pas commencer par un tiret.'] }]);
    expect(pusher.calls()).toEqual([]);
    expect(await t.db.getRepository(AccountCreationToken).count()).toBe(tokens);
  });

  it.each([
    ['pn_prid', { pn_prid: '--debug' }, 'The pn prid must not start with a dash.'],
    ['call_id', { call_id: '--key' }, 'The call id must not start with a dash.'],
    ['pn_param', { pn_param: '-x' }, 'The pn param should be null or contain only alphanumeric and underscore characters'],
  ])('push_notification: %s starting with "-" → 422, no pusher run', async (field, change, message) => {
    const res = await push(change);
    expect([res.status, res.body.errors]).toEqual([422, { [field]: [message] }]);
    expect(pusher.calls()).toEqual([]);
  });

  it('a dash inside a value is still fine', async () => {
    expect((await push({ pn_prid: 'ab-cd:ef', call_id: 'call-1' })).status).toBe(200);
    expect((await sendByPush({ pn_prid: 'ab-cd:ef' })).status).toBe(200);
    expect(pusher.calls()).toHaveLength(2);
  });
});
