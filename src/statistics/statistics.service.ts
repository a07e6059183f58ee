import { Injectable, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ApiError, forbidden, notFound, ValidationFailed } from '../common/errors';
import { Scope } from '../account-core/request-scope';
import { iso, truthy } from '../common/serialize';
import { isUnavailable } from '../database/database-errors';
import { now } from '../database/timestamps';
import { Upserted } from '../database/upserts';
import { CallDeviceDto, CallDto, EndedDto } from './dto/call.dto';
import { ConferenceDto, ParticipantEventDto } from './dto/conference.dto';
import { MessageDeviceDto, MessageDto } from './dto/message.dto';
import { parseIso8601 } from './iso-8601';
import { inScope, SipAddress, splitSipAddress } from './sip-address';
import { CallDeviceState, RowScope, StatisticsRepository } from './statistics.repository';

/** Lengths of the key columns a path value lands in: longer, the row cannot exist or be stored. */
const ID_MAX = 64;
const SIP_PART_MAX = 256;

const date = (value: string): Date => parseIso8601(value)!;
const optionalDate = (value: string | null | undefined): Date | null => (value === null || value === undefined ? null : date(value));

/** A SIP address the DTO has validated. */
const sip = (value: string): SipAddress => splitSipAddress(value)!;

/**
 * Flexisip's statistics (statistics.md; conferences are ours). Each event is
 * one statement; answers are built from the request and what the statement
 * tells (created or updated, the row's id), never read back. Space rule
 * (ours, the spec has none): a plain admin writes only records with a party
 * in its Space's domain, and the rows of other records answer as unknown.
 */
@Injectable()
export class StatisticsService {
  private readonly logger = new Logger('Statistics');

  constructor(private readonly rows: StatisticsRepository) {}

  async addMessage(dto: MessageDto, scope: Scope, recipients: unknown): Promise<true> {
    const from = sip(dto.from);
    // Flexisip's `to` map (not stored) names the recipients: a message to the Space's users is the Space's too
    const to = recipients !== null && typeof recipients === 'object' && !Array.isArray(recipients) ? Object.keys(recipients) : [];
    const parties = [from, ...to.map(splitSipAddress).filter((address) => address !== undefined)];
    this.checkParties(parties, scope);
    await this.storing(() =>
      this.rows.insertMessage(
        { id: dto.id, from, sentAt: date(dto.sent_at), encrypted: truthy(dto.encrypted), conferenceId: dto.conference_id ?? null },
        now(),
      ),
    );
    return true;
  }

  async setMessageDevice(messageId: string, toText: string, deviceId: string, dto: MessageDeviceDto, scope: Scope) {
    const to = this.pathAddress('to', toText);
    if (messageId.length > ID_MAX || deviceId.length > ID_MAX || !fits(to)) throw databaseError();
    const stamp = now();
    const receivedAt = date(dto.received_at);
    // a recipient of the Space may be told about whatever message reached it
    const rowScope = this.rowScope(scope, inScope(to.domain, scope.domain));
    const upserted = await this.storing(() =>
      this.rows.upsertMessageDevice(messageId, to, deviceId, { lastStatus: Number(dto.last_status), receivedAt }, stamp, rowScope),
    );
    if (!upserted) throw databaseError();
    return {
      created: upserted.created,
      body: {
        id: upserted.id,
        message_id: messageId,
        to_username: to.username,
        to_domain: to.domain,
        device_id: deviceId,
        last_status: Number(dto.last_status),
        received_at: iso(receivedAt),
        ...createdAt(upserted, stamp),
        updated_at: iso(stamp),
      },
    };
  }

  async addCall(dto: CallDto, scope: Scope): Promise<true> {
    const from = sip(dto.from);
    const to = sip(dto.to);
    this.checkParties([from, to], scope);
    await this.storing(() =>
      this.rows.insertCall(
        {
          id: dto.id,
          from,
          to,
          initiatedAt: date(dto.initiated_at),
          endedAt: optionalDate(dto.ended_at),
          conferenceId: dto.conference_id ?? null,
        },
        now(),
      ),
    );
    return true;
  }

  async endCall(callId: string, dto: EndedDto, scope: Scope) {
    const stamp = now();
    const endedAt = date(dto.ended_at);
    if (callId.length > ID_MAX || !(await this.storing(() => this.rows.endCall(callId, endedAt, stamp, this.rowScope(scope, false))))) {
      throw notFound();
    }
    return { id: callId, ended_at: iso(endedAt), updated_at: iso(stamp) };
  }

  async setCallDevice(callId: string, deviceId: string, dto: CallDeviceDto, scope: Scope) {
    if (callId.length > ID_MAX || deviceId.length > ID_MAX) throw databaseError();
    const stamp = now();
    const state: CallDeviceState = {};
    if (dto.rang_at !== undefined) state.rangAt = optionalDate(dto.rang_at);
    if (dto.invite_terminated !== undefined) {
      state.terminated =
        dto.invite_terminated === null
          ? null
          : { at: date(String(dto['invite_terminated.at'])), state: String(dto['invite_terminated.state']) };
    }
    const upserted = await this.storing(() => this.rows.upsertCallDevice(callId, deviceId, state, stamp, this.rowScope(scope, false)));
    if (!upserted) throw databaseError();
    // an update answers the columns it wrote: the others are not read back
    const fresh = upserted.created;
    return {
      created: fresh,
      body: {
        id: upserted.id,
        call_id: callId,
        device_id: deviceId,
        ...(fresh || state.rangAt !== undefined ? { rang_at: iso(state.rangAt ?? null) } : {}),
        ...(fresh || state.terminated !== undefined
          ? { invite_terminated_at: iso(state.terminated?.at ?? null), invite_terminated_state: state.terminated?.state ?? null }
          : {}),
        ...createdAt(upserted, stamp),
        updated_at: iso(stamp),
      },
    };
  }

  async addConference(dto: ConferenceDto): Promise<true> {
    await this.storing(() =>
      this.rows.insertConference(
        { id: dto.id, createdAt: date(dto.created_at), endedAt: optionalDate(dto.ended_at), schedule: dto.schedule ?? null },
        now(),
      ),
    );
    return true;
  }

  async endConference(conferenceId: string, dto: EndedDto) {
    const stamp = now();
    const endedAt = date(dto.ended_at);
    if (conferenceId.length > ID_MAX || !(await this.storing(() => this.rows.endConference(conferenceId, endedAt, stamp))))
      throw notFound();
    return { id: conferenceId, ended_at: iso(endedAt), updated_at: iso(stamp) };
  }

  async addParticipantEvent(conferenceId: string, sipText: string, deviceId: string | undefined, dto: ParticipantEventDto, scope: Scope) {
    const participant = this.pathAddress('sip', sipText);
    this.checkParties([participant], scope);
    if (conferenceId.length > ID_MAX || (deviceId !== undefined && deviceId.length > ID_MAX) || !fits(participant)) throw databaseError();
    const at = date(dto.at);
    const upserted = await this.storing(() =>
      this.rows.addParticipantEvent(conferenceId, participant, deviceId, { type: dto.type, at }, now()),
    );
    if (!upserted) throw databaseError();
    return {
      created: upserted.created,
      body: {
        id: upserted.id,
        conference_id: conferenceId,
        participant_username: participant.username,
        participant_domain: participant.domain,
        ...(deviceId === undefined ? {} : { device_id: deviceId }),
        type: dto.type,
        at: iso(at),
      },
    };
  }

  /** A SIP address in the path: the body's rules, as a 422 on that parameter. */
  private pathAddress(field: string, value: string): SipAddress {
    const address = splitSipAddress(value);
    if (!address) throw new ValidationFailed([{ field, text: 'The :attribute must be a SIP address (user@domain).' }]);
    return address;
  }

  private checkParties(parties: SipAddress[], scope: Scope): void {
    if (!parties.some((party) => inScope(party.domain, scope.domain))) throw forbidden('Unauthorized area');
  }

  private rowScope(scope: Scope, any: boolean): RowScope {
    return { any: any || scope.domain === undefined, domain: (scope.domain ?? '').toLowerCase() };
  }

  /**
   * A write the database refuses (a duplicate id, a parent deleted meanwhile
   * …) is the reference's `400 Database error`; a database that is away
   * stays a 503.
   */
  private async storing<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof QueryFailedError) || isUnavailable(error)) throw error;
      this.logger.warn(`Database error: ${(error.driverError as Error | undefined)?.message ?? error.message}`);
      throw databaseError();
    }
  }
}

const databaseError = (): ApiError => new ApiError(400, 'Database error');

const fits = (address: SipAddress): boolean => address.username.length <= SIP_PART_MAX && address.domain.length <= SIP_PART_MAX;

/** `created_at` only when this request created the row: an update does not read it back. */
const createdAt = (upserted: Upserted, stamp: Date) => (upserted.created ? { created_at: iso(stamp) } : {});
