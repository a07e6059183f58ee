import { ApiProperty } from '@nestjs/swagger';

const ISO = { type: String, example: '2024-12-10T09:31:07.000000Z', nullable: true };

/** The Space JSON (spaces.md): every column but `id`; for the OpenAPI description. */
export class SpaceResponse {
  @ApiProperty({ example: 'sip.example.org' }) domain: string;
  @ApiProperty({ description: 'its admins are super admins' }) super: boolean;
  @ApiProperty(ISO) created_at: string | null;
  @ApiProperty(ISO) updated_at: string | null;
  @ApiProperty() disable_chat_feature: boolean;
  @ApiProperty() disable_meetings_feature: boolean;
  @ApiProperty() disable_broadcast_feature: boolean;
  @ApiProperty() hide_settings: boolean;
  @ApiProperty() hide_account_settings: boolean;
  @ApiProperty() disable_call_recordings_feature: boolean;
  @ApiProperty() only_display_sip_uri_username: boolean;
  @ApiProperty() assistant_hide_create_account: boolean;
  @ApiProperty() assistant_disable_qr_code: boolean;
  @ApiProperty() assistant_hide_third_party_account: boolean;
  @ApiProperty({ example: 0 }) max_account: number;
  @ApiProperty({ example: 'sip.example.org', description: 'the HTTP host serving this Space' }) host: string;
  @ApiProperty({ example: 0, description: '0: no limit' }) max_accounts: number;
  @ApiProperty({ ...ISO, example: '2030-01-01T00:00:00.000000Z', description: 'midnight of the expiry day' }) expire_at: string | null;
}
