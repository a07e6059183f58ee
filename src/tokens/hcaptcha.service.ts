import { Injectable, Logger } from '@nestjs/common';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';

/** A browser must not wait on hCaptcha for long; a slow answer counts as a failed check. */
export const SITEVERIFY_TIMEOUT_MS = 5000;

/** hCaptcha's server-side check (https://docs.hcaptcha.com/#verify-the-user-response-server-side). */
@Injectable()
export class HcaptchaService {
  private readonly logger = new Logger('Hcaptcha');

  constructor(@InjectSettings() private readonly settings: Settings) {}

  /** tokens.md §3.3: either setting turns the captcha on. */
  get enabled(): boolean {
    return this.settings.hcaptcha.secret !== '' || this.settings.hcaptcha.sitekey !== '';
  }

  get sitekey(): string {
    return this.settings.hcaptcha.sitekey;
  }

  /** Whether hCaptcha says this widget response is a solved captcha; any fault is a no. */
  async verify(response: string, remoteIp: string | undefined): Promise<boolean> {
    const { secret, sitekey, siteverifyUrl } = this.settings.hcaptcha;
    // without the secret hCaptcha can only refuse (missing-input-secret)
    if (secret === '') return false;
    const form = new URLSearchParams({ secret, response });
    if (sitekey !== '') form.set('sitekey', sitekey);
    if (remoteIp) form.set('remoteip', remoteIp);
    try {
      const answer = await fetch(siteverifyUrl, {
        method: 'POST',
        body: form,
        redirect: 'error',
        signal: AbortSignal.timeout(SITEVERIFY_TIMEOUT_MS),
      });
      const body = (await answer.json()) as { success?: unknown; 'error-codes'?: unknown };
      if (body.success === true) return true;
      this.logger.debug(`hCaptcha refused the response: ${JSON.stringify(body['error-codes'] ?? null)}`);
      return false;
    } catch (error) {
      // the secret is in the body, never in the message
      this.logger.warn(`hCaptcha siteverify failed: ${(error as Error).name}: ${(error as Error).message}`);
      return false;
    }
  }
}
