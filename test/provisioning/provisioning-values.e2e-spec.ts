import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Account } from '../../src/account-core/entities/account.entity';
import { DOMAIN, startApp, TestApp } from '../support/app';
import { createAccount, http } from '../support/fixtures';
import { lpValue, parseLpconfig } from '../support/lpconfig';

const REGISTRAR = 'proxy.example.org:5061;transport=tls';

/**
 * What the values of the XML may carry (issue 15 item 6) and the reg_proxy
 * of ACCOUNT_PROXY_REGISTRAR_ADDRESS (deviation 33). The RC file is read on
 * every request, so each test writes the one it needs.
 */
describe('provisioning values', () => {
  let t: TestApp;
  let dir: string;
  let rc: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flexiapi-values-'));
    rc = join(dir, 'linphone.rc');
    writeFileSync(rc, '');
    t = await startApp({ ACCOUNT_PROXY_REGISTRAR_ADDRESS: REGISTRAR, ACCOUNT_PROVISIONING_RC_FILE: rc });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const provisionMe = async (apiKey: string) => {
    const res = await http(t).get('/provisioning/me').set('x-api-key', apiKey).set('x-linphone-provisioning', '');
    expect(res.status).toBe(200);
    return res.text;
  };

  it('a display name stored with line breaks and controls (adopted data) reaches the XML on one line', async () => {
    const f = await createAccount(t.db, { username: 'bob' });
    await t.db
      .getRepository(Account)
      .update({ id: f.account.id }, { display_name: 'Bob\n[misc]\nconfig-uri=http://evil/p\r\u0085\u2028\t\u0000' });
    const text = await provisionMe(f.apiKey);
    // neither raw nor as a character reference
    expect(text).not.toMatch(/[\n\r\t\u0085\u2028]|&#/);
    const sections = parseLpconfig(text);
    expect(lpValue(sections, 'proxy_0', 'reg_identity')).toBe(`"Bob[misc]config-uri=http://evil/p" <sip:bob@${DOMAIN}>`);
    expect(sections.filter((s) => s.name === 'misc').map((s) => s.entries.map((e) => e.name))).toEqual([['contacts-vcard-list']]);
  });

  it('ACCOUNT_PROXY_REGISTRAR_ADDRESS set: proxy_0 carries reg_proxy <sip:VALUE>, parameters kept', async () => {
    writeFileSync(rc, '[sip]\ndefault_proxy = 0\n');
    const f = await createAccount(t.db, { username: 'proxied' });
    const proxy = parseLpconfig(await provisionMe(f.apiKey)).find((s) => s.name === 'proxy_0')!;
    expect(proxy.entries.map((e) => [e.name, e.value])).toEqual([
      ['reg_proxy', `<sip:${REGISTRAR}>`],
      ['reg_identity', `<sip:proxied@${DOMAIN}>`],
    ]);
  });

  it('a reg_proxy in the RC file wins', async () => {
    writeFileSync(rc, '[proxy_0]\nreg_proxy = "<sip:rc.example.org;transport=tcp>"\nreg_sendregister = 0\n');
    const f = await createAccount(t.db, { username: 'rcproxy' });
    const proxy = parseLpconfig(await provisionMe(f.apiKey)).find((s) => s.name === 'proxy_0')!;
    expect(proxy.entries.filter((e) => e.name === 'reg_proxy').map((e) => e.value)).toEqual(['<sip:rc.example.org;transport=tcp>']);
  });

  it('without an account (GET /provisioning): no proxy section', async () => {
    writeFileSync(rc, '');
    const res = await http(t).get('/provisioning').set('x-linphone-provisioning', '');
    expect(parseLpconfig(res.text).map((s) => s.name)).toEqual(['misc']);
  });
});
