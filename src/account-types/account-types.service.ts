import { Injectable } from '@nestjs/common';
import type { Account } from '../account-core/entities/account.entity';
import { forbidden, notFound } from '../common/errors';
import type { Scope } from '../account-core/request-scope';
import { isUniqueViolation } from '../database/database-errors';
import { AccountTypesRepository } from './account-types.repository';
import { AccountTypeDto } from './dto/account-type.dto';
import { AccountTypeResponse, CreatedAccountTypeResponse } from './dto/account-type.response';

function found<T>(row: T | null | undefined): T {
  if (row === null || row === undefined) throw notFound();
  return row;
}

/**
 * Account types (contacts.md §4), per Space (deviation 19): a type the scope
 * does not see, or of another Space than the account's, is treated as absent.
 */
@Injectable()
export class AccountTypesService {
  constructor(private readonly types: AccountTypesRepository) {}

  async all(scope: Scope): Promise<AccountTypeResponse[]> {
    return (await this.types.all(scope)).map((type) => AccountTypeResponse.of(type));
  }

  async show(id: number, scope: Scope): Promise<AccountTypeResponse> {
    return AccountTypeResponse.of(found(await this.types.find(id, scope)));
  }

  /** In the request's Space. */
  async create(dto: AccountTypeDto, scope: Scope): Promise<CreatedAccountTypeResponse> {
    return CreatedAccountTypeResponse.of(await this.types.create(scope.space.id, String(dto.key)));
  }

  async update(id: number, dto: AccountTypeDto, scope: Scope): Promise<AccountTypeResponse> {
    const type = found(await this.types.find(id, scope));
    return AccountTypeResponse.of(await this.types.rename(type, String(dto.key)));
  }

  /** 1 when deleted, 0 when the scope has no such type. */
  remove(id: number, scope: Scope): Promise<number> {
    return this.types.remove(id, scope);
  }

  /** (account → 404 before this) already attached → 403; type → 404; attached. */
  async attach(account: Account, typeId: number): Promise<void> {
    if (await this.types.isAttached(account, typeId)) throw forbidden();
    found(await this.types.typeOfAccount(account, typeId));
    let attached: boolean;
    try {
      attached = await this.types.attach(account, typeId);
    } catch (error) {
      // a concurrent request attached it first
      if (isUniqueViolation(error)) throw forbidden();
      throw error;
    }
    if (!attached) throw notFound();
  }

  /** (account → 404 before this) not attached → 403; detached → 1. */
  async detach(account: Account, typeId: number): Promise<number> {
    if (!(await this.types.isAttached(account, typeId))) throw forbidden();
    // a concurrent detach won: it is not attached any more
    if ((await this.types.detach(account, typeId)) === 0) throw forbidden();
    return 1;
  }
}
