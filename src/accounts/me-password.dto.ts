import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { DigestAlgorithm, DIGEST_ALGORITHMS } from '../auth/digest/digest';
import { Required } from '../common/validation/rules';
import { PasswordAlgorithm } from './dto/account-rules';

export class ChangePasswordDto {
  @ApiProperty({ enum: DIGEST_ALGORITHMS, example: 'SHA-256' })
  @Required()
  @PasswordAlgorithm()
  algorithm: DigestAlgorithm;

  @ApiProperty({ example: 'n3w-s3cret', description: 'no length rule; never trimmed' })
  @Required()
  password: string;

  @ApiPropertyOptional({ description: 'required only when the account already has a password' })
  @Allow()
  old_password?: string;
}
