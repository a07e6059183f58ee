import type { DigestAlgorithm } from '../../common/digest-hash';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from './account.entity';

export type PasswordAlgorithm = DigestAlgorithm | 'CLRTXT';

/** A DIGEST HA1 hash (or a legacy clear text) of an account's password. */
@Entity('passwords')
@Index('passwords_account_id_algorithm_unique', ['account_id', 'algorithm'], { unique: true })
export class Password {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  account_id: number;

  @Column({ type: 'varchar', length: 255 })
  password: string;

  @Column({ type: 'varchar', length: 10, default: 'MD5' })
  algorithm: PasswordAlgorithm;

  @ManyToOne(() => Account, (account) => account.passwords, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;
}
