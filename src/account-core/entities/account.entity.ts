import { Column, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Password } from './password.entity';

/** A SIP identity `username@domain`. */
@Entity('accounts')
@Index('accounts_username_domain_unique', ['username', 'domain'], { unique: true })
export class Account extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Index('accounts_domain_index')
  @Column({ type: 'varchar', length: 64 })
  domain: string;

  @Index('accounts_email_index')
  @Column({ type: 'varchar', length: 64, nullable: true })
  email: string | null;

  @Column({ type: 'boolean', default: false })
  activated: boolean;

  @Column({ type: 'varchar', length: 14, nullable: true })
  confirmation_key: string | null;

  /** keys tried against `confirmation_key` since it was set (deviation 23) */
  @Column({ type: 'int', default: 0 })
  confirmation_key_attempts: number;

  @Column({ type: 'varchar', length: 39, default: '' })
  ip_address: string;

  @Column({ type: 'varchar', length: 256, default: '' })
  user_agent: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  display_name: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  dtmf_protocol: string | null;

  @Index('accounts_blocked_index')
  @Column({ type: 'boolean', default: false })
  blocked: boolean;

  @Column({ type: 'boolean', default: false })
  admin: boolean;

  @Index('accounts_phone_index')
  @Column({ type: 'varchar', length: 64, nullable: true })
  phone: string | null;

  @OneToMany(() => Password, (password) => password.account)
  passwords?: Password[];
}
