import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, Role } from '../auth/access.decorator';
import { textBody } from '../common/openapi';

@ApiTags('Ping')
@Controller('api')
export class PingController {
  @Get('ping')
  @Access(Role.Public)
  @ApiOkResponse({ description: '`pong`, on any Host', content: textBody('pong') })
  ping(): string {
    return 'pong';
  }
}
