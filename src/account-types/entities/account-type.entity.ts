import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Space } from '../../account-core/entities/space.entity';

/** A kind of account (intercom, camera …), per Space. */
@Entity('account_types')
@Index('account_types_space_id_key_unique', ['space_id', 'key'], { unique: true })
export class AccountType extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  space_id: number;

  @Column({ type: 'varchar', length: 64 })
  key: string;

  @ManyToOne(() => Space, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'space_id' })
  space?: Space;
}
