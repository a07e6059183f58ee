import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Account } from '../../account-core/entities/account.entity';
import { Space } from '../../account-core/entities/space.entity';

/** One-time permission to create (or validate) one account. */
@Entity('account_creation_tokens')
@Index('account_creation_tokens_pn_index', ['pn_provider', 'pn_param', 'pn_prid'])
@Index('account_creation_tokens_space_id_token_index', ['space_id', 'token'])
export class AccountCreationToken extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('account_creation_tokens_token_index')
  @Column({ type: 'varchar', length: 255 })
  token: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  pn_provider: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  pn_param: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  pn_prid: string | null;

  @Column({ type: 'boolean', default: false })
  used: boolean;

  @Index('account_creation_tokens_account_id_index')
  @Column({ type: 'int', nullable: true })
  account_id: number | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  user_agent: string | null;

  /** The Space it was made in (deviation 22); null: made before Spaces owned tokens, usable from a super Space only. */
  @Column({ type: 'int', nullable: true })
  space_id: number | null;

  @ManyToOne(() => Space, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'space_id' })
  space?: Space;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;
}
