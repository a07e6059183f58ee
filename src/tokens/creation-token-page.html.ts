import { html, SafeHtml } from '../common/html';

export const HCAPTCHA_SCRIPT = 'https://hcaptcha.com/1/api.js';
const HCAPTCHA_ORIGINS = 'https://hcaptcha.com https://*.hcaptcha.com';

/**
 * Headers of the pages: nothing but the inline style and hCaptcha's widget
 * may load, the form posts only here, no other site may frame the page (a
 * captcha under someone else's overlay), and the token in it is not cached.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'none'",
    `style-src 'unsafe-inline' ${HCAPTCHA_ORIGINS}`,
    `script-src ${HCAPTCHA_ORIGINS}`,
    `frame-src ${HCAPTCHA_ORIGINS}`,
    `connect-src ${HCAPTCHA_ORIGINS}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/** The page texts of one language (src/i18n/<lang>/creation_token.json). */
export type PageText = (key: string) => string;

const STYLE = `
:root { color-scheme: light dark; --bg: #f3f5f8; --card: #fff; --text: #1d2330; --muted: #5b6474; --accent: #ff5e00; --accent-text: #fff; --border: #dde2ea; }
@media (prefers-color-scheme: dark) { :root { --bg: #14171c; --card: #1f242c; --text: #e9edf3; --muted: #a3acba; --border: #343b46; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center; padding: 24px;
  background: var(--bg); color: var(--text); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { width: 100%; max-width: 440px; background: var(--card); border: 1px solid var(--border); border-radius: 14px;
  padding: 32px 28px; box-shadow: 0 10px 30px rgba(20, 30, 50, .08); text-align: center; }
.domain { display: inline-block; margin: 0 0 16px; padding: 2px 10px; border-radius: 999px; background: var(--bg);
  color: var(--muted); font-size: 13px; word-break: break-all; }
h1 { margin: 0 0 12px; font-size: 22px; line-height: 1.3; }
p { margin: 0 0 20px; color: var(--muted); }
form { display: flex; flex-direction: column; align-items: center; gap: 16px; margin: 0; }
.h-captcha { min-height: 78px; }
button { width: 100%; padding: 12px 18px; border: 0; border-radius: 10px; background: var(--accent); color: var(--accent-text);
  font: inherit; font-weight: 600; cursor: pointer; }
button:hover { filter: brightness(1.08); }
button:focus-visible { outline: 3px solid var(--text); outline-offset: 2px; }
.note { margin: 0; font-size: 14px; }
.done { width: 56px; height: 56px; margin: 0 auto 16px; border-radius: 50%; background: #2e9d5b; color: #fff;
  font-size: 30px; line-height: 56px; }
`;

function page(lang: string, text: PageText, body: SafeHtml, head: SafeHtml | string = ''): string {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${text('title')}</title>
<style>${new SafeHtml(STYLE)}</style>
${head}
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.value;
}

/** §3.2: the form; the hCaptcha widget only when a site key is set. */
export function checkPage(options: { lang: string; text: PageText; domain: string; token: string; sitekey: string | null }): string {
  const { lang, text, domain, token, sitekey } = options;
  const captcha =
    sitekey === null
      ? ''
      : html`<div class="h-captcha" data-sitekey="${sitekey}"></div>
<noscript><p class="note">${text('noscript')}</p></noscript>`;
  const head = sitekey === null ? '' : html`<script src="${HCAPTCHA_SCRIPT}" async defer></script>`;
  return page(
    lang,
    text,
    html`<div class="domain">${domain}</div>
<h1>${text('check_heading')}</h1>
<p>${text('check_text')}</p>
<form method="post" action="/creation_token/validate">
<input type="hidden" name="account_creation_request_token" value="${token}">
${captcha}
<button type="submit">${text('button')}</button>
</form>`,
    head,
  );
}

/** §3.3: the confirmation. */
export function validatedPage(options: { lang: string; text: PageText; domain: string }): string {
  const { lang, text, domain } = options;
  return page(
    lang,
    text,
    html`<div class="done" aria-hidden="true">✓</div>
<div class="domain">${domain}</div>
<h1>${text('validated_heading')}</h1>
<p>${text('validated_text')}</p>`,
  );
}
