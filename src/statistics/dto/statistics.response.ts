import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const ISO = { type: String, example: '2017-07-21T17:32:28.000000Z' };
const CREATED = { ...ISO, description: 'on a creation (201) only: an update does not read the row back' };
const WRITTEN = { type: String, nullable: true, description: 'on a creation (201), and on an update that wrote it' };

/** The device row of `PATCH …/messages/{message_id}/to/{to}/devices/{device_id}`. */
export class MessageDeviceResponse {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: '84c937d1' }) message_id: string;
  @ApiProperty({ example: 'bob' }) to_username: string;
  @ApiProperty({ example: 'sip.example.org' }) to_domain: string;
  @ApiProperty({ example: '9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77' }) device_id: string;
  @ApiProperty({ example: 200 }) last_status: number;
  @ApiProperty(ISO) received_at: string;
  @ApiPropertyOptional(CREATED) created_at?: string;
  @ApiProperty(ISO) updated_at: string;
}

/** The device row of `PATCH …/calls/{call_id}/devices/{device_id}`. */
export class CallDeviceResponse {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: '4722b0233' }) call_id: string;
  @ApiProperty({ example: '9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77' }) device_id: string;
  @ApiPropertyOptional({ ...ISO, ...WRITTEN }) rang_at?: string | null;
  @ApiPropertyOptional({ ...ISO, ...WRITTEN }) invite_terminated_at?: string | null;
  @ApiPropertyOptional({ example: 'accepted', ...WRITTEN }) invite_terminated_state?: string | null;
  @ApiPropertyOptional(CREATED) created_at?: string;
  @ApiProperty(ISO) updated_at: string;
}

/** `PATCH …/calls/{call_id}` and `…/conferences/{id}`: what the request wrote. */
export class EndedResponse {
  @ApiProperty({ example: '4722b0233' }) id: string;
  @ApiProperty(ISO) ended_at: string;
  @ApiProperty(ISO) updated_at: string;
}

/** A conference participant's event. */
export class ParticipantEventResponse {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'iHVDMq6MxSKp60bT' }) conference_id: string;
  @ApiProperty({ example: 'bob' }) participant_username: string;
  @ApiProperty({ example: 'sip.example.org' }) participant_domain: string;
  @ApiProperty({ example: 'added' }) type: string;
  @ApiProperty(ISO) at: string;
}

/** A conference participant's device's event. */
export class ParticipantDeviceEventResponse extends ParticipantEventResponse {
  @ApiProperty({ example: '9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77' }) device_id: string;
}
