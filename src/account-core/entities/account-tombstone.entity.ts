import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';

/** Remembers a deleted identity so that it cannot be created again. */
@Entity('accounts_tombstones')
@Index('accounts_tombstones_username_domain_unique', ['username', 'domain'], { unique: true })
export class AccountTombstone extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 64 })
  domain: string;
}
