import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../../account-core/entities/account.entity';
import { Timestamped } from '../../database/timestamps';

/** One stored vCard of an account, named by its UID (vcards.md §1). */
@Entity('vcards_storage')
@Index('vcards_storage_account_id_uuid_unique', ['account_id', 'uuid'], { unique: true })
export class Vcard extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  account_id: number;

  /** the card's UID value; up to 255 characters (deviation 14) */
  @Column({ type: 'varchar', length: 255 })
  uuid: string;

  /** the normalised text (vcards.md §3), ending with `\n` */
  @Column({ type: 'text' })
  vcard: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;
}
