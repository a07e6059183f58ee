import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A conference Flexisip reports (ours: no FlexiAPI had it). Its columns are
 * Flexisip's fields: `created_at` is when the conference was created, as
 * Flexisip says, not when the row was written; `updated_at` is the row's
 * last write.
 */
@Entity('statistics_conferences')
@Index('statistics_conferences_created_at_index', ['created_at'])
export class StatisticsConference {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'datetime' })
  created_at: Date;

  @Column({ type: 'datetime', nullable: true })
  ended_at: Date | null;

  @Column({ type: 'text', nullable: true })
  schedule: string | null;

  @Column({ type: 'datetime', nullable: true })
  updated_at: Date | null;
}
