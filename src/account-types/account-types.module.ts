import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountSerializer } from '../accounts/account.serializer';
import { AccountTypeLinksController, AccountTypesController } from './account-types.controller';
import { AccountTypesLoader } from './account-types.loader';
import { AccountTypesRepository } from './account-types.repository';
import { AccountTypesService } from './account-types.service';
import { ACCOUNT_TYPE_CONSTRAINTS } from './dto/account-type-constraints';
import { AccountAccountType } from './entities/account-account-type.entity';
import { AccountType } from './entities/account-type.entity';

/** Account types per Space, given to accounts (contacts.md §4), and their part of the account JSON. */
@Module({
  imports: [TypeOrmModule.forFeature([AccountType, AccountAccountType]), AccountsModule],
  controllers: [AccountTypesController, AccountTypeLinksController],
  providers: [AccountTypesRepository, AccountTypesService, AccountTypesLoader, ...ACCOUNT_TYPE_CONSTRAINTS],
  exports: [AccountTypesRepository],
})
export class AccountTypesModule implements OnModuleInit {
  constructor(
    private readonly serializer: AccountSerializer,
    private readonly loader: AccountTypesLoader,
  ) {}

  onModuleInit(): void {
    this.serializer.register(this.loader);
  }
}
