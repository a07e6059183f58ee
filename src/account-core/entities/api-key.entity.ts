import { Column, Entity, JoinColumn, OneToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Account } from './account.entity';

/** One API key per account, stored only as the SHA-256 digest of the key. */
@Entity('api_keys')
export class ApiKey extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', unique: true })
  account_id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  key_hash: string;

  @Column({ type: 'datetime', nullable: true })
  last_used_at: Date | null;

  /** null: usable from any IP (keys given by the console) */
  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ type: 'int', default: 0 })
  requests: number;

  /** false for keys given by the console, which never expire */
  @Column({ type: 'boolean', default: true })
  expires: boolean;

  @OneToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;
}
