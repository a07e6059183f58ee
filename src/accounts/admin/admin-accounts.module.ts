import { Module } from '@nestjs/common';
import { CommonModule } from '../../common/common.module';
import { AccountsModule } from '../accounts.module';
import { AccountDictionaryController } from './account-dictionary.controller';
import { AccountDictionaryService } from './account-dictionary.service';
import { AccountsAdminService } from './accounts-admin.service';
import { AccountsController } from './accounts.controller';

/** Admin management of accounts (accounts.md §4) and their dictionary (contacts.md §6). */
@Module({
  imports: [AccountsModule, CommonModule],
  controllers: [AccountsController, AccountDictionaryController],
  providers: [AccountsAdminService, AccountDictionaryService],
})
export class AdminAccountsModule {}
