import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Account } from '../../account-core/entities/account.entity';

/** Short-lived pairing token: a logged-in device attaches it, another one redeems it. */
@Entity('auth_tokens')
export class AuthToken extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', nullable: true })
  account_id: number | null;

  @Column({ type: 'varchar', length: 32, unique: true })
  token: string;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  user_agent: string | null;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;
}
