/**
 * `/contacts/vcard` (vcards.md §4): the vCards of an account's contacts,
 * generated line by line. Values are written raw, as the reference does:
 * usernames, domains, type keys and action keys/codes are validated where
 * they are written, and Linphone reads these lines as they are.
 */

/** A contact as its card shows it: the account's identity, its types and its DTMF actions. */
export interface VcardContact {
  username: string;
  domain: string;
  display_name: string | null;
  dtmf_protocol: string | null;
  types: { id: number; key: string }[];
  actions: { id: number; key: string; code: string }[];
}

const byId = <T extends { id: number }>(rows: T[]): T[] => [...rows].sort((a, b) => a.id - b.id);

/** One card, lines joined with `\n`, no trailing newline. */
export function contactVcard(contact: VcardContact): string {
  const sip = `${contact.username}@${contact.domain}`;
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', 'KIND:individual', `IMPP:sip:${sip}`, `FN:${contact.display_name || sip}`];
  if (contact.dtmf_protocol) lines.push(`X-LINPHONE-ACCOUNT-DTMF-PROTOCOL:${contact.dtmf_protocol}`);
  for (const type of byId(contact.types)) lines.push(`X-LINPHONE-ACCOUNT-TYPE:${type.key}`);
  // actions are DTMF codes: meaningless without a protocol to send them
  if (contact.dtmf_protocol)
    for (const action of byId(contact.actions)) lines.push(`X-LINPHONE-ACCOUNT-ACTION:${action.key};${action.code}`);
  lines.push('END:VCARD');
  return lines.join('\n');
}

/** Every card in the contacts' order, joined with a single `\n`; empty when there is none. */
export function contactVcards(contacts: VcardContact[]): string {
  return contacts.map(contactVcard).join('\n');
}
