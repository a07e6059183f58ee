import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Account } from '../../account-core/entities/account.entity';

/**
 * The last `nc` seen for a DIGEST nonce (RFC 7616 §3.4 replay check), written
 * at the nonce's first authenticated use; unique so concurrent first uses race.
 */
@Entity('nonces')
@Index('nonces_account_id_nonce_unique', ['account_id', 'nonce'], { unique: true })
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
