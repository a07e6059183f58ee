import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';

/** A call Flexisip routed (statistics.md); the reference's table, indexes and names. */
@Entity('statistics_calls')
@Index('statistics_calls_from_username_from_domain_index', ['from_username', 'from_domain'])
@Index('statistics_calls_initiated_at_index', ['initiated_at'])
@Index('statistics_calls_from_domain_index', ['from_domain'])
@Index('statistics_calls_from_username_index', ['from_username'])
@Index('statistics_calls_to_domain_index', ['to_domain'])
@Index('statistics_calls_to_username_index', ['to_username'])
export class StatisticsCall extends Timestamped {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 256 })
  from_username: string;

  @Column({ type: 'varchar', length: 256 })
  from_domain: string;

  @Column({ type: 'varchar', length: 256 })
  to_username: string;

  @Column({ type: 'varchar', length: 256 })
  to_domain: string;

  @Column({ type: 'datetime' })
  initiated_at: Date;

  @Column({ type: 'datetime', nullable: true })
  ended_at: Date | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  conference_id: string | null;
}
