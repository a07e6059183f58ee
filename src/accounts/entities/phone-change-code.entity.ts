import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Account } from './account.entity';

/** A pending phone change, confirmed by a 4-digit code sent by SMS. */
@Entity('phone_change_codes')
export class PhoneChangeCode extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('phone_change_codes_account_id_index')
  @Column({ type: 'int' })
  account_id: number;

  /** null once consumed */
  @Column({ type: 'varchar', length: 255, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 64 })
  phone: string;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  user_agent: string | null;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;
}
