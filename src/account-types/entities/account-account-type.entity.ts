import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../../account-core/entities/account.entity';
import { AccountType } from './account-type.entity';

/** An account type attached to an account. */
@Entity('account_account_type')
@Index('account_account_type_unique', ['account_id', 'account_type_id'], { unique: true })
export class AccountAccountType {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  account_id: number;

  @Column({ type: 'int' })
  account_type_id: number;

  @Column({ type: 'datetime', nullable: true })
  created_at: Date | null;

  @Column({ type: 'datetime', nullable: true })
  updated_at: Date | null;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;

  @ManyToOne(() => AccountType, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_type_id' })
  type?: AccountType;
}
