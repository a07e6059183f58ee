import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Account } from './account.entity';

/** One-shot token of the provisioning URL; the account's current one is its latest unused. */
@Entity('provisioning_tokens')
@Index('provisioning_tokens_account_id_used_index', ['account_id', 'used'])
export class ProvisioningToken extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  account_id: number;

  @Index('provisioning_tokens_token_index')
  @Column({ type: 'varchar', length: 255, nullable: true })
  token: string | null;

  @Column({ type: 'boolean', default: false })
  used: boolean;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  user_agent: string | null;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;
}
