import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { startApp, TestApp } from '../support/app';
import { http } from '../support/fixtures';
import { HttpsStandIn, startHttpsStandIn } from '../support/https-stand-in';
import { AccountCreationRequestToken } from '../../src/tokens/entities/account-creation-request-token.entity';
import { CHROMIUM, describeWith } from '../support/system-packages';

const ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts');
const engine = process.env.DB_CONNECTION === 'mysql' ? 'mysql' : 'sqlite';

/** Debian's chromium, headless, JavaScript off: the page must work as plain HTML. */
async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // the Space's host is `localhost`; the server listens on IPv4
      '--host-resolver-rules=MAP localhost 127.0.0.1',
    ],
  });
}

/**
 * tokens.md §3.2–3.3 in a real browser: the URL the API gives, the form
 * submitted by a click, the result page; screenshots in test-artifacts/.
 */
describeWith(CHROMIUM)('the validation page in headless Chromium, JavaScript disabled', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
  }, 30_000);
  afterAll(() => browser.close());

  const port = (t: TestApp) => new URL(t.url).port;
  /** A request token made through the API, on the Host a browser sends (`localhost:<port>`). */
  const validationUrl = async (t: TestApp): Promise<{ token: string; url: string }> => {
    const res = await http(t).post('/api/account_creation_request_tokens', `localhost:${port(t)}`);
    expect(res.status).toBe(201);
    return { token: res.body.token, url: res.body.validation_url };
  };
  const newPage = async (locale: 'en' | 'fr'): Promise<Page> => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 420, height: 720 },
      extraHTTPHeaders: locale === 'fr' ? { 'Accept-Language': 'fr' } : {},
    });
    return context.newPage();
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(ARTIFACTS, `creation-token-${name}-${engine}.png`), fullPage: true });

  describe('without captcha', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startApp();
    });
    afterAll(() => t.close());

    for (const [locale, heading, button, thanks] of [
      ['en', 'Confirm that a person is asking', "I'm not a robot", 'Thanks for the validation'],
      ['fr', "Confirmez qu'une personne fait la demande", 'Je ne suis pas un robot', 'Merci pour la validation'],
    ] as const) {
      it(`${locale}: the form is submitted by a click and the token is validated`, async () => {
        const { token, url } = await validationUrl(t);
        expect(url).toBe(`http://localhost:${port(t)}/creation_token/check/${token}`);
        const page = await newPage(locale);
        const shown = await page.goto(url);
        expect(shown?.status()).toBe(200);
        expect(await page.locator('h1').innerText()).toBe(heading);
        expect(await page.getAttribute('html', 'lang')).toBe(locale);
        expect(await page.locator('input[name=account_creation_request_token]').inputValue()).toBe(token);
        // the page is styled: the button is a full-width coloured block, the card centred
        const style = await page.locator('button').evaluate((b) => {
          // runs in the page: its window, not Node's globals
          const s = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b);
          return { background: s.backgroundColor, width: b.getBoundingClientRect().width };
        });
        expect(style.background).toBe('rgb(255, 94, 0)');
        expect(style.width).toBeGreaterThan(300);
        await shot(page, `form-${locale}`);

        const [submitted] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()]);
        expect(submitted?.status()).toBe(200);
        expect(new URL(page.url()).pathname).toBe('/creation_token/validate');
        expect(await page.locator('h1').innerText()).toBe(thanks);
        await shot(page, `validated-${locale}`);
        const row = await t.db.getRepository(AccountCreationRequestToken).findOneByOrFail({ token });
        expect(row.validated_at).toBeInstanceOf(Date);
        await page.context().close();
      }, 30_000);
    }
  });

  describe('with captcha configured', () => {
    let t: TestApp;
    let siteverify: HttpsStandIn;
    beforeAll(async () => {
      siteverify = await startHttpsStandIn((_req, _body, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":false}'),
      );
      t = await startApp({
        HCAPTCHA_SECRET: 'secret',
        HCAPTCHA_SITEKEY: 'sitekey',
        HCAPTCHA_SITEVERIFY_URL: `${siteverify.url}/siteverify`,
        NODE_EXTRA_CA_CERTS: siteverify.caFile,
      });
    });
    afterAll(async () => {
      await t.close();
      await siteverify.close();
    });

    it('only the widget needs JavaScript: the page says so, and a submission without it comes back to the form', async () => {
      const { token, url } = await validationUrl(t);
      const page = await newPage('en');
      await page.goto(url);
      expect(await page.locator('noscript, .note').first().innerText()).toContain('The captcha needs JavaScript');
      expect(await page.locator('div.h-captcha').getAttribute('data-sitekey')).toBe('sitekey');
      await shot(page, 'form-captcha-en');

      const [back] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: "I'm not a robot" }).click()]);
      expect(back?.status()).toBe(200);
      expect(page.url()).toBe(url);
      expect(await page.locator('h1').innerText()).toBe('Confirm that a person is asking');
      expect((await t.db.getRepository(AccountCreationRequestToken).findOneByOrFail({ token })).validated_at).toBeNull();
      await page.context().close();
    }, 30_000);
  });
});
