import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PhoneCountry } from './entities/phone-country.entity';
import { PhoneCountriesController } from './phone-countries.controller';
import { PhoneCountriesService } from './phone-countries.service';

@Module({
  imports: [TypeOrmModule.forFeature([PhoneCountry])],
  controllers: [PhoneCountriesController],
  // its console commands are provided by the console's module: the server never loads nest-commander
  providers: [PhoneCountriesService],
  exports: [PhoneCountriesService],
})
export class PhoneCountriesModule {}
