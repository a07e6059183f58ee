import type { Account } from '../account-core/entities/account.entity';
import type { Scope } from '../account-core/request-scope';
import type { VcardContact } from './contact-vcards';

/**
 * Where `/contacts/vcard` takes an account's contacts from (contacts.md §1:
 * its direct contacts and the members of its lists, in the request's scope,
 * id order). `VcardsModule` provides it from `ContactsService.cards()`.
 */
export interface ContactsSource {
  getContactsWithTypesAndActions(account: Account, scope: Scope): Promise<VcardContact[]>;
  /** `sip` = `user@domain`; undefined when it is not one of the account's contacts */
  getContactWithTypesAndActions(account: Account, scope: Scope, sip: string): Promise<VcardContact | undefined>;
}

export const CONTACTS_SOURCE = Symbol('ContactsSource');
