import type { Account } from '../account-core/entities/account.entity';
import type { Password } from '../account-core/entities/password.entity';
import type { Space } from '../account-core/entities/space.entity';
import { configText, serializeConfig } from './config-document';
import { buildConfig, ConfigInput } from './provisioning-config';
import { parseRcFile } from './rc-file';
import { parseLpconfig } from '../../test/support/lpconfig';

const SPEC_EXAMPLE =
  '<config xmlns="http://www.linphone.org/xsds/lpconfig.xsd"><section name="misc"><entry name="contacts-vcard-list">http://localhost/contacts/vcard</entry></section><section name="ui"><entry name="super">0</entry><entry name="disable_chat_feature">0</entry><entry name="disable_meetings_feature">0</entry><entry name="disable_broadcast_feature">1</entry><entry name="hide_settings">0</entry><entry name="hide_account_settings">0</entry><entry name="disable_call_recordings_feature">0</entry><entry name="only_display_sip_uri_username">0</entry><entry name="assistant_hide_create_account">0</entry><entry name="assistant_disable_qr_code">0</entry><entry name="assistant_hide_third_party_account">0</entry><entry name="max_account">0</entry></section><section name="proxy_0"><entry name="reg_identity">"Anna O\'Reily" &lt;sip:anna@sip.example.org&gt;</entry></section><section name="auth_info_0"><entry name="username">anna</entry><entry name="domain">sip.example.org</entry><entry name="ha1">284f5ee1ac3ce11b7a485052f80c8f91</entry><entry name="realm">sip.example.org</entry><entry name="algorithm">MD5</entry></section></config>';

const space = {
  domain: 'sip.example.org',
  super: false,
  disable_chat_feature: false,
  disable_meetings_feature: false,
  disable_broadcast_feature: true,
  hide_settings: false,
  hide_account_settings: false,
  disable_call_recordings_feature: false,
  only_display_sip_uri_username: false,
  assistant_hide_create_account: false,
  assistant_disable_qr_code: false,
  assistant_hide_third_party_account: false,
  max_account: 0,
} as Space;

const anna = { username: 'anna', domain: 'sip.example.org', display_name: "Anna O'Reily" } as Account;
const md5 = { id: 1, algorithm: 'MD5', password: '284f5ee1ac3ce11b7a485052f80c8f91' } as Password;

const accountInput = (overrides: Partial<NonNullable<ConfigInput['account']>> = {}): ConfigInput['account'] => ({
  account: anna,
  space,
  passwords: [md5],
  realm: 'sip.example.org',
  ...overrides,
});

const xml = (input: ConfigInput, overwriteAll = false) => serializeConfig(buildConfig(input), { overwriteAll });

/** sections as [name, [[entry, value] …]] after a real XML parser read the document */
const parsed = (text: string): [string, [string, string][]][] =>
  parseLpconfig(text).map((section) => [section.name, section.entries.map((entry): [string, string] => [entry.name, entry.value])]);

describe('provisioning XML', () => {
  it('is byte for byte the spec example (no RC file, no TURN, MD5 password, default Space)', () => {
    expect(xml({ baseUrl: 'http://localhost', account: accountInput() })).toBe(SPEC_EXAMPLE);
  });

  it('without an account: only misc, and never ha1', () => {
    const text = xml({ baseUrl: 'https://sip.example.org:8443' });
    expect(text).toBe(
      '<config xmlns="http://www.linphone.org/xsds/lpconfig.xsd"><section name="misc"><entry name="contacts-vcard-list">https://sip.example.org:8443/contacts/vcard</entry></section></config>',
    );
  });

  it('no display name: the bare address', () => {
    const text = xml({ baseUrl: 'http://localhost', account: accountInput({ account: { ...anna, display_name: null } as Account }) });
    expect(parsed(text).find(([name]) => name === 'proxy_0')![1]).toEqual([['reg_identity', '<sip:anna@sip.example.org>']]);
  });

  it('escapes a hostile display name and domain, and stays well-formed', () => {
    const hostile = { username: 'a&b', domain: 'x"><y', display_name: '</entry><entry name="ha1">&amp;\'"<!--' } as Account;
    const text = xml({ baseUrl: 'http://localhost', account: accountInput({ account: hostile, realm: 'x"><y' }) });
    expect(text).toContain('&lt;/entry&gt;&lt;entry name="ha1"&gt;&amp;amp;\'"&lt;!--');
    const sections = parsed(text);
    expect(sections.find(([name]) => name === 'proxy_0')![1]).toEqual([['reg_identity', `"${hostile.display_name}" <sip:a&b@x"><y>`]]);
    expect(sections.find(([name]) => name === 'auth_info_0')![1].slice(0, 2)).toEqual([
      ['username', 'a&b'],
      ['domain', 'x"><y'],
    ]);
  });

  it('escapes every & once, entity-shaped text included', () => {
    const tricky = `&amp; &x; &#65; &#x41; &lt; a&b; & ;`;
    const text = xml({ baseUrl: 'http://localhost', account: accountInput({ account: { ...anna, display_name: tricky } as Account }) });
    expect(text).toContain('"&amp;amp; &amp;x; &amp;#65; &amp;#x41; &amp;lt; a&amp;b; &amp; ;" &lt;sip:');
    expect(parsed(text).find(([name]) => name === 'proxy_0')![1]).toEqual([['reg_identity', `"${tricky}" <sip:anna@sip.example.org>`]]);
  });

  it('escapes hostile section and entry names from the RC file in attributes', () => {
    const rc = parseRcFile('[a"b<c&amp;]\nk"&x;<> = v\n');
    const text = xml({ baseUrl: 'http://localhost', rc });
    expect(text).toContain('<section name="a&quot;b&lt;c&amp;amp;"><entry name="k&quot;&amp;x;&lt;&gt;">v</entry></section>');
    expect(parsed(text)[0]).toEqual(['a"b<c&amp;', [['k"&x;<>', 'v']]]);
  });

  it('drops the characters XML cannot carry and every control character (tab, line ends, DEL, C1, U+2028/9); keeps astral ones', () => {
    expect(configText('a\u0000b\u0001c\u001Fd\tE\nF\rG\uD800H\uFFFEI😀\u007FJ\u0085K\u009FL\u2028M\u2029N')).toBe('abcdEFGHI😀JKLMN');
    const text = xml({
      baseUrl: 'http://localhost',
      account: accountInput({ account: { ...anna, display_name: 'bell\u0007\u001B[31m' } as Account }),
    });
    expect(text).toContain('"bell[31m"');
    expect(() => parsed(text)).not.toThrow();
  });

  it("a display name with line breaks stays one line: no value can add a section to the client's linphonerc", () => {
    const evil = { ...anna, display_name: 'Bob\n[misc]\r\nconfig-uri=http://evil/p' } as Account;
    const rc = parseRcFile('[app]\ntabbed = "a\tb"\n');
    const text = xml({ baseUrl: 'http://localhost', rc, account: accountInput({ account: evil }) });
    expect(text).not.toMatch(/[\n\r\t]|&#/);
    const sections = parsed(text);
    expect(sections.find(([name]) => name === 'proxy_0')![1]).toEqual([
      ['reg_identity', '"Bob[misc]config-uri=http://evil/p" <sip:anna@sip.example.org>'],
    ]);
    expect(sections.find(([name]) => name === 'app')![1]).toEqual([['tabbed', 'ab']]);
    expect(sections.flatMap(([, entries]) => entries).every(([name, value]) => !/\p{Cc}/u.test(name + value))).toBe(true);
  });

  it('RC sections first, in file order, with hostile values escaped; misc appended even if the file has one', () => {
    const rc = parseRcFile('[sip]\nregister_only_when_network_is_up = true\n[misc]\nx = "<script>&\'\\"\n[app]\nempty = none\n');
    const text = xml({ baseUrl: 'http://localhost', rc });
    expect(
      text.startsWith(
        '<config xmlns="http://www.linphone.org/xsds/lpconfig.xsd"><section name="sip"><entry name="register_only_when_network_is_up">1</entry>',
      ),
    ).toBe(true);
    expect(text).toContain('<entry name="x">&lt;script&gt;&amp;\'\\</entry>');
    expect(text).toContain('<section name="app"><entry name="empty"/></section>');
    expect(parsed(text).map(([name]) => name)).toEqual(['sip', 'misc', 'app', 'misc']);
  });

  it('RC proxy_0 and ui: reg_identity joins the existing proxy_0; no second ui', () => {
    const rc = parseRcFile('[proxy_0]\nreg_proxy = <sip:proxy.example.org;transport=tls>\n[ui]\nsuper = 1\n');
    const sections = parsed(xml({ baseUrl: 'http://localhost', rc, account: accountInput() }));
    expect(sections.filter(([name]) => name === 'ui')).toHaveLength(1);
    expect(sections.find(([name]) => name === 'proxy_0')![1].map(([entry]) => entry)).toEqual(['reg_proxy', 'reg_identity']);
  });

  describe('reg_proxy (deviation 33)', () => {
    const proxyEntries = (input: ConfigInput) => parsed(xml(input)).find(([name]) => name === 'proxy_0')?.[1];

    it('ACCOUNT_PROXY_REGISTRAR_ADDRESS set: <sip:VALUE> before the identity, its parameters kept', () => {
      expect(proxyEntries({ baseUrl: 'http://localhost', registrar: 'proxy.example.org;transport=tls', account: accountInput() })).toEqual([
        ['reg_proxy', '<sip:proxy.example.org;transport=tls>'],
        ['reg_identity', '"Anna O\'Reily" <sip:anna@sip.example.org>'],
      ]);
    });

    it('unset or empty: no reg_proxy', () => {
      for (const registrar of [undefined, '']) {
        expect(proxyEntries({ baseUrl: 'http://localhost', registrar, account: accountInput() })!.map(([entry]) => entry)).toEqual([
          'reg_identity',
        ]);
      }
    });

    it("the RC file's own reg_proxy wins, even empty", () => {
      for (const [line, value] of [
        ['reg_proxy = "<sip:rc.example.org>"', '<sip:rc.example.org>'],
        ['reg_proxy = none', ''],
      ]) {
        const rc = parseRcFile(`[proxy_0]\n${line}\n`);
        expect(proxyEntries({ baseUrl: 'http://localhost', rc, registrar: 'proxy.example.org', account: accountInput() })).toEqual([
          ['reg_proxy', value],
          ['reg_identity', '"Anna O\'Reily" <sip:anna@sip.example.org>'],
        ]);
      }
    });

    it('without an account: no proxy section', () => {
      expect(proxyEntries({ baseUrl: 'http://localhost', registrar: 'proxy.example.org' })).toBeUndefined();
    });
  });

  it('with TURN: net, nat_policy_0, the TURN pair in auth_info_0 and the passwords from auth_info_1', () => {
    const turn = { host: 'turn.example.org', username: '1733916400:h2Kq8ZpLmX0aBcDe', password: 'FCRj+Xk=', ref: 'Ab3dEf7H' };
    const sha = { id: 2, algorithm: 'SHA-256', password: 'f'.repeat(64) } as Password;
    const sections = parsed(xml({ baseUrl: 'http://localhost', account: accountInput({ turn, passwords: [md5, sha] }) }));
    expect(sections.map(([name]) => name)).toEqual([
      'misc',
      'ui',
      'proxy_0',
      'net',
      'nat_policy_0',
      'auth_info_0',
      'auth_info_1',
      'auth_info_2',
    ]);
    expect(sections[3][1]).toEqual([['nat_policy_ref', 'Ab3dEf7H']]);
    expect(sections[4][1]).toEqual([
      ['ref', 'Ab3dEf7H'],
      ['stun_server', 'turn.example.org'],
      ['stun_server_username', turn.username],
      ['protocols', 'turn,ice'],
    ]);
    expect(sections[5][1]).toEqual([
      ['username', turn.username],
      ['passwd', 'FCRj+Xk='],
    ]);
    expect(sections[6][1].find(([entry]) => entry === 'algorithm')![1]).toBe('MD5');
    expect(sections[7][1].find(([entry]) => entry === 'algorithm')![1]).toBe('SHA-256');
  });

  it('with TURN and an RC auth_info_0: the TURN pair joins it and the first password too (index stays 0)', () => {
    const rc = parseRcFile('[auth_info_0]\nuserid = legacy\n');
    const turn = { host: 'turn.example.org', username: '1:x', password: 'p', ref: 'R' };
    const sections = parsed(xml({ baseUrl: 'http://localhost', rc, account: accountInput({ turn }) }));
    expect(sections.filter(([name]) => name.startsWith('auth_info'))).toEqual([
      [
        'auth_info_0',
        [
          ['userid', 'legacy'],
          ['username', '1:x'],
          ['passwd', 'p'],
          ['username', 'anna'],
          ['domain', 'sip.example.org'],
          ['ha1', md5.password],
          ['realm', 'sip.example.org'],
          ['algorithm', 'MD5'],
        ],
      ],
    ]);
  });

  it('overwrite: every entry of every section gets overwrite="true" after its name, empty ones too', () => {
    const rc = parseRcFile('[app]\nempty = off\n');
    const text = xml({ baseUrl: 'http://localhost', rc, account: accountInput() }, true);
    expect(text).toContain('<entry name="empty" overwrite="true"/>');
    expect(text).toContain('<entry name="contacts-vcard-list" overwrite="true">');
    expect(text.match(/<entry /g)!.length).toBe(text.match(/overwrite="true"/g)!.length);
  });

  it('a CLRTXT row carries the clear password', () => {
    const clear = { id: 3, algorithm: 'CLRTXT', password: 's3cr&t<' } as Password;
    const sections = parsed(xml({ baseUrl: 'http://localhost', account: accountInput({ passwords: [clear] }) }));
    expect(sections.find(([name]) => name === 'auth_info_0')![1]).toContainEqual(['ha1', 's3cr&t<']);
  });
});
