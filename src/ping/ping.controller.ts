import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, Role } from '../auth/access.decorator';
import { textBody } from '../common/openapi';

@ApiTags('Ping')
@Controller('api')
export class PingController {
  @ApiOperation({ summary: 'Check that the service answers' })
  @Get('ping')
  @Access(Role.Public)
  @ApiOkResponse({ description: '`pong`, on any Host', content: textBody('pong') })
  ping(): string {
    return 'pong';
  }
}
