import { ApiProperty } from '@nestjs/swagger';
import { NoUppercase } from '../../accounts/dto/account-rules';
import { rule } from '../../common/validation/rule';
import { AlphaDash, MaxLength, Required } from '../../common/validation/rules';
import { AccountTypeKeyFreeConstraint } from './account-type-constraints';

const KeyFree = (): PropertyDecorator => rule('unique', AccountTypeKeyFreeConstraint, { rule: 'unique' });

/** The body of `POST /api/account_types` and of its `PUT`/`PATCH` (contacts.md §4). */
export class AccountTypeDto {
  @ApiProperty({
    type: String,
    example: 'phone',
    maxLength: 64,
    description: "Unicode letters, digits, `-` and `_`, no upper-case ASCII letter; unique among the Space's types",
  })
  @Required()
  @AlphaDash()
  @NoUppercase()
  // ours: the column's size
  @MaxLength(64)
  @KeyFree()
  key: string;
}
