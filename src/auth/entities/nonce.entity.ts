import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Account } from '../../accounts/entities/account.entity';

/** A DIGEST nonce and the last `nc` seen for it (RFC 7616 §3.4 replay check). */
@Entity('nonces')
@Index('nonces_account_id_nonce_index', ['account_id', 'nonce'])
export class Nonce extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  account_id: number;

  @Column({ type: 'varchar', length: 255 })
  nonce: string;

  @Column({ type: 'int', default: 0 })
  nc: number;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;
}
