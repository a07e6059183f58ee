import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Account } from './entities/account.entity';
import { AccountTombstone } from './entities/account-tombstone.entity';
import { Password } from './entities/password.entity';
import { AccountSerializer } from './account.serializer';
import { AccountsService } from './accounts.service';
import { MeController } from './me.controller';

@Module({
  imports: [TypeOrmModule.forFeature([Account, Password, AccountTombstone])],
  controllers: [MeController],
  providers: [AccountsService, AccountSerializer],
  exports: [AccountsService, AccountSerializer, TypeOrmModule],
})
export class AccountsModule {}
