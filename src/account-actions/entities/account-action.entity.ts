import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Account } from '../../account-core/entities/account.entity';

/** A DTMF action of an intercom-like account. */
@Entity('account_actions')
export class AccountAction extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('account_actions_account_id_index')
  @Column({ type: 'int' })
  account_id: number;

  @Column({ type: 'varchar', length: 255 })
  key: string;

  @Column({ type: 'varchar', length: 255 })
  code: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;
}
