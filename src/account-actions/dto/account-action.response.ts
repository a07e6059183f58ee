import { ApiProperty } from '@nestjs/swagger';
import type { AccountAction } from '../entities/account-action.entity';

/** The action object (contacts.md §5). */
export class AccountActionResponse {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'open' }) key: string;
  @ApiProperty({ example: '123' }) code: string;

  static of(action: AccountAction): AccountActionResponse {
    return { id: action.id, key: action.key, code: action.code };
  }
}

/** An action as `POST /api/accounts/{id}/actions` answers it, in the reference's key order. */
export class CreatedAccountActionResponse {
  @ApiProperty({ example: 'open' }) key: string;
  @ApiProperty({ example: '123' }) code: string;
  @ApiProperty({ example: 1 }) id: number;

  static of(action: AccountAction): CreatedAccountActionResponse {
    return { key: action.key, code: action.code, id: action.id };
  }
}
