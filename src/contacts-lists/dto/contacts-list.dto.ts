import { ApiProperty } from '@nestjs/swagger';
import { rule } from '../../common/validation/rule';
import { MaxLength, Required } from '../../common/validation/rules';
import { StringOrNumber } from '../../accounts/dto/account-rules';
import { ContactsListTitleFreeConstraint } from './contacts-list-constraints';

/** Bounded by its `text` column (65,535 bytes: 4 per character at most). */
export const DESCRIPTION_MAX = 10_000;

const TitleFree = (): PropertyDecorator => rule('unique', ContactsListTitleFreeConstraint, { rule: 'unique' });

/** `POST`, `PUT` and `PATCH /api/contacts_lists[/{id}]` (contacts.md §3): both fields required each time. */
export class ContactsListDto {
  @ApiProperty({
    type: String,
    example: 'Front desk',
    maxLength: 255,
    description: 'unique among the lists of the Space; a number is taken as its text',
  })
  @Required()
  @StringOrNumber()
  @MaxLength(255)
  @TitleFree()
  title: string | number;

  @ApiProperty({ type: String, example: 'Reception phones', maxLength: DESCRIPTION_MAX, description: 'a number is taken as its text' })
  @Required()
  @StringOrNumber()
  @MaxLength(DESCRIPTION_MAX)
  description: string | number;
}
