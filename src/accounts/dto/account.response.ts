import { DIGEST_ALGORITHMS } from '../../common/digest-hash';
import { ApiProperty, OmitType } from '@nestjs/swagger';

/*
 * The account JSON of accounts.md §1, for the OpenAPI description only: the
 * serializer builds the bodies; these classes say what they look like.
 */

const ISO = { type: String, example: '2024-12-10T09:31:07.000000Z', description: 'ISO 8601, UTC' };
const PLAIN = { type: String, example: '2024-12-17 09:31:07', description: '`YYYY-MM-DD HH:mm:ss`, UTC' };

class PasswordAlgorithm {
  @ApiProperty({ enum: DIGEST_ALGORITHMS }) algorithm: string;
}

class StoredPassword extends PasswordAlgorithm {
  @ApiProperty({ description: 'the stored DIGEST hash, H(username:realm:password)' }) password: string;
}

class ActivationExpiration {
  @ApiProperty() id: number;
  @ApiProperty() account_id: number;
  @ApiProperty(PLAIN) expires: string;
  @ApiProperty(ISO) created_at: string;
  @ApiProperty(ISO) updated_at: string;
}

class PendingChange {
  @ApiProperty(ISO) created_at: string;
  @ApiProperty(ISO) updated_at: string;
  @ApiProperty({ type: String, nullable: true, example: '127.0.0.1' }) ip: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Linphone/5.2' }) user_agent: string | null;
}

class PendingEmailChange extends PendingChange {
  @ApiProperty({ example: 'new@example.org' }) email: string;
}

class PendingPhoneChange extends PendingChange {
  @ApiProperty({ example: '+33612345678' }) phone: string;
}

class PendingEmailChangeWithCode extends PendingEmailChange {
  @ApiProperty({ example: '1234' }) code: string;
}

class PendingPhoneChangeWithCode extends PendingPhoneChange {
  @ApiProperty({ example: '1234' }) code: string;
}

class AccountTypeRef {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'phone' }) key: string;
}

class AccountActionRef {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'open' }) key: string;
  @ApiProperty({ example: '123' }) code: string;
}

/** §1.1, the default shape. */
export class AccountResponse {
  @ApiProperty({ example: 2 }) id: number;
  @ApiProperty({ example: 'john' }) username: string;
  @ApiProperty({ example: 'sip.example.org' }) domain: string;
  @ApiProperty({ type: String, nullable: true, example: 'john@example.org' }) email: string | null;
  @ApiProperty() activated: boolean;
  @ApiProperty({ example: '127.0.0.1' }) ip_address: string;
  @ApiProperty({ example: 'Linphone/5.2' }) user_agent: string;
  @ApiProperty({ ...ISO, nullable: true }) created_at: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'John Doe' }) display_name: string | null;
  @ApiProperty({ nullable: true, enum: ['sipinfo', 'rfc2833', 'sipmessage'] }) dtmf_protocol: string | null;
  @ApiProperty({ ...ISO, nullable: true }) updated_at: string | null;
  @ApiProperty() blocked: boolean;
  @ApiProperty() admin: boolean;
  @ApiProperty({ type: String, nullable: true, example: '+33612345678' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the ACCOUNT_REALM setting (null when unset), not the resolved realm' }) realm:
    string | null;
  @ApiProperty({ ...PLAIN, nullable: true, description: 'the activation expiration, when there is one' }) confirmation_key_expires:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Xk3J9aQ2mZpLr', description: 'the current (latest unused) provisioning token' })
  provisioning_token: string | null;
  @ApiProperty({ ...ISO, nullable: true, description: 'when APP_PROVISIONING_TOKEN_EXPIRATION_MINUTES > 0' })
  provisioning_token_expire_at: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { foo: 'bar' } }) dictionary: Record<string, string>;
  @ApiProperty({ type: [PasswordAlgorithm], description: 'one per password row; hashes never shown' }) passwords: PasswordAlgorithm[];
  @ApiProperty({ type: ActivationExpiration, nullable: true }) activation_expiration: ActivationExpiration | null;
  @ApiProperty({ type: PendingEmailChange, nullable: true, description: 'the pending email change, without its code' })
  email_change_code: PendingEmailChange | null;
  @ApiProperty({ type: [AccountTypeRef] }) types: AccountTypeRef[];
  @ApiProperty({ type: [AccountActionRef], description: 'always empty when `dtmf_protocol` is null' }) actions: AccountActionRef[];
}

/** §1.2: admin create and update. */
export class AdminAccountResponse extends AccountResponse {
  @ApiProperty({ type: String, nullable: true, example: 'aB3dE5gH7jK9m', description: '13 characters, null once activated' })
  confirmation_key: string | null;
}

/** §1.3, an item of the admin list: no `passwords`, the pending phone change too. */
export class AccountListItemResponse extends OmitType(AccountResponse, ['passwords'] as const) {
  @ApiProperty({ type: PendingPhoneChange, nullable: true }) phone_change_code: PendingPhoneChange | null;
}

/** §1.3, the admin show: the pending changes with their codes. */
export class AccountShowResponse extends OmitType(AccountResponse, ['passwords', 'email_change_code'] as const) {
  @ApiProperty({ type: PendingEmailChangeWithCode, nullable: true }) email_change_code: PendingEmailChangeWithCode | null;
  @ApiProperty({ type: PendingPhoneChangeWithCode, nullable: true }) phone_change_code: PendingPhoneChangeWithCode | null;
}

/** The dangerous recover endpoint: the stored hashes are shown. */
export class RecoveredAccountResponse extends OmitType(AccountResponse, ['passwords'] as const) {
  @ApiProperty({ type: [StoredPassword] }) passwords: StoredPassword[];
}

class PageLink {
  @ApiProperty({ type: String, nullable: true, example: 'http://localhost/api/accounts?page=2' }) url: string | null;
  @ApiProperty({ example: '2', description: 'a page number, `...`, or the translated previous/next labels' }) label: string;
  @ApiProperty() active: boolean;
}

/** accounts.md §4.3, the reference's paginator. */
export class AccountsPageResponse {
  @ApiProperty({ example: 1 }) current_page: number;
  @ApiProperty({ type: [AccountListItemResponse] }) data: AccountListItemResponse[];
  @ApiProperty({ example: 'http://localhost/api/accounts?page=1' }) first_page_url: string;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) from: number | null;
  @ApiProperty({ example: 5 }) last_page: number;
  @ApiProperty({ example: 'http://localhost/api/accounts?page=5' }) last_page_url: string;
  @ApiProperty({ type: [PageLink] }) links: PageLink[];
  @ApiProperty({ type: String, nullable: true }) next_page_url: string | null;
  @ApiProperty({ example: 'http://localhost/api/accounts' }) path: string;
  @ApiProperty({ example: 20 }) per_page: number;
  @ApiProperty({ type: String, nullable: true }) prev_page_url: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 20 }) to: number | null;
  @ApiProperty({ example: 97 }) total: number;
}
