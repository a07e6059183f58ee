import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Account } from './account.entity';

/** Free key/value strings attached to an account. */
@Entity('account_dictionary_entries')
@Index('account_dictionary_entries_account_id_key_unique', ['account_id', 'key'], { unique: true })
export class AccountDictionaryEntry extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  account_id: number;

  @Column({ type: 'varchar', length: 255 })
  key: string;

  @Column({ type: 'varchar', length: 255 })
  value: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;
}
