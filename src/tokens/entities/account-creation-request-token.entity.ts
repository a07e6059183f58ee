import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Space } from '../../account-core/entities/space.entity';
import { AccountCreationToken } from './account-creation-token.entity';

/** Lets an app without push obtain a creation token once a human validated it (captcha). */
@Entity('account_creation_request_tokens')
@Index('account_creation_request_tokens_space_id_token_index', ['space_id', 'token'])
export class AccountCreationRequestToken extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('account_creation_request_tokens_token_index')
  @Column({ type: 'varchar', length: 16 })
  token: string;

  @Column({ type: 'boolean', default: false })
  used: boolean;

  @Column({ type: 'datetime', nullable: true })
  validated_at: Date | null;

  @Column({ type: 'int', nullable: true })
  acc_creation_token_id: number | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  user_agent: string | null;

  /** The Space of the Host it was asked on (deviation 22); null: made before, usable from a super Space only. */
  @Column({ type: 'int', nullable: true })
  space_id: number | null;

  @ManyToOne(() => Space, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'space_id' })
  space?: Space;

  @ManyToOne(() => AccountCreationToken, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'acc_creation_token_id' })
  accountCreationToken?: AccountCreationToken;
}
