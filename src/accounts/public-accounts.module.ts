import { Module } from '@nestjs/common';
import { DangerousCreationGuard } from './account-creation.guard';
import { AccountsModule } from './accounts.module';
import { PublicAccountsController } from './public-accounts.controller';
import { DangerousEndpointsGuard } from './public-accounts.guards';
import { PublicAccountsService } from './public-accounts.service';
import { DangerousAccountsService } from './public-accounts-dangerous.service';
import { TokenPaidWrites } from './public-accounts.creation';
import { PhoneOfAnAccountConstraint, UsernameFreeInDomainConstraint } from './public-accounts-dangerous.dto';

/** Account routes without authentication (accounts.md §8). */
@Module({
  imports: [AccountsModule],
  controllers: [PublicAccountsController],
  providers: [
    PublicAccountsService,
    DangerousAccountsService,
    TokenPaidWrites,
    DangerousEndpointsGuard,
    DangerousCreationGuard,
    UsernameFreeInDomainConstraint,
    PhoneOfAnAccountConstraint,
  ],
})
export class PublicAccountsModule {}
