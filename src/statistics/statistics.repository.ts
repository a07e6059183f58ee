import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { changeRows } from '../database/statements';
import { runUpsert, Upserted, upsertSql } from '../database/upserts';
import { SipAddress } from './sip-address';

/**
 * Who may touch a row: `any` (a super admin, or a route that already
 * checked its own party), else rows with a party in `domain` (lowercase).
 */
export interface RowScope {
  any: boolean;
  domain: string;
}

const date = (value: Date | null): string | null => (value === null ? null : (DateUtils.mixedDateToUtcDatetimeString(value) as string));
const scoped = (scope: RowScope): unknown[] => [scope.any ? 1 : 0, scope.domain];

export interface MessageRow {
  id: string;
  from: SipAddress;
  sentAt: Date;
  encrypted: boolean;
  conferenceId: string | null;
}

export interface CallRow {
  id: string;
  from: SipAddress;
  to: SipAddress;
  initiatedAt: Date;
  endedAt: Date | null;
  conferenceId: string | null;
}

/** A device's call state: a field left undefined keeps its stored value. */
export interface CallDeviceState {
  rangAt?: Date | null;
  terminated?: { at: Date; state: string } | null;
}

/**
 * The statistics tables, written by Flexisip for every message and call:
 * each event is one statement of fixed text (src/database/statements.ts),
 * an upsert where a repeat is allowed (src/database/upserts.ts), with the
 * parent row and the caller's scope checked inside that statement.
 */
@Injectable()
export class StatisticsRepository {
  private readonly sql: ReturnType<typeof statementsOf>;

  constructor(private readonly dataSource: DataSource) {
    this.sql = statementsOf(dataSource);
  }

  /** Throws the driver's unique violation for an id already stored. */
  async insertMessage(row: MessageRow, now: Date): Promise<void> {
    const stamp = date(now);
    await changeRows(this.dataSource, this.sql.insertMessage, [
      row.id,
      row.from.username,
      row.from.domain,
      date(row.sentAt),
      row.encrypted ? 1 : 0,
      row.conferenceId,
      stamp,
      stamp,
    ]);
  }

  /** Undefined when the message does not exist or is outside the scope. */
  upsertMessageDevice(
    messageId: string,
    to: SipAddress,
    deviceId: string,
    answer: { lastStatus: number; receivedAt: Date },
    now: Date,
    scope: RowScope,
  ): Promise<Upserted | undefined> {
    const stamp = date(now);
    return runUpsert(this.dataSource, this.sql.upsertMessageDevice, [
      to.username,
      to.domain,
      deviceId,
      answer.lastStatus,
      date(answer.receivedAt),
      stamp,
      stamp,
      messageId,
      ...scoped(scope),
    ]);
  }

  async insertCall(row: CallRow, now: Date): Promise<void> {
    const stamp = date(now);
    await changeRows(this.dataSource, this.sql.insertCall, [
      row.id,
      row.from.username,
      row.from.domain,
      row.to.username,
      row.to.domain,
      date(row.initiatedAt),
      date(row.endedAt),
      row.conferenceId,
      stamp,
      stamp,
    ]);
  }

  /** Whether the call exists in the scope (and now has this end). */
  async endCall(callId: string, endedAt: Date, now: Date, scope: RowScope): Promise<boolean> {
    return (await changeRows(this.dataSource, this.sql.endCall, [date(endedAt), date(now), callId, ...scoped(scope), scope.domain])) > 0;
  }

  upsertCallDevice(callId: string, deviceId: string, state: CallDeviceState, now: Date, scope: RowScope): Promise<Upserted | undefined> {
    const stamp = date(now);
    const terminated = state.terminated ?? null;
    return runUpsert(this.dataSource, this.sql.upsertCallDevice, [
      deviceId,
      date(state.rangAt ?? null),
      date(terminated?.at ?? null),
      terminated?.state ?? null,
      stamp,
      stamp,
      callId,
      ...scoped(scope),
      scope.domain,
      state.rangAt !== undefined ? 1 : 0,
      state.terminated !== undefined ? 1 : 0,
      state.terminated !== undefined ? 1 : 0,
    ]);
  }

  async insertConference(row: { id: string; createdAt: Date; endedAt: Date | null; schedule: string | null }, now: Date): Promise<void> {
    await changeRows(this.dataSource, this.sql.insertConference, [row.id, date(row.createdAt), date(row.endedAt), row.schedule, date(now)]);
  }

  async endConference(conferenceId: string, endedAt: Date, now: Date): Promise<boolean> {
    return (await changeRows(this.dataSource, this.sql.endConference, [date(endedAt), date(now), conferenceId])) > 0;
  }

  /** A participant's (or, with `deviceId`, a device's) event; a replay is the same row. Undefined: no such conference. */
  addParticipantEvent(
    conferenceId: string,
    participant: SipAddress,
    deviceId: string | undefined,
    event: { type: string; at: Date },
    now: Date,
  ): Promise<Upserted | undefined> {
    const stamp = date(now);
    const head = [participant.username, participant.domain];
    const tail = [event.type, date(event.at), stamp, stamp, conferenceId];
    return deviceId === undefined
      ? runUpsert(this.dataSource, this.sql.addParticipantEvent, [...head, ...tail])
      : runUpsert(this.dataSource, this.sql.addParticipantDeviceEvent, [...head, deviceId, ...tail]);
  }
}

/** The statements' text for the data source's engine, built once. */
function statementsOf(dataSource: DataSource) {
  const participantEvents = (table: string, device: boolean) => {
    const columns = ['conference_id', 'participant_username', 'participant_domain', ...(device ? ['device_id'] : []), 'type', 'at'];
    return upsertSql(dataSource, {
      insert:
        `INSERT INTO ${table} (${columns.join(', ')}, created_at, updated_at) ` +
        `SELECT f.id, ${columns
          .slice(1)
          .map(() => '?')
          .join(', ')}, ?, ? FROM statistics_conferences f WHERE f.id = ?`,
      table,
      key: columns,
      // a replay changes nothing
      assignments: () => [],
    });
  };
  return {
    insertMessage:
      'INSERT INTO statistics_messages (id, from_username, from_domain, sent_at, encrypted, conference_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    upsertMessageDevice: upsertSql(dataSource, {
      insert:
        'INSERT INTO statistics_message_devices (message_id, to_username, to_domain, device_id, last_status, received_at, created_at, updated_at) ' +
        'SELECT m.id, ?, ?, ?, ?, ?, ?, ? FROM statistics_messages m WHERE m.id = ? AND (? = 1 OR LOWER(m.from_domain) = ?)',
      table: 'statistics_message_devices',
      key: ['message_id', 'to_username', 'to_domain', 'device_id'],
      assignments: (fresh) => ['last_status', 'received_at', 'updated_at'].map((column) => `${column} = ${fresh(column)}`),
    }),
    insertCall:
      'INSERT INTO statistics_calls (id, from_username, from_domain, to_username, to_domain, initiated_at, ended_at, conference_id, created_at, updated_at) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    endCall:
      'UPDATE statistics_calls SET ended_at = ?, updated_at = ? WHERE id = ? AND (? = 1 OR LOWER(from_domain) = ? OR LOWER(to_domain) = ?)',
    upsertCallDevice: upsertSql(dataSource, {
      insert:
        'INSERT INTO statistics_call_devices (call_id, device_id, rang_at, invite_terminated_at, invite_terminated_state, created_at, updated_at) ' +
        'SELECT c.id, ?, ?, ?, ?, ?, ? FROM statistics_calls c WHERE c.id = ? AND (? = 1 OR LOWER(c.from_domain) = ? OR LOWER(c.to_domain) = ?)',
      table: 'statistics_call_devices',
      key: ['call_id', 'device_id'],
      // each given field (a flag parameter) replaces its column; the others keep theirs
      assignments: (fresh, old) => [
        ...['rang_at', 'invite_terminated_at', 'invite_terminated_state'].map(
          (column) => `${column} = CASE WHEN ? = 1 THEN ${fresh(column)} ELSE ${old(column)} END`,
        ),
        `updated_at = ${fresh('updated_at')}`,
      ],
    }),
    insertConference: 'INSERT INTO statistics_conferences (id, created_at, ended_at, schedule, updated_at) VALUES (?, ?, ?, ?, ?)',
    endConference: 'UPDATE statistics_conferences SET ended_at = ?, updated_at = ? WHERE id = ?',
    addParticipantEvent: participantEvents('statistics_conference_participant_events', false),
    addParticipantDeviceEvent: participantEvents('statistics_conference_participant_device_events', true),
  };
}
