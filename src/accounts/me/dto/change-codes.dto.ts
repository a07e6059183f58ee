import { ApiProperty } from '@nestjs/swagger';
import { Digits, IsEmail, MaxLength, Required } from '../../../common/validation/rules';
import { rule } from '../../../common/validation/rule';
import { requestOf } from '../../../common/validation/validation-request';
import {
  EmailUniqueIfConfigured,
  PhoneCountryAuthorized,
  PhoneUniqueAmongPhones,
  PhoneUniqueAmongUsernames,
  PhoneValid,
} from '../../dto/account-rules';

/** `different:` the caller's current email (tokens.md §6). */
const NotCurrentEmail = (): PropertyDecorator =>
  rule('not_in', (value, args) => value !== requestOf(args)?.caller?.account.email, { rule: 'not_in' });

export class EmailChangeRequestDto {
  @ApiProperty({ example: 'john.new@example.org', maxLength: 64, description: 'the new address; the code is mailed there' })
  @Required()
  @IsEmail()
  @NotCurrentEmail()
  @EmailUniqueIfConfigured()
  // ours (accounts.md §3.5): it becomes the account's email, a 64-character column
  @MaxLength(64)
  email: string;
}

/** accounts.md §3.4, in the order of `/me/phone/request`. */
export class PhoneChangeRequestDto {
  @ApiProperty({ example: '+33612345678', description: 'international format; its country must be activated' })
  @PhoneValid()
  @PhoneCountryAuthorized()
  @Required()
  @PhoneUniqueAmongPhones()
  @PhoneUniqueAmongUsernames()
  phone: string;
}

export class ChangeCodeDto {
  @ApiProperty({ example: '1234', description: 'the 4-digit code received' })
  @Required()
  @Digits(4)
  code: string;
}
