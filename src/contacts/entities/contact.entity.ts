import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Account } from '../../account-core/entities/account.entity';

/** A direct contact: `contact_id` is one of `account_id`'s contacts (contacts.md §2). */
@Entity('contacts')
@Index('contacts_contact_id_foreign', ['contact_id'])
export class Contact {
  @PrimaryColumn({ type: 'int' })
  account_id: number;

  @PrimaryColumn({ type: 'int' })
  contact_id: number;

  /** left null, as the reference's API leaves them */
  @Column({ type: 'datetime', nullable: true })
  created_at: Date | null;

  @Column({ type: 'datetime', nullable: true })
  updated_at: Date | null;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Account;
}
