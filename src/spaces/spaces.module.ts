import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsCoreModule } from '../account-core/accounts-core.module';
import { Space } from '../account-core/entities/space.entity';
import { SpacesController } from './spaces.controller';
import { SpacesService } from './spaces.service';
import { SpaceCache } from './space-cache';
import { SPACE_CONSTRAINTS } from './dto/space-constraints';

@Module({
  imports: [TypeOrmModule.forFeature([Space]), AccountsCoreModule],
  controllers: [SpacesController],
  providers: [SpacesService, SpaceCache, ...SPACE_CONSTRAINTS],
  exports: [SpacesService, SpaceCache],
})
export class SpacesModule {}
