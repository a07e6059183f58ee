import { ApiProperty } from '@nestjs/swagger';
import { iso } from '../../common/serialize';
import type { ContactsList } from '../entities/contacts-list.entity';
import type { CountedList } from '../contacts-lists.repository';

const ISO = { example: '2024-12-10T09:31:07.000000Z', nullable: true, type: String };

/** A list as `POST /api/contacts_lists` answers it (contacts.md §3), in the reference's key order. */
export class CreatedContactsListResponse {
  @ApiProperty({ example: 'Front desk' }) title: string;
  @ApiProperty({ example: 'Reception phones', nullable: true, type: String }) description: string | null;
  @ApiProperty(ISO) updated_at: string | null;
  @ApiProperty(ISO) created_at: string | null;
  @ApiProperty({ example: 1 }) id: number;

  static of(list: ContactsList): CreatedContactsListResponse {
    return {
      title: list.title,
      description: list.description,
      updated_at: iso(list.updated_at),
      created_at: iso(list.created_at),
      id: list.id,
    };
  }
}

/** The list object (contacts.md §3). */
export class ContactsListResponse {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'Front desk' }) title: string;
  @ApiProperty({ example: 'Reception phones', nullable: true, type: String }) description: string | null;
  @ApiProperty(ISO) created_at: string | null;
  @ApiProperty(ISO) updated_at: string | null;
  @ApiProperty({ example: 3, description: "its members the caller can see (a plain admin: of the Space's domain)" }) contacts_count: number;

  static of(list: CountedList): ContactsListResponse {
    return {
      id: list.id,
      title: list.title,
      description: list.description,
      created_at: iso(list.created_at),
      updated_at: iso(list.updated_at),
      contacts_count: list.contacts_count,
    };
  }
}
