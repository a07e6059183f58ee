import type { Account } from '../account-core/entities/account.entity';
import type { Scope } from '../account-core/request-scope';
import { contactVcard, contactVcards, VcardContact } from './contact-vcards';
import { ContactVcardsService } from './contact-vcards.service';
import type { ContactsSource } from './contacts-source';
import { DHAND_CARD, SPEC_EXAMPLE } from '../../test/support/vcard-spec-example';

const contact = (fields: Partial<VcardContact>): VcardContact => ({
  username: 'anna',
  domain: 'sip.example.org',
  display_name: null,
  dtmf_protocol: null,
  types: [],
  actions: [],
  ...fields,
});

const TATYANA = contact({
  username: 'schoen.tatyana',
  domain: 'sip.linphone.org',
  dtmf_protocol: 'sipinfo',
  types: [{ id: 3, key: 'phone' }],
  actions: [{ id: 7, key: 'action_key', code: '123' }],
});
const DHAND = contact({ username: 'dhand', domain: 'sip.linphone.org', dtmf_protocol: 'sipinfo' });

describe('contact vCards (vcards.md §4)', () => {
  it("the spec's example for two contacts, line for line: joined with one \\n, no trailing newline", () => {
    const text = contactVcards([TATYANA, DHAND]);
    expect(text.split('\n')).toEqual(SPEC_EXAMPLE.split('\n'));
    expect(text).toBe(SPEC_EXAMPLE);
  });

  it('no contact: an empty text', () => {
    expect(contactVcards([])).toBe('');
  });

  it('FN is the display name when there is one; values are written raw', () => {
    expect(contactVcard(contact({ display_name: "Anna, O'Reily; CEO" })).split('\n')[4]).toBe("FN:Anna, O'Reily; CEO");
    expect(contactVcard(contact({ display_name: '' })).split('\n')[4]).toBe('FN:anna@sip.example.org');
  });

  it('types in type-id order, actions in action-id order, one line each', () => {
    const card = contactVcard(
      contact({
        dtmf_protocol: 'rfc2833',
        types: [
          { id: 9, key: 'door' },
          { id: 2, key: 'phone' },
        ],
        actions: [
          { id: 5, key: 'close', code: '2' },
          { id: 4, key: 'open', code: '1#' },
        ],
      }),
    );
    expect(card.split('\n').slice(5)).toEqual([
      'X-LINPHONE-ACCOUNT-DTMF-PROTOCOL:rfc2833',
      'X-LINPHONE-ACCOUNT-TYPE:phone',
      'X-LINPHONE-ACCOUNT-TYPE:door',
      'X-LINPHONE-ACCOUNT-ACTION:open;1#',
      'X-LINPHONE-ACCOUNT-ACTION:close;2',
      'END:VCARD',
    ]);
  });

  it('no DTMF protocol: neither its line nor any action; types still listed', () => {
    const card = contactVcard(contact({ types: [{ id: 1, key: 'phone' }], actions: [{ id: 1, key: 'open', code: '1' }] }));
    expect(card).toBe(
      'BEGIN:VCARD\nVERSION:4.0\nKIND:individual\nIMPP:sip:anna@sip.example.org\nFN:anna@sip.example.org\nX-LINPHONE-ACCOUNT-TYPE:phone\nEND:VCARD',
    );
  });
});

describe('ContactVcardsService over a ContactsSource', () => {
  const account = { id: 1 } as Account;
  const scope = { domain: 'sip.linphone.org' } as Scope;
  const source: ContactsSource = {
    getContactsWithTypesAndActions: () => Promise.resolve([TATYANA, DHAND]),
    getContactWithTypesAndActions: (_account, _scope, sip) =>
      Promise.resolve([TATYANA, DHAND].find((c) => `${c.username}@${c.domain}` === sip)),
  };
  const service = new ContactVcardsService(source);

  it('every contact, or the one of {sip}; another sip is 404 Missing elements', async () => {
    expect(await service.all(account, scope)).toBe(SPEC_EXAMPLE);
    expect(await service.one(account, scope, 'dhand@sip.linphone.org')).toBe(DHAND_CARD);
    await expect(service.one(account, scope, 'nobody@sip.linphone.org')).rejects.toMatchObject({
      status: 404,
      response: { message: 'Missing elements to perform the request' },
    });
  });
});
