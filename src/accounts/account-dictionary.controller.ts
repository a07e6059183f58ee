import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { Access, CurrentCaller, CurrentSpace, Role } from '../auth/access.decorator';
import { Caller } from '../common/request';
import { ApiValidationResponse, textBody } from '../common/openapi';
import { ParseIdPipe, parseId } from '../common/parse-id.pipe';
import { ValidationFailed } from '../common/errors';
import { Space } from '../spaces/entities/space.entity';
import { AccountsRepository } from './core/accounts.repository';
import { DictionaryValueDto } from './dto/admin-account.dto';

const KEY_MAX = 255;

/** An account's free key/value strings (contacts.md §6). */
@ApiTags('Accounts (admin)')
@Access(Role.Admin)
@Controller('api/accounts/:id/dictionary')
@ApiParam({ name: 'id', type: Number, description: 'account id' })
export class AccountDictionaryController {
  constructor(private readonly accounts: AccountsRepository) {}

  @Get()
  @ApiOkResponse({ description: '`{key: value, …}`, `{}` when empty', schema: { type: 'object', additionalProperties: { type: 'string' }, example: { foo: 'bar' } } })
  @ApiNotFoundResponse({ description: 'Unknown account, or in another Space' })
  async list(@Param('id', ParseIdPipe) id: number, @CurrentSpace() space: Space, @CurrentCaller() caller: Caller) {
    return this.accounts.dictionary(await this.accounts.getScoped(id, space, caller));
  }

  @Get(':key')
  @ApiOkResponse({ description: '`{"value": "…"}`, or an empty body when the key does not exist', type: DictionaryValueDto })
  @ApiNotFoundResponse({ description: 'Unknown account, or in another Space' })
  async show(@Param('id', ParseIdPipe) id: number, @Param('key') key: string, @CurrentSpace() space: Space, @CurrentCaller() caller: Caller) {
    const value = await this.accounts.dictionaryEntry(await this.accounts.getScoped(id, space, caller), key);
    return value === undefined ? undefined : { value };
  }

  @Post(':key')
  @HttpCode(201)
  @ApiBody({ type: DictionaryValueDto })
  @ApiCreatedResponse({ description: '`{"value": "…"}`, also when an existing key was replaced', type: DictionaryValueDto })
  @ApiNotFoundResponse({ description: 'Unknown account, or in another Space (checked after validation)' })
  @ApiValidationResponse()
  async set(@Body() dto: DictionaryValueDto, @Param('id') rawId: string, @Param('key') key: string, @CurrentSpace() space: Space, @CurrentCaller() caller: Caller) {
    if ([...key].length > KEY_MAX) throw new ValidationFailed([{ field: 'key', rule: 'max.string', params: { max: KEY_MAX } }]);
    const account = await this.accounts.getScoped(parseId(rawId), space, caller);
    const value = String(dto.value);
    await this.accounts.setDictionaryEntry(account, key, value);
    return { value };
  }

  @Delete(':key')
  @ApiOkResponse({ description: '`1` when deleted, `0` when the key did not exist', content: textBody('1') })
  @ApiNotFoundResponse({ description: 'Unknown account, or in another Space' })
  async remove(@Param('id', ParseIdPipe) id: number, @Param('key') key: string, @CurrentSpace() space: Space, @CurrentCaller() caller: Caller) {
    return this.accounts.deleteDictionaryEntry(await this.accounts.getScoped(id, space, caller), key);
  }
}
