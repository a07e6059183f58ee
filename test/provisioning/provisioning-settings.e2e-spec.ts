import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProvisioningToken } from '../../src/account-core/entities/provisioning-token.entity';
import { minutesAgo } from '../../src/database/timestamps';
import { adminWorld, AdminWorld, body } from '../support/admin-world';
import { createAccount, http } from '../support/fixtures';
import { lpObject, lpValue, parseLpconfig } from '../support/lpconfig';

const TURN_SECRET = 'turn-secret&"<>';
const RC = `; operator settings
[sip]
register_only_when_network_is_up = true
[app]
note = "<b>Tom & Jerry's</b> ; \u0007"
empty = none
[auth_info_0]
userid = legacy
`;

/**
 * The settings that change the XML: no header required, TURN configured, an
 * RC file, overwrite on every entry, provisioning tokens that expire.
 */
describe('provisioning with its settings', () => {
  let w: AdminWorld;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flexiapi-rc-'));
    writeFileSync(join(dir, 'linphone.rc'), RC);
    w = await adminWorld({
      ACCOUNT_PROVISIONING_USE_X_LINPHONE_PROVISIONING_HEADER: 'false',
      ACCOUNT_PROVISIONING_RC_FILE: join(dir, 'linphone.rc'),
      ACCOUNT_PROVISIONING_OVERWRITE_ALL: 'true',
      APP_PROVISIONING_TOKEN_EXPIRATION_MINUTES: '10',
      COTURN_SERVER_HOST: 'turn.example.org',
      COTURN_STATIC_AUTH_SECRET: TURN_SECRET,
      COTURN_SESSION_TTL_MINUTES: '60',
    });
  });
  afterAll(async () => {
    await w.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ok = (res: { status: number; headers: Record<string, string>; text: string }) => {
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml');
    return parseLpconfig(res.text);
  };

  it('without the header → 200 when ACCOUNT_PROVISIONING_USE_X_LINPHONE_PROVISIONING_HEADER is false', async () => {
    const sections = ok(await http(w.t).get('/provisioning'));
    // RC sections first, in file order, then misc; no account, so no TURN and no ha1
    expect(sections.map((s) => s.name)).toEqual(['sip', 'app', 'auth_info_0', 'misc']);
    expect(lpObject(sections).app).toEqual({ note: "<b>Tom & Jerry's</b> ; ", empty: '' });
    expect(lpValue(sections, 'sip', 'register_only_when_network_is_up')).toBe('1');
  });

  it('every entry carries overwrite="true", empty ones too', async () => {
    const res = await http(w.t).get('/provisioning');
    ok(res);
    expect(res.text).toContain('<entry name="empty" overwrite="true"/>');
    const entries = parseLpconfig(res.text).flatMap((s) => s.entries);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.overwrite === 'true')).toBe(true);
  });

  it('with an account: TURN in net, nat_policy_0 and the RC auth_info_0, the passwords after it', async () => {
    const f = await createAccount(w.t.db, { username: 'turnuser', algorithms: ['SHA-256'] });
    const sections = ok(await http(w.t).get('/provisioning/me').set('x-api-key', f.apiKey));
    expect(sections.map((s) => s.name)).toEqual(['sip', 'app', 'auth_info_0', 'misc', 'ui', 'proxy_0', 'net', 'nat_policy_0']);
    const ref = lpValue(sections, 'net', 'nat_policy_ref')!;
    expect(ref).toMatch(/^[A-Za-z0-9]{8}$/);
    const policy = lpObject(sections).nat_policy_0;
    expect(policy).toMatchObject({ ref, stun_server: 'turn.example.org', protocols: 'turn,ice' });
    expect(policy.stun_server_username).toMatch(/^\d+:[A-Za-z0-9]{16}$/);
    // the RC file's auth_info_0 gets the TURN pair, then (index still 0) the account's password
    const auth = sections.find((s) => s.name === 'auth_info_0')!.entries.map((e) => [e.name, e.value]);
    expect(auth.map(([name]) => name)).toEqual(['userid', 'username', 'passwd', 'username', 'domain', 'ha1', 'realm', 'algorithm']);
    expect(auth[1][1]).toBe(policy.stun_server_username);
    expect(auth[2][1]).toBe(createHmac('sha1', TURN_SECRET).update(policy.stun_server_username).digest('base64'));
    expect(auth[7][1]).toBe('SHA-256');
  });

  it('a token older than APP_PROVISIONING_TOKEN_EXPIRATION_MINUTES → 410 Expired, nothing consumed', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'latecomer', activated: false }));
    const token = res.body.provisioning_token as string;
    await w.t.db.getRepository(ProvisioningToken).update({ token }, { created_at: minutesAgo(1000) });
    const late = await http(w.t).get(`/provisioning/${token}`);
    expect(late.status).toBe(410);
    expect(late.body).toEqual({ message: 'Expired' });
    expect((await w.t.db.getRepository(ProvisioningToken).findOneByOrFail({ token })).used).toBe(false);
  });

  it('a fresh token within the expiration → 200', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'intime', activated: false }));
    const sections = ok(await http(w.t).get(`/provisioning/${res.body.provisioning_token}`));
    expect(lpValue(sections, 'proxy_0', 'reg_identity')).toBe('<sip:intime@sip.example.org>');
  });
});

describe('provisioning with a broken RC file and without TURN', () => {
  let w: AdminWorld;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flexiapi-rc-'));
    writeFileSync(join(dir, 'broken.rc'), '[sip]\nthis line has no equals sign\n');
    w = await adminWorld({ ACCOUNT_PROVISIONING_RC_FILE: join(dir, 'broken.rc') });
  });
  afterAll(async () => {
    await w.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a malformed RC file is treated as absent', async () => {
    const res = await http(w.t).get('/provisioning').set('x-linphone-provisioning', '');
    expect(res.status).toBe(200);
    expect(parseLpconfig(res.text).map((s) => s.name)).toEqual(['misc']);
  });

  it("no TURN: no net or nat_policy section in an account's XML", async () => {
    const f = await createAccount(w.t.db, { username: 'noturnxml' });
    const res = await http(w.t).get('/provisioning/me').set('x-api-key', f.apiKey).set('x-linphone-provisioning', '');
    expect(parseLpconfig(res.text).map((s) => s.name)).toEqual(['misc', 'ui', 'proxy_0', 'auth_info_0']);
  });
});
