import { ApiProperty } from '@nestjs/swagger';
import { iso } from '../../common/serialize';
import type { RegistrarContact } from '../registrar-contact';

/** A device: one contact registered on Flexisip (devices.md). */
export class DeviceResponse {
  @ApiProperty({ example: 'urn:uuid:9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77', description: "the contact's `+sip.instance`" })
  uuid: string;

  @ApiProperty({ example: '2024-12-10T10:26:40.000000Z', nullable: true, type: String, description: 'its last registration (`updatedAt`)' })
  update_time: string | null;

  @ApiProperty({ example: 'LinphoneAndroid/5.2.5 (Pixel 7) LinphoneSDK/5.3.0', nullable: true, type: String })
  user_agent: string | null;

  static of(contact: RegistrarContact): DeviceResponse {
    return {
      uuid: contact.uuid,
      update_time: contact.updatedAt === null ? null : iso(new Date(contact.updatedAt * 1000)),
      user_agent: contact.userAgent,
    };
  }
}

/** `{uuid: device, …}`, `{}` when there is none. */
export type DeviceList = Record<string, DeviceResponse>;
