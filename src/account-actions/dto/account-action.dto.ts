import { ApiProperty } from '@nestjs/swagger';
import { NoUppercase } from '../../accounts/dto/account-rules';
import { AlphaDash, AlphaNum, MaxLength, Required } from '../../common/validation/rules';

/**
 * The body of `POST /api/accounts/{id}/actions` and of its `PUT`/`PATCH`
 * (contacts.md §5; ours: both fields required on update too, and bounded by
 * their columns).
 */
export class AccountActionDto {
  @ApiProperty({
    type: String,
    example: 'open',
    maxLength: 255,
    description: 'Unicode letters, digits, `-` and `_`, no upper-case ASCII letter',
  })
  @Required()
  @AlphaDash()
  @NoUppercase()
  @MaxLength(255)
  key: string;

  @ApiProperty({
    type: String,
    example: '123',
    maxLength: 255,
    description: 'the DTMF code: Unicode letters and digits, no upper-case ASCII letter',
  })
  @Required()
  @AlphaNum()
  @NoUppercase()
  @MaxLength(255)
  code: string;
}
