import type { Account } from '../account-core/entities/account.entity';
import type { Password } from '../account-core/entities/password.entity';
import type { Space } from '../account-core/entities/space.entity';
import { addEntries, ConfigDocument } from './config-document';
import type { RcSections } from './rc-file';

/** What the XML of one request is made of; gathered by ProvisioningXml. */
export interface ConfigInput {
  /** the parsed ACCOUNT_PROVISIONING_RC_FILE, absent when unset, missing or unreadable */
  rc?: RcSections;
  /** `<scheme>://<Host>` of the request */
  baseUrl: string;
  /** ACCOUNT_PROXY_REGISTRAR_ADDRESS, empty when unset */
  registrar?: string;
  account?: {
    account: Account;
    /** the account's own Space (by its domain) */
    space: Space | null;
    /** id order */
    passwords: Password[];
    /** ACCOUNT_REALM or the account's domain */
    realm: string;
    /** only when TURN is configured */
    turn?: { host: string; username: string; password: string; ref: string };
  };
}

/** provisioning.md §Sections, in document order (the overwrite attribute is the serializer's). */
export function buildConfig(input: ConfigInput): ConfigDocument {
  const document = new ConfigDocument();
  for (const [name, entries] of input.rc ?? []) addEntries(document.append(name), [...entries]);
  addEntries(document.append('misc'), [['contacts-vcard-list', `${input.baseUrl}/contacts/vcard`]]);
  if (input.account) addAccount(document, input.account, input.registrar);
  return document;
}

function addAccount(document: ConfigDocument, input: NonNullable<ConfigInput['account']>, registrar?: string): void {
  const { account, space } = input;
  // an RC file's own `ui` section wins; an account without a Space has no flags to give
  if (space && !document.has('ui')) addEntries(document.append('ui'), uiEntries(space));

  const proxy = document.section('proxy_0');
  // deviation 33: without a reg_proxy a client builds no account; an RC file's own reg_proxy wins
  if (registrar && !proxy.entries.some((entry) => entry.name === 'reg_proxy')) addEntries(proxy, [['reg_proxy', `<sip:${registrar}>`]]);
  const address = `<sip:${account.username}@${account.domain}>`;
  addEntries(proxy, [['reg_identity', account.display_name ? `"${account.display_name}" ${address}` : address]]);

  let authIndex = 0;
  if (input.turn) {
    const { turn } = input;
    addEntries(document.section('net'), [['nat_policy_ref', turn.ref]]);
    addEntries(document.append('nat_policy_0'), [
      ['ref', turn.ref],
      ['stun_server', turn.host],
      ['stun_server_username', turn.username],
      ['protocols', 'turn,ice'],
    ]);
    // the TURN credentials join an RC file's auth_info_0, or take index 0 themselves
    if (!document.has('auth_info_0')) authIndex = 1;
    addEntries(document.section('auth_info_0'), [
      ['username', turn.username],
      ['passwd', turn.password],
    ]);
  }

  for (const password of input.passwords) {
    addEntries(document.section(`auth_info_${authIndex++}`), [
      ['username', account.username],
      ['domain', account.domain],
      ['ha1', password.password],
      ['realm', input.realm],
      ['algorithm', password.algorithm],
    ]);
  }
}

function uiEntries(space: Space): [string, boolean | number][] {
  return [
    ['super', space.super],
    ['disable_chat_feature', space.disable_chat_feature],
    ['disable_meetings_feature', space.disable_meetings_feature],
    ['disable_broadcast_feature', space.disable_broadcast_feature],
    ['hide_settings', space.hide_settings],
    ['hide_account_settings', space.hide_account_settings],
    ['disable_call_recordings_feature', space.disable_call_recordings_feature],
    ['only_display_sip_uri_username', space.only_display_sip_uri_username],
    ['assistant_hide_create_account', space.assistant_hide_create_account],
    ['assistant_disable_qr_code', space.assistant_disable_qr_code],
    ['assistant_hide_third_party_account', space.assistant_hide_third_party_account],
    ['max_account', space.max_account],
  ];
}
