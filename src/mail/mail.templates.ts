import type { Locale } from '../i18n/locale';

/** What a template needs; `appName` and `signature` come from the settings. */
export interface MailContext {
  appName: string;
  signature: string;
}

export interface RenderedMail {
  text: string;
  html: string;
}

export type MailKind = 'register_validation' | 'confirmed_registration' | 'register_confirmation';

/** Subjects are the reference's, derived from the mailable's class name, in every language. */
export const SUBJECTS: Record<MailKind, string> = {
  register_validation: 'Register Validation',
  confirmed_registration: 'Confirmed Registration',
  register_confirmation: 'Register Confirmation',
};

export interface RegisterValidationData {
  code: string;
}

export interface ConfirmedRegistrationData {
  username: string;
  domain: string;
  /** `ACCOUNT_PROXY_REGISTRAR_ADDRESS`, empty when unset */
  proxy: string;
  /** `ACCOUNT_TRANSPORT_PROTOCOL_TEXT`, empty when unset */
  transport: string;
}

export interface RegisterConfirmationData {
  link: string;
}

interface Texts {
  hello: string;
  regards: string;
  registerValidation: (c: MailContext) => { intro: string; outro: string };
  confirmedRegistration: (c: MailContext) => {
    intro: string;
    address: string;
    username: string;
    domain: string;
    proxy: string;
    transport: string;
  };
  registerConfirmation: (c: MailContext) => { intro: string; outro: string };
}

const TEXTS: Record<Locale, Texts> = {
  en: {
    hello: 'Hello,',
    regards: 'Regards,',
    registerValidation: (c) => ({
      intro: `You requested to change your email address on ${c.appName}. To confirm it, please enter the following code on the confirmation page:`,
      outro: 'If you did not ask for this change, you can ignore this message.',
    }),
    confirmedRegistration: (c) => ({
      intro: `Your SIP account on ${c.appName} is now ready. Here are its settings:`,
      address: 'SIP address',
      username: 'Username',
      domain: 'Domain',
      proxy: 'Proxy/registrar address',
      transport: 'Transport',
    }),
    registerConfirmation: (c) => ({
      intro: `You created an account on ${c.appName}. To activate it, please follow this link:`,
      outro: 'If you did not create this account, you can ignore this message.',
    }),
  },
  fr: {
    hello: 'Bonjour,',
    regards: 'Cordialement,',
    registerValidation: (c) => ({
      intro: `Vous avez demandé à changer votre adresse email sur ${c.appName}. Pour la confirmer, saisissez le code suivant sur la page de confirmation :`,
      outro: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.",
    }),
    confirmedRegistration: (c) => ({
      intro: `Votre compte SIP sur ${c.appName} est prêt. Voici ses paramètres :`,
      address: 'Adresse SIP',
      username: "Nom d'utilisateur",
      domain: 'Domaine',
      proxy: 'Adresse du proxy/registrar',
      transport: 'Transport',
    }),
    registerConfirmation: (c) => ({
      intro: `Vous avez créé un compte sur ${c.appName}. Pour l'activer, suivez ce lien :`,
      outro: "Si vous n'êtes pas à l'origine de cette création, ignorez ce message.",
    }),
  },
};

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text and HTML from the same blocks: paragraphs, and lines kept apart (codes, settings). */
type Block = { p: string } | { code: string } | { lines: [string, string][] } | { link: string };

function render(texts: Texts, context: MailContext, blocks: Block[]): RenderedMail {
  const all: Block[] = [{ p: texts.hello }, ...blocks, { p: `${texts.regards}\n${context.signature}` }];
  const text = all
    .map((b) => ('p' in b ? b.p : 'code' in b ? b.code : 'link' in b ? b.link : b.lines.map(([k, v]) => `${k}: ${v}`).join('\n')))
    .join('\n\n');
  const html = all
    .map((b) =>
      'p' in b
        ? `<p>${escape(b.p).replace(/\n/g, '<br>')}</p>`
        : 'code' in b
          ? `<p style="font-size: 1.5em; font-weight: bold;">${escape(b.code)}</p>`
          : 'link' in b
            ? `<p><a href="${escape(b.link)}">${escape(b.link)}</a></p>`
            : `<ul>${b.lines.map(([k, v]) => `<li>${escape(k)}: <strong>${escape(v)}</strong></li>`).join('')}</ul>`,
    )
    .join('\n');
  return { text: text + '\n', html: `<!DOCTYPE html>\n<html><body>\n${html}\n</body></html>\n` };
}

export function renderRegisterValidation(locale: Locale, context: MailContext, data: RegisterValidationData): RenderedMail {
  const t = TEXTS[locale];
  const s = t.registerValidation(context);
  // the code stands on its own line: the app (or the user) copies it from there
  return render(t, context, [{ p: s.intro }, { code: data.code }, { p: s.outro }]);
}

export function renderConfirmedRegistration(locale: Locale, context: MailContext, data: ConfirmedRegistrationData): RenderedMail {
  const t = TEXTS[locale];
  const s = t.confirmedRegistration(context);
  const lines: [string, string][] = [
    [s.address, `sip:${data.username}@${data.domain}`],
    [s.username, data.username],
    [s.domain, data.domain],
  ];
  if (data.proxy) lines.push([s.proxy, `sip:${data.proxy}`]);
  if (data.transport) lines.push([s.transport, data.transport]);
  return render(t, context, [{ p: s.intro }, { lines }]);
}

export function renderRegisterConfirmation(locale: Locale, context: MailContext, data: RegisterConfirmationData): RenderedMail {
  const t = TEXTS[locale];
  const s = t.registerConfirmation(context);
  return render(t, context, [{ p: s.intro }, { link: data.link }, { p: s.outro }]);
}
