import type { DataSource } from 'typeorm';
import { AccountContactsList } from './entities/account-contacts-list.entity';
import { ContactsListContact } from './entities/contacts-list-contact.entity';

/**
 * `SELECT contact_id …`: the members of every list attached to the account of
 * its one `?` parameter, the contacts the lists give it (contacts.md §1);
 * a subquery of the contacts read (src/contacts/contact-rows.ts).
 */
export function listedContactIdsSql(dataSource: DataSource): string {
  const table = (entity: new () => object) => dataSource.driver.escape(dataSource.getMetadata(entity).tableName);
  return (
    `SELECT m.contact_id FROM ${table(AccountContactsList)} x ` +
    `INNER JOIN ${table(ContactsListContact)} m ON m.contacts_list_id = x.contacts_list_id WHERE x.account_id = ?`
  );
}
