import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountContactsController, MyContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { Contact } from './entities/contact.entity';
import { AccountContactsList } from '../contacts-lists/entities/account-contacts-list.entity';
import { ContactsListContact } from '../contacts-lists/entities/contacts-list-contact.entity';
import { ContactsList } from '../contacts-lists/entities/contacts-list.entity';

/**
 * Contacts (contacts.md §1, §2): the caller's own (direct and through
 * contacts lists) and the admin routes on an account's direct contacts.
 * Exports `ContactsService.cards()` for the vCard export.
 */
@Module({
  // the lists' tables are read too (the contacts they give)
  imports: [TypeOrmModule.forFeature([Contact, ContactsList, ContactsListContact, AccountContactsList]), AccountsModule],
  controllers: [MyContactsController, AccountContactsController],
  providers: [ContactsService, ContactsRepository],
  exports: [ContactsService],
})
export class ContactsModule {}
