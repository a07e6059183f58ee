import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AccountCreationToken } from '../entities/account-creation-token.entity';

/** tokens.md §2: a fresh token shows only the columns set at creation. */
export class AccountCreationTokenResponse {
  @ApiProperty({ example: 'a1B2c3D4e5F6g', description: '13 characters' }) token: string;
  @ApiProperty({ example: '127.0.0.1' }) ip: string;
  @ApiProperty({ type: String, example: 'curl/8.0', nullable: true }) user_agent: string | null;
  @ApiProperty({
    type: String,
    example: null,
    nullable: true,
    description: '`created_at` + APP_ACCOUNT_CREATION_TOKEN_EXPIRATION_MINUTES, null when it never expires',
  })
  expire_at: string | null;

  /** Only the columns set at creation, plus `expire_at` (`created_at` + the expiration setting). */
  static of(token: AccountCreationToken, expireAt: string | null): AccountCreationTokenResponse {
    return { token: token.token, ip: token.ip as string, user_agent: token.user_agent, expire_at: expireAt };
  }
}

export class ConsumedAccountCreationTokenResponse extends AccountCreationTokenResponse {
  @ApiPropertyOptional({ type: String, nullable: true }) pn_provider: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) pn_param: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) pn_prid: string | null;
  @ApiProperty({ example: true }) used: boolean;
  @ApiProperty({ example: 7 }) account_id: number;

  /** A token read back from the database: every visible column. */
  static full(token: AccountCreationToken, expireAt: string | null): ConsumedAccountCreationTokenResponse {
    return {
      token: token.token,
      pn_provider: token.pn_provider,
      pn_param: token.pn_param,
      pn_prid: token.pn_prid,
      used: token.used,
      account_id: token.account_id as number,
      ip: token.ip as string,
      user_agent: token.user_agent,
      expire_at: expireAt,
    };
  }
}
