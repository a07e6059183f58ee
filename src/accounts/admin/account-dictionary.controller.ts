import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, Role } from '../../auth/access.decorator';
import { ApiValidationResponse, textBody } from '../../common/openapi';
import { ScopedAccount } from '../../account-core/scoped-account';
import { Account } from '../../account-core/entities/account.entity';
import { AccountDictionaryService } from './account-dictionary.service';
import { DictionaryKey } from './dto/dictionary-key';
import { DictionaryValueDto } from './dto/admin-account.dto';

/** An account's free key/value strings (contacts.md §6). */
@ApiTags('Accounts (admin)')
@Access(Role.Admin)
@Controller('api/accounts/:id/dictionary')
@ApiParam({ name: 'id', type: Number, description: 'account id' })
export class AccountDictionaryController {
  constructor(private readonly dictionary: AccountDictionaryService) {}

  @ApiOperation({ summary: "List an account's dictionary entries" })
  @Get()
  @ApiOkResponse({
    description: '`{key: value, …}`, `{}` when empty',
    schema: { type: 'object', additionalProperties: { type: 'string' }, example: { foo: 'bar' } },
  })
  @ApiNotFoundResponse({ description: 'Unknown account, or in another Space' })
  async list(@ScopedAccount() account: Account) {
    return this.dictionary.list(account);
  }

  @ApiOperation({ summary: "Show one of an account's dictionary entries" })
  @Get(':key')
  @ApiOkResponse({ description: '`{"value": "…"}`, or an empty body when the key does not exist', type: DictionaryValueDto })
  @ApiNotFoundResponse({ description: 'Unknown account, or in another Space' })
  async show(@ScopedAccount() account: Account, @Param('key') key: string) {
    const value = await this.dictionary.get(account, key);
    return value === undefined ? undefined : { value };
  }

  @ApiOperation({ summary: "Set one of an account's dictionary entries" })
  @Post(':key')
  @HttpCode(201)
  @ApiParam({ name: 'key', type: String, description: 'the entry key, at most 255 characters' })
  @ApiBody({ type: DictionaryValueDto })
  @ApiCreatedResponse({ description: '`{"value": "…"}`, also when an existing key was replaced', type: DictionaryValueDto })
  @ApiNotFoundResponse({ description: 'Unknown account, or in another Space (checked after validation)' })
  @ApiValidationResponse()
  async set(@Body() dto: DictionaryValueDto, @DictionaryKey() key: string, @ScopedAccount() account: Account) {
    const value = String(dto.value);
    await this.dictionary.set(account, key, value);
    return { value };
  }

  @ApiOperation({ summary: "Delete one of an account's dictionary entries" })
  @Delete(':key')
  @ApiOkResponse({ description: '`1` when deleted, `0` when the key did not exist', content: textBody('1') })
  @ApiNotFoundResponse({ description: 'Unknown account, or in another Space' })
  async remove(@ScopedAccount() account: Account, @Param('key') key: string) {
    return this.dictionary.remove(account, key);
  }
}
