import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Account } from './account.entity';

/** After `expires`, the account can no longer be activated with its confirmation key. */
@Entity('activation_expirations')
export class ActivationExpiration extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', unique: true })
  account_id: number;

  @Column({ type: 'datetime' })
  expires: Date;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Account;
}
