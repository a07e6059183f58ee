import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsCoreModule } from '../account-core/accounts-core.module';
import { ContactsModule } from '../contacts/contacts.module';
import { ContactsService } from '../contacts/contacts.service';
import { ContactVcardsController } from './contact-vcards.controller';
import { ContactVcardsService } from './contact-vcards.service';
import { CONTACTS_SOURCE, ContactsSource } from './contacts-source';
import { Vcard } from './entities/vcard.entity';
import { AccountVcardsController, MyVcardsController } from './vcards.controller';
import { VcardsRepository } from './vcards.repository';
import { VcardsService } from './vcards.service';
import { VcardsTextController } from './vcards-text.controller';

/** The contacts' cards read in their fixed two statements (ContactsService.cards). */
function contactsSource(contacts: ContactsService): ContactsSource {
  return {
    getContactsWithTypesAndActions: (account, scope) => contacts.cards(account, scope),
    getContactWithTypesAndActions: async (account, scope, sip) => (await contacts.cards(account, scope, sip))[0],
  };
}

/**
 * vCard storage (vcards.md §1–3): the JSON routes under /api and the text
 * routes; and the contacts' export `/contacts/vcard` (§4), which reads the
 * contacts module (vcards depends on contacts, never the reverse).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Vcard]), AccountsCoreModule, ContactsModule],
  controllers: [MyVcardsController, AccountVcardsController, VcardsTextController, ContactVcardsController],
  providers: [
    VcardsService,
    VcardsRepository,
    ContactVcardsService,
    { provide: CONTACTS_SOURCE, useFactory: contactsSource, inject: [ContactsService] },
  ],
})
export class VcardsModule {}
