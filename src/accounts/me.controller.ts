import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentCaller, Role } from '../auth/access.decorator';
import { Caller } from '../common/request';
import { AccountSerializer } from './account.serializer';
import { AccountsService } from './accounts.service';

@ApiTags('Accounts (me)')
@Controller('api/accounts/me')
export class MeController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly serializer: AccountSerializer,
  ) {}

  @Get()
  @Access(Role.User)
  @ApiOkResponse({ description: 'The caller\'s account' })
  async show(@CurrentCaller() caller: Caller) {
    return this.serializer.one(await this.accounts.reload(caller.account.id));
  }
}
