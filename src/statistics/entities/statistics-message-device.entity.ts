import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';

/** A recipient's device's answer to a message (statistics.md); the reference's table. */
@Entity('statistics_message_devices')
@Index('statistics_message_devices_message_id_to_u_to_d_device_id_unique', ['message_id', 'to_username', 'to_domain', 'device_id'], {
  unique: true,
})
@Index('statistics_message_devices_to_domain_index', ['to_domain'])
@Index('statistics_message_devices_to_username_index', ['to_username'])
export class StatisticsMessageDevice extends Timestamped {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** → statistics_messages.id, deleted with it (foreign key of the migration) */
  @Column({ type: 'varchar', length: 64 })
  message_id: string;

  @Column({ type: 'varchar', length: 256 })
  to_username: string;

  @Column({ type: 'varchar', length: 256 })
  to_domain: string;

  @Column({ type: 'varchar', length: 64 })
  device_id: string;

  @Column({ type: 'integer' })
  last_status: number;

  @Column({ type: 'datetime' })
  received_at: Date;
}
