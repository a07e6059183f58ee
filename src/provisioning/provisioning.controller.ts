import { Controller, Get, Param, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiQuery,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ChangesState, CurrentCaller, Role } from '../auth/access.decorator';
import { baseUrl } from '../common/request';
import { Caller } from '../account-core/request-scope';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { documentationPage } from './documentation-page';
import { ProvisioningHeaderGuard } from './provisioning-header.guard';
import { ProvisioningService } from './provisioning.service';
import { ProvisioningXml } from './provisioning-xml.service';
import { qrCodePng } from './qr-code';
import { RESET_PASSWORD, ResetPassword } from './reset-password.decorator';

const XML = {
  'application/xml': { schema: { type: 'string', example: '<config xmlns="http://www.linphone.org/xsds/lpconfig.xsd">…</config>' } },
};
const NO_HEADER =
  '`{"message": "x-linphone-provisioning header is missing"}` (when ACCOUNT_PROVISIONING_USE_X_LINPHONE_PROVISIONING_HEADER is on)';
const RESET = {
  name: RESET_PASSWORD,
  required: false,
  allowEmptyValue: true,
  description: 'present (any value): a new random password, whose hash the XML carries',
};

/**
 * Linphone remote provisioning (provisioning.md): not under /api, so no rate
 * limit and always English (docs/decisions.md). Static segments (`me`,
 * `documentation`, `auth_token/…`, `qrcode/…`) win over `{provisioning_token}`
 * in the router whatever the declaration order.
 */
@ApiTags('Provisioning')
@Controller('provisioning')
export class ProvisioningController {
  constructor(
    private readonly provisioning: ProvisioningService,
    private readonly xml: ProvisioningXml,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  @ApiOperation({ summary: 'Get the common provisioning configuration' })
  @Get()
  @Access(Role.Public)
  @UseGuards(ProvisioningHeaderGuard)
  @ApiOkResponse({ description: 'The common configuration, without an account', content: XML })
  @ApiBadRequestResponse({ description: NO_HEADER })
  async common(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return asXml(reply, await this.xml.render(baseUrl(request)));
  }

  @ApiOperation({ summary: 'Get your provisioning configuration' })
  @Get('me')
  @Access(Role.User)
  @ChangesState({ whenQuery: RESET_PASSWORD })
  @UseGuards(ProvisioningHeaderGuard)
  @ApiQuery(RESET)
  @ApiOkResponse({ description: "The caller's configuration with its credentials (no blocked or expired-Space check)", content: XML })
  @ApiBadRequestResponse({ description: `${NO_HEADER}, checked after authentication` })
  async me(
    @CurrentCaller() caller: Caller,
    @ResetPassword() reset: boolean,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const account = await this.provisioning.forCaller(caller.account, reset);
    return asXml(reply, await this.xml.render(baseUrl(request), account, request.space));
  }

  @ApiOperation({ summary: 'Read how provisioning works' })
  @Get('documentation')
  @Access(Role.Public)
  @ApiOkResponse({ description: 'An HTML page describing provisioning', content: { 'text/html': { schema: { type: 'string' } } } })
  documentation(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    reply.type('text/html; charset=UTF-8');
    return documentationPage(baseUrl(request), this.settings);
  }

  @ApiOperation({ summary: 'Get the provisioning configuration of an attached auth token' })
  @Get('auth_token/:auth_token')
  @Access(Role.Public)
  @ChangesState()
  @ApiParam({ name: 'auth_token', type: String })
  @ApiQuery(RESET)
  @ApiOkResponse({
    description: 'The configuration of the account attached to the auth token, which is deleted (no header check)',
    content: XML,
  })
  @ApiNotFoundResponse({
    description: 'Unknown or older than 5 minutes: `Missing elements to perform the request`; not attached: `{"message": ""}`',
  })
  async byAuthToken(
    @Param('auth_token') token: string,
    @ResetPassword() reset: boolean,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const account = await this.provisioning.byAuthToken(token, reset);
    return asXml(reply, await this.xml.render(baseUrl(request), account, request.space));
  }

  @ApiOperation({ summary: 'Get the QR code of a provisioning link' })
  @Get('qrcode/:provisioning_token')
  @Access(Role.Public)
  @ApiParam({ name: 'provisioning_token', type: String })
  @ApiQuery({ ...RESET, description: 'present (any value): the encoded URL asks for a password reset' })
  @ApiOkResponse({
    description: 'A PNG QR code of the provisioning URL, also given in the `X-Qrcode-URL` header',
    content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
    headers: { 'X-Qrcode-URL': { schema: { type: 'string' }, description: 'the encoded URL' } },
  })
  @ApiNotFoundResponse({
    description:
      "As the token's own URL (nothing consumed): no unused token: `Missing elements to perform the request`; " +
      'not the current token or activation expired: `{"message": ""}`',
  })
  @ApiGoneResponse({ description: 'Token older than APP_PROVISIONING_TOKEN_EXPIRATION_MINUTES: `{"message": "Expired"}`' })
  async qrCode(
    @Param('provisioning_token') token: string,
    @ResetPassword() reset: boolean,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    await this.provisioning.qrCodeAccount(token);
    const url = `${baseUrl(request)}/provisioning/${encodeURIComponent(token)}${reset ? '?reset_password=1' : ''}`;
    reply.type('image/png').header('X-Qrcode-URL', url);
    return qrCodePng(url);
  }

  @ApiOperation({ summary: 'Get the provisioning configuration of a provisioning token' })
  @Get(':provisioning_token')
  @Access(Role.Public)
  @ChangesState()
  @UseGuards(ProvisioningHeaderGuard)
  @ApiParam({ name: 'provisioning_token', type: String })
  @ApiQuery(RESET)
  @ApiOkResponse({
    description: "The configuration with the credentials of the token's account, which is activated; the token is used up",
    content: XML,
  })
  @ApiBadRequestResponse({ description: `${NO_HEADER}, checked first` })
  @ApiNotFoundResponse({
    description:
      'No unused token: `Missing elements to perform the request`; not the current token or activation expired: `{"message": ""}`',
  })
  @ApiGoneResponse({ description: 'Token older than APP_PROVISIONING_TOKEN_EXPIRATION_MINUTES: `{"message": "Expired"}`' })
  async byProvisioningToken(
    @Param('provisioning_token') token: string,
    @ResetPassword() reset: boolean,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const account = await this.provisioning.byProvisioningToken(token, reset);
    return asXml(reply, await this.xml.render(baseUrl(request), account, request.space));
  }
}

/** Exactly `application/xml`, without a charset parameter (provisioning.md §Serialisation). */
function asXml(reply: FastifyReply, body: string): string {
  reply.type('application/xml');
  return body;
}
