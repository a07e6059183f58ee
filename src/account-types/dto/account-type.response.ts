import { ApiProperty } from '@nestjs/swagger';
import type { AccountType } from '../entities/account-type.entity';

/** The type object (contacts.md §4): timestamps hidden. */
export class AccountTypeResponse {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'phone' }) key: string;

  static of(type: AccountType): AccountTypeResponse {
    return { id: type.id, key: type.key };
  }
}

/** A type as `POST /api/account_types` answers it, in the reference's key order. */
export class CreatedAccountTypeResponse {
  @ApiProperty({ example: 'phone' }) key: string;
  @ApiProperty({ example: 1 }) id: number;

  static of(type: AccountType): CreatedAccountTypeResponse {
    return { key: type.key, id: type.id };
  }
}
