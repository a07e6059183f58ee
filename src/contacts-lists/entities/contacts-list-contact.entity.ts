import { Entity, Index, PrimaryColumn } from 'typeorm';
import { Account } from '../../account-core/entities/account.entity';
import { LinkTo } from '../../database/link-rows';
import { TimestampColumns } from '../../database/timestamps';
import { ContactsList } from './contacts-list.entity';

/** An account contained in a list. */
@Entity('contacts_list_contact')
@Index('contacts_list_contact_contact_id_contacts_list_id_unique', ['contact_id', 'contacts_list_id'], { unique: true })
export class ContactsListContact extends TimestampColumns {
  @PrimaryColumn({ type: 'int' })
  contacts_list_id: number;

  @PrimaryColumn({ type: 'int' })
  contact_id: number;

  @LinkTo(() => ContactsList, 'contacts_list_id')
  list?: ContactsList;

  @LinkTo(() => Account, 'contact_id')
  contact?: Account;
}
