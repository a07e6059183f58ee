import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';

/** One device a call was forked to: when it rang, how its INVITE ended (statistics.md); the reference's table. */
@Entity('statistics_call_devices')
@Index('statistics_call_devices_call_id_device_id_unique', ['call_id', 'device_id'], { unique: true })
export class StatisticsCallDevice extends Timestamped {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** → statistics_calls.id, deleted with it (foreign key of the migration) */
  @Column({ type: 'varchar', length: 64 })
  call_id: string;

  @Column({ type: 'varchar', length: 64 })
  device_id: string;

  @Column({ type: 'datetime', nullable: true })
  rang_at: Date | null;

  @Column({ type: 'datetime', nullable: true })
  invite_terminated_at: Date | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  invite_terminated_state: string | null;
}
