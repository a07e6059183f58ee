import { Global, Module } from '@nestjs/common';
import { AccountsModule } from './accounts.module';
import { BlockingService } from './change-codes.blocking.service';
import { ChangeCodesController } from './change-codes.controller';
import { CodeSendingGuard } from './change-codes.guard';
import { ChangeCodesService } from './change-codes.service';
import { MeAccountService } from './me-account.service';

/**
 * The account owner's lifecycle beyond `GET /me`: password, deletion,
 * provisioning, email and phone changes. Global so that the MeController
 * (registered first in AccountsModule, before the admin routes) reaches
 * MeAccountService without AccountsModule importing this module back.
 */
@Global()
@Module({
  imports: [AccountsModule],
  controllers: [ChangeCodesController],
  providers: [MeAccountService, ChangeCodesService, BlockingService, CodeSendingGuard],
  exports: [MeAccountService],
})
export class MeAccountModule {}
