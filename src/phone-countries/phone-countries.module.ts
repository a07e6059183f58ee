import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PhoneCountry } from './entities/phone-country.entity';
import { PhoneCountriesController } from './phone-countries.controller';
import { PhoneCountriesService } from './phone-countries.service';
import { PhoneCountriesActivateCommand, PhoneCountriesDeactivateCommand } from './phone-countries.commands';

@Module({
  imports: [TypeOrmModule.forFeature([PhoneCountry])],
  controllers: [PhoneCountriesController],
  // the console commands are found by nest-commander in any module of the console's graph
  providers: [PhoneCountriesService, PhoneCountriesActivateCommand, PhoneCountriesDeactivateCommand],
  exports: [PhoneCountriesService],
})
export class PhoneCountriesModule {}
