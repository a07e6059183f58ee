import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiFoundResponse, ApiOkResponse, ApiProduces, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ChangesState, CurrentSpace, Role } from '../auth/access.decorator';
import { textBody } from '../common/openapi';
import { Space } from '../spaces/entities/space.entity';
import { PAGE_HEADERS } from './creation-token-page.html';
import { CreationTokenPageService, PageAnswer } from './creation-token-page.service';
import { ValidateRequestTokenForm } from './dto/account-creation-request-token.dto';

const back = { description: 'Unknown or used token, or a failed captcha: redirect to the `Referer`, or to `/`' };

function send(reply: FastifyReply, answer: PageAnswer): void {
  if (answer.status === 302) {
    reply.status(302).header('location', answer.location).send();
    return;
  }
  reply.status(200).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(answer.html);
}

/** The page where a person validates an account creation request token (tokens.md §3.2, §3.3), in English or French. */
@ApiTags('Account creation request tokens')
@Access(Role.Public)
@Controller('creation_token')
export class CreationTokenPageController {
  constructor(private readonly page: CreationTokenPageService) {}

  @ApiOperation({ summary: 'Show the page where a person validates a request token' })
  @Get('check/:token')
  // spends nothing itself, but deviation 30 names it with the single-use links: no HEAD
  @ChangesState()
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The validation form (hCaptcha widget when configured)', content: textBody('<!doctype html>…') })
  @ApiFoundResponse(back)
  async check(@Param('token') token: string, @CurrentSpace() space: Space, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    send(reply, await this.page.check(token, space, request));
  }

  @ApiOperation({ summary: 'Validate a request token (the page form)' })
  @Post('validate')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: ValidateRequestTokenForm })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The token is validated: "Thanks for the validation"', content: textBody('<!doctype html>…') })
  @ApiFoundResponse(back)
  async validate(
    @Body() form: ValidateRequestTokenForm,
    @CurrentSpace() space: Space,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    send(reply, await this.page.validate(form as Record<string, unknown>, space, request));
  }
}
