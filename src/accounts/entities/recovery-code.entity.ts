import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Account } from './account.entity';

/** A recovery code (web panel); counted by the blocking service. */
@Entity('recovery_codes')
export class RecoveryCode extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('recovery_codes_account_id_index')
  @Column({ type: 'int' })
  account_id: number;

  /** null once consumed */
  @Column({ type: 'varchar', length: 255, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  user_agent: string | null;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;
}
