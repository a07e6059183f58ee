import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Account } from '../../account-core/entities/account.entity';
import { ContactsList } from './contacts-list.entity';

/** An account contained in a list. */
@Entity('contacts_list_contact')
@Index('contacts_list_contact_contact_id_contacts_list_id_unique', ['contact_id', 'contacts_list_id'], { unique: true })
export class ContactsListContact {
  @PrimaryColumn({ type: 'int' })
  contacts_list_id: number;

  @PrimaryColumn({ type: 'int' })
  contact_id: number;

  @Column({ type: 'datetime', nullable: true })
  created_at: Date | null;

  @Column({ type: 'datetime', nullable: true })
  updated_at: Date | null;

  @ManyToOne(() => ContactsList, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contacts_list_id' })
  list?: ContactsList;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Account;
}
