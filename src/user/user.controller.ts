import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access, Role } from '../auth/access.decorator';
import { unauthorized } from '../common/errors';

/**
 * The reference's framework leftover (a token guard on a column that does
 * not exist): nobody ever authenticates there (misc.md).
 */
@ApiTags('Legacy')
@Controller('api/user')
export class LegacyUserController {
  @Get()
  // no credentials are looked at: the answer is the same for everybody
  @Access(Role.Public)
  @ApiOperation({ summary: 'Legacy route of the reference: always 401', deprecated: true })
  @ApiResponse({ status: 401, description: '`{"message": "Unauthenticated."}`, whatever the credentials' })
  user(): never {
    throw unauthorized('Unauthenticated.');
  }
}
