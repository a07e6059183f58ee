import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { AccountSerializer } from '../accounts/account.serializer';
import { AccountActionsController } from './account-actions.controller';
import { AccountActionsLoader } from './account-actions.loader';
import { AccountActionsRepository } from './account-actions.repository';
import { AccountActionsService } from './account-actions.service';
import { DtmfAccountGuard } from './dtmf-account';
import { AccountAction } from './entities/account-action.entity';

/** DTMF actions of accounts (contacts.md §5) and their part of the account JSON. */
@Module({
  imports: [TypeOrmModule.forFeature([AccountAction]), AccountsModule],
  controllers: [AccountActionsController],
  providers: [AccountActionsRepository, AccountActionsService, AccountActionsLoader, DtmfAccountGuard],
  exports: [AccountActionsRepository],
})
export class AccountActionsModule implements OnModuleInit {
  constructor(
    private readonly serializer: AccountSerializer,
    private readonly loader: AccountActionsLoader,
  ) {}

  onModuleInit(): void {
    this.serializer.register(this.loader);
  }
}
