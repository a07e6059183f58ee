import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';

/** A message Flexisip routed (statistics.md); the reference's table, indexes and names. */
@Entity('statistics_messages')
@Index('statistics_messages_from_username_from_domain_index', ['from_username', 'from_domain'])
@Index('statistics_messages_sent_at_index', ['sent_at'])
@Index('statistics_messages_from_domain_index', ['from_domain'])
@Index('statistics_messages_from_username_index', ['from_username'])
export class StatisticsMessage extends Timestamped {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 256 })
  from_username: string;

  @Column({ type: 'varchar', length: 256 })
  from_domain: string;

  @Column({ type: 'datetime' })
  sent_at: Date;

  @Column({ type: 'boolean', default: false })
  encrypted: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true })
  conference_id: string | null;
}
