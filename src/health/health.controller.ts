import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, Role } from '../auth/access.decorator';
import { HealthService } from './health.service';

/** Readiness (deviation 28); `GET /api/ping` stays the liveness answer that needs no database. */
@ApiTags('Ping')
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @ApiOperation({ summary: 'Check that the service and its database answer' })
  @Get('health')
  @Access(Role.Public)
  @Header('cache-control', 'no-store')
  @ApiOkResponse({
    description: 'The database answered `SELECT 1` within 1 s; on any Host, not rate limited',
    schema: { example: { status: 'ok' } },
  })
  @ApiServiceUnavailableResponse({
    description: '`{"message": "Service unavailable"}` with `Retry-After`: the database did not answer in time',
  })
  async check(): Promise<{ status: 'ok' }> {
    await this.health.databaseAnswers();
    return { status: 'ok' };
  }
}
