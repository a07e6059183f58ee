import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, Role } from '../auth/access.decorator';
import { ApiValidationResponse, textBody } from '../common/openapi';
import { CreateSpaceDto, UpdateSpaceDto } from './dto/space.dto';
import { SpaceResponse } from './dto/space.response';
import { serializeSpace } from './space.serializer';
import { SpacesService } from './spaces.service';

@ApiTags('Spaces')
@Access(Role.SuperAdmin)
@Controller('api/spaces')
export class SpacesController {
  constructor(private readonly spaces: SpacesService) {}

  @ApiOperation({ summary: 'List the Spaces' })
  @Get()
  @ApiOkResponse({ description: 'Every Space, in id order', type: [SpaceResponse] })
  async list() {
    return (await this.spaces.list()).map(serializeSpace);
  }

  @ApiOperation({ summary: 'Show a Space' })
  @Get(':domain')
  @ApiOkResponse({ description: 'The Space', type: SpaceResponse })
  @ApiNotFoundResponse({ description: 'No Space has this domain' })
  async show(@Param('domain') domain: string) {
    return serializeSpace(await this.spaces.get(domain));
  }

  @ApiOperation({ summary: 'Create a Space' })
  @Post()
  @HttpCode(201)
  @ApiBody({ type: CreateSpaceDto })
  @ApiCreatedResponse({ description: 'The created Space, defaults filled', type: SpaceResponse })
  @ApiValidationResponse()
  async create(@Body() dto: CreateSpaceDto) {
    return serializeSpace(await this.spaces.create(dto));
  }

  @ApiOperation({ summary: 'Replace a Space' })
  @Put(':domain')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The updated Space (full replacement)', type: SpaceResponse })
  @ApiValidationResponse()
  async update(@Param('domain') domain: string, @Body() dto: UpdateSpaceDto) {
    return serializeSpace(await this.spaces.update(domain, dto));
  }

  @ApiOperation({ summary: 'Delete a Space and its accounts' })
  @Delete(':domain')
  @ApiOkResponse({ description: '`1` when deleted (with its accounts), `0` when no Space had this domain', content: textBody('1') })
  remove(@Param('domain') domain: string) {
    return this.spaces.remove(domain);
  }
}
