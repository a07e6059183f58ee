import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsCoreModule } from '../account-core/accounts-core.module';
import { AccountContactsListsController, ContactsListsController } from './contacts-lists.controller';
import { ContactsListsRepository } from './contacts-lists.repository';
import { ContactsListsService } from './contacts-lists.service';
import { CONTACTS_LIST_CONSTRAINTS } from './dto/contacts-list-constraints';
import { AccountContactsList } from './entities/account-contacts-list.entity';
import { ContactsListContact } from './entities/contacts-list-contact.entity';
import { ContactsList } from './entities/contacts-list.entity';

/** Contacts lists (contacts.md §3): their CRUD, their members, their attachment to accounts. */
@Module({
  imports: [TypeOrmModule.forFeature([ContactsList, ContactsListContact, AccountContactsList]), AccountsCoreModule],
  controllers: [ContactsListsController, AccountContactsListsController],
  providers: [ContactsListsService, ContactsListsRepository, ...CONTACTS_LIST_CONSTRAINTS],
})
export class ContactsListsModule {}
