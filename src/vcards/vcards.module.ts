import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsCoreModule } from '../accounts/core/accounts-core.module';
import { Vcard } from './entities/vcard.entity';
import { AccountVcardsController, MyVcardsController } from './vcards.controller';
import { VcardsRepository } from './vcards.repository';
import { VcardsService } from './vcards.service';
import { VcardsTextController } from './vcards-text.controller';

/** vCard storage (vcards.md §1–3): the JSON routes under /api and the text routes. */
@Module({
  imports: [TypeOrmModule.forFeature([Vcard]), AccountsCoreModule],
  controllers: [MyVcardsController, AccountVcardsController, VcardsTextController],
  providers: [VcardsService, VcardsRepository],
})
export class VcardsModule {}
