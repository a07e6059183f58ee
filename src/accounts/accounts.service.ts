import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Account } from './entities/account.entity';

@Injectable()
export class AccountsService {
  constructor(@InjectRepository(Account) private readonly accounts: Repository<Account>) {}

  /** The account with its password algorithms, as the JSON needs it. */
  reload(id: number): Promise<Account> {
    return this.accounts.findOneOrFail({ where: { id }, relations: { passwords: true }, order: { passwords: { id: 'ASC' } } });
  }
}
