import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, CurrentCaller, Role } from '../auth/access.decorator';
import { Caller } from '../common/request';
import { ApiVcardText, ApiVcardTexts } from './vcards.openapi';
import { VcardsService } from './vcards.service';

/** The caller's stored vCards as text (vcards.md §1.2): not under /api, so no blocked or expired-Space check. */
@ApiTags('vCards')
@Access(Role.User)
@Controller('vcards-storage')
export class VcardsTextController {
  constructor(private readonly vcards: VcardsService) {}

  @ApiOperation({ summary: 'Get your stored vCards as one text file' })
  @Get()
  @ApiVcardTexts()
  all(@CurrentCaller() caller: Caller): Promise<string> {
    return this.vcards.text(caller.account);
  }

  @ApiOperation({ summary: 'Get one of your stored vCards as text' })
  @Get(':uuid')
  @ApiVcardText()
  one(@CurrentCaller() caller: Caller, @Param('uuid') uuid: string): Promise<string> {
    return this.vcards.textOf(caller.account, uuid);
  }
}
