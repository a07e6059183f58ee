import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';

/** A participant added to, leaving or removed from a conference (ours); one row per distinct event. */
@Entity('statistics_conference_participant_events')
@Index(
  'statistics_conference_participant_events_event_unique',
  ['conference_id', 'participant_username', 'participant_domain', 'type', 'at'],
  {
    unique: true,
  },
)
@Index('statistics_conference_participant_events_sip_index', ['participant_username', 'participant_domain'])
@Index('statistics_conference_participant_events_at_index', ['at'])
export class StatisticsConferenceParticipantEvent extends Timestamped {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** → statistics_conferences.id, deleted with it (foreign key of the migration) */
  @Column({ type: 'varchar', length: 64 })
  conference_id: string;

  @Column({ type: 'varchar', length: 256 })
  participant_username: string;

  @Column({ type: 'varchar', length: 256 })
  participant_domain: string;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'datetime' })
  at: Date;
}
