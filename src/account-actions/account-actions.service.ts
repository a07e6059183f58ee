import { Injectable } from '@nestjs/common';
import type { Account } from '../account-core/entities/account.entity';
import { notFound } from '../common/errors';
import { AccountActionsRepository } from './account-actions.repository';
import { AccountActionDto } from './dto/account-action.dto';
import { AccountActionResponse, CreatedAccountActionResponse } from './dto/account-action.response';

/** The DTMF actions of an account (contacts.md §5); the account's DTMF protocol is checked before (dtmf-account.ts). */
@Injectable()
export class AccountActionsService {
  constructor(private readonly actions: AccountActionsRepository) {}

  async all(account: Account): Promise<AccountActionResponse[]> {
    return (await this.actions.all(account)).map((action) => AccountActionResponse.of(action));
  }

  async show(account: Account, id: number): Promise<AccountActionResponse> {
    const action = await this.actions.find(account, id);
    if (!action) throw notFound();
    return AccountActionResponse.of(action);
  }

  async create(account: Account, dto: AccountActionDto): Promise<CreatedAccountActionResponse> {
    const action = await this.actions.create(account, String(dto.key), String(dto.code));
    // the account was deleted meanwhile
    if (!action) throw notFound();
    return CreatedAccountActionResponse.of(action);
  }

  async update(account: Account, id: number, dto: AccountActionDto): Promise<AccountActionResponse> {
    const action = await this.actions.find(account, id);
    if (!action) throw notFound();
    return AccountActionResponse.of(await this.actions.update(action, String(dto.key), String(dto.code)));
  }

  /** 1 when deleted, 0 when the account has no such action. */
  remove(account: Account, id: number): Promise<number> {
    return this.actions.remove(account, id);
  }
}
