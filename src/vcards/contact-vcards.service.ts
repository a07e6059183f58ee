import { Inject, Injectable } from '@nestjs/common';
import type { Account } from '../account-core/entities/account.entity';
import { notFound } from '../common/errors';
import type { Scope } from '../account-core/request-scope';
import { contactVcard, contactVcards } from './contact-vcards';
import { CONTACTS_SOURCE, ContactsSource } from './contacts-source';

/** The caller's contacts as vCards (vcards.md §4). */
@Injectable()
export class ContactVcardsService {
  constructor(@Inject(CONTACTS_SOURCE) private readonly contacts: ContactsSource) {}

  async all(account: Account, scope: Scope): Promise<string> {
    return contactVcards(await this.contacts.getContactsWithTypesAndActions(account, scope));
  }

  /** Not one of the caller's contacts: 404. */
  async one(account: Account, scope: Scope, sip: string): Promise<string> {
    const contact = await this.contacts.getContactWithTypesAndActions(account, scope, sip);
    if (!contact) throw notFound();
    return contactVcard(contact);
  }
}
