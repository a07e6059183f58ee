import { ApiProperty } from '@nestjs/swagger';
import { iso, plainDateTime } from '../../common/serialize';
import type { ContactDetails } from '../contact-rows';

const ISO = { type: String, example: '2024-12-10T09:31:07.000000Z', description: 'ISO 8601, UTC' };
const PLAIN = { type: String, example: '2024-12-17 09:31:07', description: '`YYYY-MM-DD HH:mm:ss`, UTC' };
const ALWAYS_NULL = { nullable: true, type: String, example: null, description: "always null: another account's secret, never shown" };

class ContactPassword {
  @ApiProperty({ example: 'MD5' }) algorithm: string;
}

class ContactActivationExpiration {
  @ApiProperty() id: number;
  @ApiProperty() account_id: number;
  @ApiProperty(PLAIN) expires: string | null;
  @ApiProperty({ ...ISO, nullable: true, type: String }) created_at: string | null;
  @ApiProperty({ ...ISO, nullable: true, type: String }) updated_at: string | null;
}

class ContactType {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'phone' }) key: string;
}

class ContactAction {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: '123' }) key: string;
  @ApiProperty({ example: '123' }) code: string;
}

/**
 * A contact object (contacts.md §1): a reduced account, in the spec's key
 * order, without anything that would let its reader act as the contact.
 */
export class ContactResponse {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty({ example: 'alice' }) username: string;
  @ApiProperty({ example: 'sip.example.org' }) domain: string;
  @ApiProperty() activated: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'sipinfo' }) dtmf_protocol: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Alice' }) display_name: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the ACCOUNT_REALM setting (null when unset)' }) realm: string | null;
  @ApiProperty({ ...PLAIN, nullable: true, type: String, description: 'the activation expiration, when there is one' })
  confirmation_key_expires: string | null;
  @ApiProperty(ALWAYS_NULL) provisioning_token: null;
  @ApiProperty(ALWAYS_NULL) provisioning_token_expire_at: null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: {} }) dictionary: Record<string, string>;
  @ApiProperty({ type: [ContactPassword], description: 'the algorithms of its passwords; never a hash' }) passwords: ContactPassword[];
  @ApiProperty({ type: ContactActivationExpiration, nullable: true }) activation_expiration: ContactActivationExpiration | null;
  @ApiProperty(ALWAYS_NULL) email_change_code: null;
  @ApiProperty({ type: [ContactType] }) types: ContactType[];
  @ApiProperty({ type: [ContactAction], description: 'always empty when `dtmf_protocol` is null' }) actions: ContactAction[];

  static of(contact: ContactDetails, realm: string | null): ContactResponse {
    const expiration = contact.expiration;
    return {
      id: contact.id,
      username: contact.username,
      domain: contact.domain,
      activated: contact.activated,
      dtmf_protocol: contact.dtmf_protocol,
      display_name: contact.display_name,
      realm,
      confirmation_key_expires: expiration ? plainDateTime(expiration.expires) : null,
      provisioning_token: null,
      provisioning_token_expire_at: null,
      dictionary: contact.dictionary,
      passwords: contact.algorithms.map((algorithm) => ({ algorithm })),
      activation_expiration: expiration
        ? {
            id: expiration.id,
            account_id: expiration.account_id,
            expires: plainDateTime(expiration.expires),
            created_at: iso(expiration.created_at),
            updated_at: iso(expiration.updated_at),
          }
        : null,
      email_change_code: null,
      types: contact.types,
      actions: contact.actions,
    };
  }
}
