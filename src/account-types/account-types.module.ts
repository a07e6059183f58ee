import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountSerializer } from '../accounts/account.serializer';
import { AccountAction } from '../accounts/entities/account-action.entity';
import { AccountTypesLoaders } from './account-types.loader';
import { AccountAccountType } from './entities/account-account-type.entity';
import { AccountType } from './entities/account-type.entity';

/**
 * Account types and DTMF actions. For now only their part of the account
 * JSON; their routes (accounts.md) will live here too.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AccountType, AccountAccountType, AccountAction]), AccountsModule],
  providers: [AccountTypesLoaders],
})
export class AccountTypesModule implements OnModuleInit {
  constructor(
    private readonly serializer: AccountSerializer,
    private readonly loaders: AccountTypesLoaders,
  ) {}

  onModuleInit(): void {
    this.serializer.register(this.loaders.types, this.loaders.actions);
  }
}
