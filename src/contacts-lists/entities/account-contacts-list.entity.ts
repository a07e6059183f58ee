import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Account } from '../../account-core/entities/account.entity';
import { ContactsList } from './contacts-list.entity';

/** A list attached to an account: its members are contacts of the account. */
@Entity('account_contacts_list')
@Index('account_contacts_list_contacts_list_id_foreign', ['contacts_list_id'])
export class AccountContactsList {
  @PrimaryColumn({ type: 'int' })
  account_id: number;

  @PrimaryColumn({ type: 'int' })
  contacts_list_id: number;

  @Column({ type: 'datetime', nullable: true })
  created_at: Date | null;

  @Column({ type: 'datetime', nullable: true })
  updated_at: Date | null;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;

  @ManyToOne(() => ContactsList, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contacts_list_id' })
  list?: ContactsList;
}
