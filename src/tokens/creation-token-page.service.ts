import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { localeOf } from '../common/request';
import { type Locale } from '../i18n/locale';
import { Translator } from '../i18n/translator';
import type { Space } from '../account-core/entities/space.entity';
import { AccountCreationRequestTokensService } from './account-creation-request-tokens.service';
import { checkPage, validatedPage } from './creation-token-page.html';
import { HcaptchaService } from './hcaptcha.service';

export type PageAnswer = { status: 200; html: string } | { status: 302; location: string };

/** What a header value may carry back out (RFC 9110 field-value; Node refuses anything else). */
const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]+$/;

/**
 * The request-token validation page (tokens.md §3.2, §3.3). Any failure
 * sends the browser back where it came from, as the reference does.
 */
@Injectable()
export class CreationTokenPageService {
  constructor(
    private readonly requests: AccountCreationRequestTokensService,
    private readonly captcha: HcaptchaService,
    private readonly translator: Translator,
  ) {}

  async check(value: string, space: Space, request: FastifyRequest): Promise<PageAnswer> {
    const token = await this.requests.findUnused(value, space);
    if (!token) return back(request);
    const lang = localeOf(request, { page: true });
    return {
      status: 200,
      html: checkPage({
        lang,
        text: this.text(lang),
        domain: space.domain,
        token: token.token,
        sitekey: this.captcha.enabled ? this.captcha.sitekey : null,
      }),
    };
  }

  async validate(input: Record<string, unknown>, space: Space, request: FastifyRequest): Promise<PageAnswer> {
    const token = await this.requests.findUnused(input.account_creation_request_token, space);
    if (!token) return back(request);
    if (this.captcha.enabled) {
      const response = input['h-captcha-response'];
      if (typeof response !== 'string' || !(await this.captcha.verify(response, request.ip))) return back(request);
    }
    await this.requests.markValidated(token);
    const lang = localeOf(request, { page: true });
    return { status: 200, html: validatedPage({ lang, text: this.text(lang), domain: space.domain }) };
  }

  private text(lang: Locale) {
    return (key: string) => this.translator.text(`creation_token.${key}`, lang);
  }
}

/** `302` to the `Referer`, or to `/` without one (reference's redirect back). */
function back(request: FastifyRequest): PageAnswer {
  const referer = request.headers.referer;
  return { status: 302, location: typeof referer === 'string' && HEADER_SAFE.test(referer) ? referer : '/' };
}
