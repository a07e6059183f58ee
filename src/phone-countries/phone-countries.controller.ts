import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, Role } from '../auth/access.decorator';
import { PhoneCountriesService, serializePhoneCountry } from './phone-countries.service';
import { PhoneCountryResponse } from './phone-country.response';

const list = { description: 'Every phone country, code order', type: [PhoneCountryResponse] as [typeof PhoneCountryResponse] };

@ApiTags('Phone countries')
@Controller('api')
export class PhoneCountriesController {
  constructor(private readonly countries: PhoneCountriesService) {}

  // the reference serves the first path, its documentation names the second
  @ApiOperation({ summary: 'List the phone countries' })
  @Get(['phone_countries', 'phones_countries'])
  @Access(Role.Public)
  @ApiOkResponse({ description: 'Every phone country, code order; answers on any Host', type: [PhoneCountryResponse] })
  async all() {
    return (await this.countries.all()).map(serializePhoneCountry);
  }

  @ApiOperation({ summary: 'Activate every phone country' })
  @Post('phone_countries/activate_all')
  @HttpCode(200)
  @Access(Role.SuperAdmin)
  @ApiOkResponse(list)
  async activateAll() {
    return (await this.countries.setAllActivated(true)).map(serializePhoneCountry);
  }

  @ApiOperation({ summary: 'Deactivate every phone country' })
  @Post('phone_countries/deactivate_all')
  @HttpCode(200)
  @Access(Role.SuperAdmin)
  @ApiOkResponse(list)
  async deactivateAll() {
    return (await this.countries.setAllActivated(false)).map(serializePhoneCountry);
  }

  @ApiOperation({ summary: 'Activate a phone country' })
  @Post('phone_countries/:code/activate')
  @HttpCode(200)
  @Access(Role.SuperAdmin)
  @ApiParam({ name: 'code', example: 'FR', description: 'ISO 3166-1 alpha-2; every country of its dialling code changes' })
  @ApiOkResponse({ description: 'The changed rows', type: [PhoneCountryResponse] })
  @ApiNotFoundResponse({ description: 'Unknown code' })
  async activate(@Param('code') code: string) {
    return (await this.countries.setActivated(code, true)).map(serializePhoneCountry);
  }

  @ApiOperation({ summary: 'Deactivate a phone country' })
  @Post('phone_countries/:code/deactivate')
  @HttpCode(200)
  @Access(Role.SuperAdmin)
  @ApiParam({ name: 'code', example: 'FR' })
  @ApiOkResponse({ description: 'The changed rows', type: [PhoneCountryResponse] })
  @ApiNotFoundResponse({ description: 'Unknown code' })
  async deactivate(@Param('code') code: string) {
    return (await this.countries.setActivated(code, false)).map(serializePhoneCountry);
  }
}
