import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { Custom, Required } from '../../common/validation/rules';
import { INVALID_REQUEST_TOKEN, REQUEST_TOKEN_LENGTH } from '../account-creation-request-tokens.service';

/** tokens.md §3.1 */
export class AccountCreationRequestTokenResponse {
  @ApiProperty({ example: 'Qw3rTy7uI9oPa', description: '13 characters' }) token: string;
  @ApiProperty({
    type: String,
    example: 'http://localhost/creation_token/check/Qw3rTy7uI9oPa',
    nullable: true,
    description: 'the page where a person validates the token (captcha); null once validated',
  })
  validation_url: string | null;
}

const requestTokenDoc = { example: 'Qw3rTy7uI9oPa', description: 'an unused account creation request token (13 characters)' };

/** `POST /api/account_creation_tokens/using-account-creation-request-token` (§2.3). */
export class UsingRequestTokenDto {
  @ApiProperty({ type: String, ...requestTokenDoc })
  @Required()
  // the lookup is the service's: this only spares it a query for a value that cannot be one
  @Custom('request_token', (value) => typeof value === 'string' && value.length === REQUEST_TOKEN_LENGTH, INVALID_REQUEST_TOKEN)
  account_creation_request_token: string;
}

/** `POST /creation_token/validate` (§3.3): failures are redirects, so the page checks the fields itself. */
export class ValidateRequestTokenForm {
  @ApiProperty({ type: String, ...requestTokenDoc })
  @Allow()
  account_creation_request_token?: unknown;

  @ApiPropertyOptional({ type: String, description: "hCaptcha's widget response; required when the captcha is configured" })
  @Allow()
  'h-captcha-response'?: unknown;
}
