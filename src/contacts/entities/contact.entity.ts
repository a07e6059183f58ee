import { Entity, Index, PrimaryColumn } from 'typeorm';
import { Account } from '../../account-core/entities/account.entity';
import { LinkTo } from '../../database/link-rows';
import { TimestampColumns } from '../../database/timestamps';

/**
 * A direct contact: `contact_id` is one of `account_id`'s contacts
 * (contacts.md §2); timestamps left null, as the reference's API leaves them.
 */
@Entity('contacts')
@Index('contacts_contact_id_foreign', ['contact_id'])
export class Contact extends TimestampColumns {
  @PrimaryColumn({ type: 'int' })
  account_id: number;

  @PrimaryColumn({ type: 'int' })
  contact_id: number;

  @LinkTo(() => Account, 'account_id')
  account?: Account;

  @LinkTo(() => Account, 'contact_id')
  contact?: Account;
}
