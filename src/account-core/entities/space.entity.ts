import { Column, Entity, PrimaryGeneratedColumn, Repository } from 'typeorm';
import { Timestamped } from '../../database/timestamps';

/** A tenant: one SIP domain served on one HTTP host. */
@Entity('spaces')
export class Space extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  domain: string;

  @Column({ type: 'varchar', length: 255, unique: true })
  host: string;

  @Column({ type: 'boolean', default: false })
  super: boolean;

  @Column({ type: 'boolean', default: false })
  disable_chat_feature: boolean;

  @Column({ type: 'boolean', default: false })
  disable_meetings_feature: boolean;

  @Column({ type: 'boolean', default: true })
  disable_broadcast_feature: boolean;

  @Column({ type: 'int', default: 0 })
  max_account: number;

  @Column({ type: 'boolean', default: false })
  hide_settings: boolean;

  @Column({ type: 'boolean', default: false })
  hide_account_settings: boolean;

  @Column({ type: 'boolean', default: false })
  disable_call_recordings_feature: boolean;

  @Column({ type: 'boolean', default: false })
  only_display_sip_uri_username: boolean;

  @Column({ type: 'boolean', default: false })
  assistant_hide_create_account: boolean;

  @Column({ type: 'boolean', default: false })
  assistant_disable_qr_code: boolean;

  @Column({ type: 'boolean', default: false })
  assistant_hide_third_party_account: boolean;

  @Column({ type: 'int', default: 0 })
  max_accounts: number;

  @Column({ type: 'datetime', nullable: true })
  expire_at: Date | null;
}

export const SPACE_FLAGS = [
  'disable_chat_feature',
  'disable_meetings_feature',
  'disable_broadcast_feature',
  'hide_settings',
  'hide_account_settings',
  'disable_call_recordings_feature',
  'only_display_sip_uri_username',
  'assistant_hide_create_account',
  'assistant_disable_qr_code',
  'assistant_hide_third_party_account',
] as const;

/**
 * The Space served on a host: compared case-insensitively, as the Host header
 * is (SQLite's = is case-sensitive, MySQL's is not). The one query for it.
 */
export function spaceByHost(repository: Repository<Space>, host: string): Promise<Space | null> {
  return repository.createQueryBuilder('s').where('LOWER(s.host) = :host', { host: host.toLowerCase() }).getOne();
}

/** Expired as soon as 00:00 UTC of its `expire_at` day has passed. */
export function spaceExpired(space: Space): boolean {
  if (!space.expire_at) return false;
  const day = new Date(space.expire_at);
  day.setUTCHours(0, 0, 0, 0);
  return day.getTime() <= Date.now();
}
