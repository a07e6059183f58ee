import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountCreationToken } from './entities/account-creation-token.entity';
import { AccountCreationRequestToken } from './entities/account-creation-request-token.entity';
import { AccountCreationTokensController } from './account-creation-tokens.controller';
import { AccountCreationTokensService } from './account-creation-tokens.service';
import { AccountCreationTokenConstraint, AccountCreationTokenExpiryConstraint } from './account-creation-token.rules';

@Module({
  imports: [TypeOrmModule.forFeature([AccountCreationToken, AccountCreationRequestToken])],
  controllers: [AccountCreationTokensController],
  providers: [AccountCreationTokensService, AccountCreationTokenConstraint, AccountCreationTokenExpiryConstraint],
  exports: [AccountCreationTokensService],
})
export class TokensModule {}
