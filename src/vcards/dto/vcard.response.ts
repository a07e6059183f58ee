import { ApiProperty } from '@nestjs/swagger';
import { iso } from '../../common/serialize';
import type { Vcard } from '../entities/vcard.entity';

/** A stored vCard (vcards.md §1.1): `id`, `account_id` and `uuid` are not shown. */
export class VcardResponse {
  @ApiProperty({ example: 'BEGIN:VCARD\nVERSION:4.0\nFN:Jhonny English\nUID:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\nEND:VCARD\n' })
  vcard: string;

  @ApiProperty({ example: '2024-12-10T09:31:07.000000Z', nullable: true, type: String })
  created_at: string | null;

  @ApiProperty({ example: '2024-12-10T09:31:07.000000Z', nullable: true, type: String })
  updated_at: string | null;

  static of(row: Vcard): VcardResponse {
    return { vcard: row.vcard, created_at: iso(row.created_at), updated_at: iso(row.updated_at) };
  }

  /** `{uuid: item, …}` in id order; `[]` when there is none (the reference's quirk). */
  static list(rows: Vcard[]): Record<string, VcardResponse> | [] {
    if (rows.length === 0) return [];
    return Object.fromEntries(rows.map((row) => [row.uuid, VcardResponse.of(row)]));
  }
}
