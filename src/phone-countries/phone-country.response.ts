import { ApiProperty } from '@nestjs/swagger';

/** A phone country (misc.md); for the OpenAPI description. */
export class PhoneCountryResponse {
  @ApiProperty({ example: 'FR', description: 'ISO 3166-1 alpha-2' }) code: string;
  @ApiProperty({ example: '33', description: 'calling code' }) country_code: string;
  @ApiProperty() activated: boolean;
}
