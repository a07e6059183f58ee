import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Account } from '../../src/account-core/entities/account.entity';
import { Password } from '../../src/account-core/entities/password.entity';
import { ProvisioningToken } from '../../src/account-core/entities/provisioning-token.entity';
import { DOMAIN, startApp, TestApp } from '../support/app';
import { AccountAction } from '../../src/account-actions/entities/account-action.entity';
import { AccountAccountType } from '../../src/account-types/entities/account-account-type.entity';
import { AccountType } from '../../src/account-types/entities/account-type.entity';
import { Space } from '../../src/account-core/entities/space.entity';
import { attachList, createList, linkContacts } from '../support/contacts';
import { createAccount } from '../support/fixtures';
import { LpSection, parseLinphonerc } from '../support/lpconfig';
import { describeWith, LIBLINPHONE } from '../support/system-packages';

const run = promisify(execFile);
const HOST = '127.0.0.1';
const SOURCE = join(__dirname, 'linphone-provision.c');
/** ACCOUNT_PROXY_REGISTRAR_ADDRESS: a closed port (the test is about provisioning, not registering). */
const REGISTRAR = '127.0.0.1:9;transport=tcp';

/** The client's account does not register; its server comes from ACCOUNT_PROXY_REGISTRAR_ADDRESS (deviation 33). */
const SERVER_RC = `[sip]
default_proxy = 0
[proxy_0]
reg_sendregister = 0
`;

interface Applied {
  configuring?: string;
  message?: string;
  identity?: string;
  'contacts-vcard-list'?: string;
  accounts: { identity: string; server: string }[];
  auth: { username: string; domain: string; realm: string; ha1: string; algorithm: string }[];
  /** every friend of every friend list the client holds, with the X-LINPHONE-ACCOUNT-… values of its vCard */
  friends: { list: string; name: string; address: string; [extension: string]: string | string[] }[];
  /** the linphonerc the client wrote back, as its next start would read it */
  written: LpSection[];
}

/**
 * Debian's liblinphone 5.1 (liblinphone-dev) provisions itself from the
 * running service (issue 10, item 7): the C program of this folder creates a
 * core on `[misc] config-uri`, starts it, and reports what it applied. That
 * version sends no x-linphone-provisioning header and `User-Agent: Unknown`,
 * hence the setting off here.
 */
describeWith(LIBLINPHONE)('a real liblinphone applies the provisioning XML', () => {
  let t: TestApp;
  let dir: string;
  let binary: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flexiapi-linphone-'));
    binary = join(dir, 'linphone-provision');
    // Debian's linphone.pc names the libraries linphone needs but not liblinphone itself
    const flags = execFileSync('pkg-config', ['--cflags', '--libs', 'linphone'], { encoding: 'utf8' }).trim().split(/\s+/).filter(Boolean);
    execFileSync('gcc', ['-Wall', '-o', binary, SOURCE, ...flags, '-llinphone']);
    writeFileSync(join(dir, 'server.rc'), SERVER_RC);
    t = await startApp({
      APP_DEFAULT_HOST: HOST,
      ACCOUNT_PROVISIONING_USE_X_LINPHONE_PROVISIONING_HEADER: 'false',
      ACCOUNT_PROVISIONING_RC_FILE: join(dir, 'server.rc'),
      ACCOUNT_PROXY_REGISTRAR_ADDRESS: REGISTRAR,
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let runs = 0;
  /** Runs the client on a fresh config (and a fresh HOME) made of `sections`; its JSON lines. */
  async function provision(path: string, sections = '', base = t.url, friendsTimeout = 0): Promise<Applied> {
    const home = join(dir, `home${++runs}`);
    mkdirSync(home);
    const config = join(home, 'linphonerc');
    writeFileSync(
      config,
      // storage off: liblinphone 5.1 starts provisioning only once its storage is open; random SIP ports, no TLS
      `[misc]\nconfig-uri=${base}${path}\n[storage]\nuri=null\n[sip]\nsip_port=-1\nsip_tcp_port=-1\nsip_tls_port=0\n${sections}`,
    );
    const { stdout } = await run(binary, [config, '20', String(friendsTimeout)], {
      env: { HOME: home, PATH: process.env.PATH ?? '' },
      timeout: 60_000,
    }).catch((error: { stdout?: string; code?: number }) => ({ stdout: error.stdout ?? '' }));
    const applied: Applied = { accounts: [], auth: [], friends: [], written: parseLinphonerc(readFileSync(config, 'utf8')) };
    for (const line of stdout.split('\n').filter((l) => l.startsWith('{"'))) {
      const value = JSON.parse(line) as Record<string, unknown>;
      if (value.auth) applied.auth.push(value.auth as Applied['auth'][number]);
      else if (value.friend) applied.friends.push(value.friend as Applied['friends'][number]);
      else if (value.account) applied.accounts.push(value.account as Applied['accounts'][number]);
      else Object.assign(applied, value);
    }
    return applied;
  }

  const stored = (accountId: number) => t.db.getRepository(Password).findOneByOrFail({ account_id: accountId });

  it('/provisioning/{token}: a fresh client gets the identity, the stored ha1 and its algorithm; the account is activated', async () => {
    const f = await createAccount(t.db, { username: 'anna', activated: false, algorithms: ['MD5'] });
    await t.db.getRepository(Account).update({ id: f.account.id }, { display_name: "Anna O'Reily" });
    const token = await t.db.getRepository(ProvisioningToken).save({ account_id: f.account.id, token: 'LinphoneTok01', used: false });

    const applied = await provision(`/provisioning/${token.token}`);
    expect(applied.configuring).toBe('successful');
    expect(applied.identity).toBe(`"Anna O'Reily" <sip:anna@${DOMAIN}>`);
    // the only proxy the client knows is ACCOUNT_PROXY_REGISTRAR_ADDRESS, given as reg_proxy
    expect(applied.accounts).toEqual([{ identity: `"Anna O'Reily" <sip:anna@${DOMAIN}>`, server: `sip:${REGISTRAR}` }]);
    const password = await stored(f.account.id);
    expect(applied.auth).toEqual([{ username: 'anna', domain: DOMAIN, realm: DOMAIN, ha1: password.password, algorithm: 'MD5' }]);
    expect((await t.db.getRepository(Account).findOneByOrFail({ id: f.account.id })).activated).toBe(true);
    expect((await t.db.getRepository(ProvisioningToken).findOneByOrFail({ id: token.id })).used).toBe(true);
  });

  it('a display name carrying line breaks cannot add a section to the config the client writes', async () => {
    const f = await createAccount(t.db, { username: 'bob', activated: false });
    // adopted data: the API refuses such a name, the PHP service did not
    await t.db.getRepository(Account).update({ id: f.account.id }, { display_name: 'Bob\n[misc]\nconfig-uri=http://evil/p' });
    await t.db.getRepository(ProvisioningToken).save({ account_id: f.account.id, token: 'LinphoneTok04', used: false });

    const applied = await provision('/provisioning/LinphoneTok04');
    expect(applied.configuring).toBe('successful');
    // the file the client reads at its next start: its own [misc] only, no config-uri but its own
    const configUris = applied.written.flatMap((section) =>
      section.entries.filter((entry) => entry.name === 'config-uri').map((entry) => entry.value),
    );
    expect(configUris).toEqual([`${t.url}/provisioning/LinphoneTok04`]);
    expect(applied.written.filter((section) => section.name === 'misc')).toHaveLength(1);
    expect(applied.identity).toBe(`"Bob[misc]config-uri=http://evil/p" <sip:bob@${DOMAIN}>`);
  });

  for (const algorithm of ['MD5', 'SHA-256'] as const) {
    it(`/provisioning/me by DIGEST with a stored ${algorithm} ha1`, async () => {
      const username = `me${algorithm.replace('-', '').toLowerCase()}`;
      const f = await createAccount(t.db, { username, algorithms: [algorithm] });
      // the client answers a 401 only for its default account (identity in From), with the credentials it has
      const applied = await provision(
        '/provisioning/me',
        `default_proxy=0\n[proxy_0]\nreg_identity=sip:${username}@${DOMAIN}\nreg_proxy=<sip:127.0.0.1:9;transport=tcp>\nreg_sendregister=0\n` +
          `[auth_info_0]\nusername=${username}\npasswd=${f.password}\ndomain=${DOMAIN}\nrealm=${DOMAIN}\nalgorithm=${algorithm}\n`,
      );
      expect(applied.configuring).toBe('successful');
      // an entry only the XML carries: the document was applied
      expect(applied['contacts-vcard-list']).toBe(`${t.url}/contacts/vcard`);
      expect(applied.identity).toBe(`sip:${username}@${DOMAIN}`);
      const password = await stored(f.account.id);
      expect(password.algorithm).toBe(algorithm);
      expect(applied.auth).toEqual([{ username, domain: DOMAIN, realm: DOMAIN, ha1: password.password, algorithm }]);
    });
  }

  it('with the header required (the default), this client is refused: 400, a failed configuration, nothing consumed', async () => {
    const strict = await startApp({ APP_DEFAULT_HOST: HOST });
    try {
      const f = await createAccount(strict.db, { username: 'oldclient', activated: false });
      const token = await strict.db
        .getRepository(ProvisioningToken)
        .save({ account_id: f.account.id, token: 'LinphoneTok03', used: false });
      const applied = await provision('/provisioning/LinphoneTok03', '', strict.url);
      expect(applied.configuring).toBe('failed');
      expect((await strict.db.getRepository(ProvisioningToken).findOneByOrFail({ id: token.id })).used).toBe(false);
    } finally {
      await strict.close();
    }
  });

  it("the client fetches `contacts-vcard-list` (/contacts/vcard) with its DIGEST credentials: its friend list holds the account's contacts", async () => {
    const f = await createAccount(t.db, { username: 'reader', activated: false, algorithms: ['MD5'] });
    await t.db.getRepository(ProvisioningToken).save({ account_id: f.account.id, token: 'LinphoneTok05', used: false });
    // a direct contact with a display name, a DTMF protocol, a type and an action; another through a list
    const door = await createAccount(t.db, { username: 'frontdoor' });
    await t.db.getRepository(Account).update({ id: door.account.id }, { display_name: 'Front door', dtmf_protocol: 'sipinfo' });
    const space = await t.db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
    const type = await t.db.getRepository(AccountType).save({ space_id: space.id, key: 'door' });
    await t.db.getRepository(AccountAccountType).save({ account_id: door.account.id, account_type_id: type.id });
    await t.db.getRepository(AccountAction).save({ account_id: door.account.id, key: 'open', code: '1' });
    const carol = await createAccount(t.db, { username: 'carol' });
    await linkContacts(t.db, f.account.id, door.account.id);
    await attachList(t.db, f.account.id, (await createList(t.db, 'team', [carol.account.id])).id);
    // another account's contact: never in this client's list
    const other = await createAccount(t.db, { username: 'otherowner' });
    await linkContacts(t.db, other.account.id, (await createAccount(t.db, { username: 'notmine' })).account.id);

    const applied = await provision('/provisioning/LinphoneTok05', '', t.url, 20);
    expect(applied.configuring).toBe('successful');
    const list = `${t.url}/contacts/vcard`;
    expect(applied['contacts-vcard-list']).toBe(list);
    const none = { 'X-LINPHONE-ACCOUNT-DTMF-PROTOCOL': [], 'X-LINPHONE-ACCOUNT-TYPE': [], 'X-LINPHONE-ACCOUNT-ACTION': [] };
    // liblinphone keeps its own order
    expect([...applied.friends].sort((a, b) => a.address.localeCompare(b.address))).toEqual([
      { list, name: `carol@${DOMAIN}`, address: `sip:carol@${DOMAIN}`, ...none },
      {
        list,
        name: 'Front door',
        address: `sip:frontdoor@${DOMAIN}`,
        'X-LINPHONE-ACCOUNT-DTMF-PROTOCOL': ['sipinfo'],
        'X-LINPHONE-ACCOUNT-TYPE': ['door'],
        'X-LINPHONE-ACCOUNT-ACTION': ['open;1'],
      },
    ]);
  });

  it('a token already used: the client reports a failed configuration', async () => {
    const f = await createAccount(t.db, { username: 'spent', activated: false });
    await t.db.getRepository(ProvisioningToken).save({ account_id: f.account.id, token: 'LinphoneTok02', used: true });
    const applied = await provision('/provisioning/LinphoneTok02');
    expect(applied.configuring).toBe('failed');
    expect(applied.auth).toEqual([]);
  });
});
