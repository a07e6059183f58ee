import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { Access, ChangesState, CurrentScope, CurrentSpace, Role } from '../../auth/access.decorator';
import { Scope } from '../../account-core/request-scope';
import { ApiValidationResponse } from '../../common/openapi';
import { ValidationFailed } from '../../common/errors';
import { baseUrl, localeOf } from '../../common/request';
import { toFieldErrors } from '../../common/validation/validation.pipe';
import { withRequest } from '../../common/validation/validation-request';
import { Space } from '../../account-core/entities/space.entity';
import { AccountSerializer } from '../account.serializer';
import { requestOrigin } from '../../common/request-origin';
import { ActivateByEmailDto, ActivateByPhoneDto, CreateWithTokenDto } from './dto/public-accounts.dto';
import { DangerousCreateDto, PhoneParamDto, RecoverByPhoneDto } from './dto/public-accounts-dangerous.dto';
import { DangerousAccountsService } from './public-accounts-dangerous.service';
import { DangerousCreationGuard, DangerousEndpointsGuard } from './public-accounts.guards';
import { AccountCreationGuard } from '../account-creation.guard';
import { PublicAccountsService } from './public-accounts.service';
import { AccountResponse, RecoveredAccountResponse } from '../dto/account.response';

class AccountInfoResponse {
  @ApiProperty({ example: false }) activated: boolean;
  @ApiProperty({ type: String, example: null, nullable: true, description: 'ACCOUNT_REALM, null when unset' }) realm: string | null;
}

class PhoneInfoResponse extends AccountInfoResponse {
  @ApiProperty({ example: true, description: 'whether the account has a phone number' }) phone: boolean;
}

const account = { description: 'The account', type: AccountResponse };
const missing = { description: '`Missing elements to perform the request`' };
const dangerousNote = 'Deprecated, enabled by APP_DANGEROUS_ENDPOINTS; otherwise `404 {"message": ""}`.';

/** Public account routes (accounts.md §8): no authentication, scoped to the current domain. */
@ApiTags('Accounts (public)')
@Access(Role.Public)
@Controller('api/accounts')
export class PublicAccountsController {
  constructor(
    private readonly service: PublicAccountsService,
    private readonly dangerous: DangerousAccountsService,
    private readonly serializer: AccountSerializer,
  ) {}

  @ApiOperation({ summary: 'Create an account with an account creation token' })
  @Post('with-account-creation-token')
  @HttpCode(200)
  @UseGuards(AccountCreationGuard)
  @ApiBody({ type: CreateWithTokenDto })
  @ApiOkResponse({ description: 'The new account, not activated; the token is consumed', type: AccountResponse })
  @ApiForbiddenResponse({ description: '`This action is unauthorized.`: no Space for the domain, or it is full' })
  @ApiValidationResponse()
  async createWithToken(@Body() dto: CreateWithTokenDto, @CurrentSpace() space: Space, @Req() request: FastifyRequest) {
    return this.serializer.one(await this.service.createWithToken(dto, space, requestOrigin(request)));
  }

  @ApiOperation({ summary: 'Tell whether an account exists and is activated' })
  @Get(':sip/info')
  @ApiOkResponse({ description: 'Whether `user@domain` is activated', type: AccountInfoResponse })
  @ApiNotFoundResponse(missing)
  info(@Param('sip') sip: string, @CurrentScope() scope: Scope) {
    return this.service.info(sip, scope);
  }

  @Post(':sip/activate/email')
  @HttpCode(200)
  @ApiOperation({ deprecated: true, summary: 'Activates an account with its 13-character confirmation key' })
  @ApiBody({ type: ActivateByEmailDto })
  @ApiOkResponse(account)
  @ApiNotFoundResponse({ description: 'No such account with this confirmation key' })
  @ApiForbiddenResponse({ description: '`Activation expired`' })
  @ApiValidationResponse()
  async activateByEmail(@Param('sip') sip: string, @Body() dto: ActivateByEmailDto, @CurrentScope() scope: Scope) {
    return this.serializer.one(await this.service.activate(sip, dto.confirmation_key, scope));
  }

  @Post(':sip/activate/phone')
  @HttpCode(200)
  @ApiOperation({ deprecated: true, summary: 'Activates an account with its 4-digit confirmation key' })
  @ApiBody({ type: ActivateByPhoneDto })
  @ApiOkResponse(account)
  @ApiNotFoundResponse({ description: 'No such account with this confirmation key' })
  @ApiForbiddenResponse({ description: '`Activation expired`' })
  @ApiValidationResponse()
  async activateByPhone(@Param('sip') sip: string, @Body() dto: ActivateByPhoneDto, @CurrentScope() scope: Scope) {
    return this.serializer.one(await this.service.activate(sip, dto.confirmation_key, scope));
  }

  // ------------------------------------------------------------- dangerous

  @Post('public')
  @HttpCode(200)
  @UseGuards(DangerousEndpointsGuard, DangerousCreationGuard)
  @ApiOperation({ deprecated: true, summary: 'Creates an account, confirmed by SMS (phone) or mail (email)', description: dangerousNote })
  @ApiBody({ type: DangerousCreateDto })
  @ApiOkResponse({ description: 'The new account, not activated', type: AccountResponse })
  @ApiNotFoundResponse({ description: 'Dangerous endpoints are disabled' })
  @ApiValidationResponse()
  async dangerousCreate(@Body() dto: DangerousCreateDto, @CurrentSpace() space: Space, @Req() request: FastifyRequest) {
    return this.serializer.one(await this.dangerous.create(dto, space, requestOrigin(request), baseUrl(request), localeOf(request)));
  }

  @Post('recover-by-phone')
  @HttpCode(200)
  @UseGuards(DangerousEndpointsGuard)
  @ApiOperation({ deprecated: true, summary: 'Sends a recovery PIN by SMS', description: dangerousNote })
  @ApiBody({ type: RecoverByPhoneDto })
  @ApiOkResponse({ description: 'The PIN is sent (empty body); the token is consumed' })
  @ApiNotFoundResponse({ description: 'Dangerous endpoints are disabled' })
  @ApiValidationResponse()
  async recoverByPhone(@Body() dto: RecoverByPhoneDto, @CurrentScope() scope: Scope): Promise<void> {
    await this.dangerous.recoverByPhone(dto, scope);
  }

  @Get(':sip/recover/:recovery_key')
  @ChangesState()
  @UseGuards(DangerousEndpointsGuard)
  @ApiOperation({
    deprecated: true,
    summary: 'Activates the account with its recovery PIN and shows its password hashes',
    description: dangerousNote,
  })
  @ApiOkResponse({ description: 'The account, activated; `passwords` items carry the stored hash', type: RecoveredAccountResponse })
  @ApiNotFoundResponse({ description: 'No such account, wrong key, or dangerous endpoints disabled' })
  @ApiForbiddenResponse({ description: '`Activation expired`' })
  async recover(@Param('sip') sip: string, @Param('recovery_key') key: string, @CurrentSpace() space: Space) {
    return this.serializer.one(await this.dangerous.recover(sip, key, space), 'recover');
  }

  @Get(':phone/info-by-phone')
  @UseGuards(DangerousEndpointsGuard)
  @ApiOperation({ deprecated: true, summary: 'Whether the account of a phone number is activated', description: dangerousNote })
  @ApiOkResponse({ type: PhoneInfoResponse, description: 'The account whose username or phone is this number' })
  @ApiNotFoundResponse({ description: 'No such account, or dangerous endpoints disabled' })
  @ApiValidationResponse()
  async infoByPhone(@Param('phone') phone: string, @CurrentSpace() space: Space, @Req() request: FastifyRequest) {
    // `phone_country` of the query applies to the path's number
    const errors = await validate(withRequest(plainToInstance(PhoneParamDto, { phone }), request));
    if (errors.length > 0) throw new ValidationFailed(toFieldErrors(errors));
    return this.dangerous.infoByPhone(phone, space);
  }
}
