import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { DigestAlgorithm, DIGEST_ALGORITHMS } from '../../../common/digest-hash';
import { MaxLength, Required } from '../../../common/validation/rules';
import { PASSWORD_MAX, PasswordAlgorithm, StringOrNumber } from '../../dto/account-rules';

export class ChangePasswordDto {
  @ApiProperty({ enum: DIGEST_ALGORITHMS, example: 'SHA-256' })
  @Required()
  @PasswordAlgorithm()
  algorithm: DigestAlgorithm;

  @ApiProperty({ type: String, example: 'n3w-s3cret', maxLength: 255, description: 'at most 255 characters; never trimmed' })
  @Required()
  @StringOrNumber()
  @MaxLength(PASSWORD_MAX)
  password: string | number;

  @ApiPropertyOptional({ description: 'required only when the account already has a password' })
  @Allow()
  old_password?: string;
}
