import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';

export class ConsumeAccountCreationTokenDto {
  @ApiPropertyOptional({ type: String, example: 'a1B2c3D4e5F6g', description: 'an unused token not linked to any account' })
  @Allow()
  account_creation_token?: unknown;
}
