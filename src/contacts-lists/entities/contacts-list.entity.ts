import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';
import { Space } from '../../account-core/entities/space.entity';

/** A named group of accounts, per Space (deviation 19), attached to accounts whose contacts it adds to. */
@Entity('contacts_lists')
@Index('contacts_lists_space_id_title_unique', ['space_id', 'title'], { unique: true })
export class ContactsList extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  space_id: number;

  @Column({ type: 'varchar', length: 255 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @ManyToOne(() => Space, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'space_id' })
  space?: Space;
}
