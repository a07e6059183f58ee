import { Entity, Index, PrimaryColumn } from 'typeorm';
import { Account } from '../../account-core/entities/account.entity';
import { LinkTo } from '../../database/link-rows';
import { TimestampColumns } from '../../database/timestamps';
import { ContactsList } from './contacts-list.entity';

/** A list attached to an account: its members are contacts of the account. */
@Entity('account_contacts_list')
@Index('account_contacts_list_contacts_list_id_foreign', ['contacts_list_id'])
export class AccountContactsList extends TimestampColumns {
  @PrimaryColumn({ type: 'int' })
  account_id: number;

  @PrimaryColumn({ type: 'int' })
  contacts_list_id: number;

  @LinkTo(() => Account, 'account_id')
  account?: Account;

  @LinkTo(() => ContactsList, 'contacts_list_id')
  list?: ContactsList;
}
