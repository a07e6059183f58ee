import { Injectable } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FieldError } from './field-error';
import { Locale } from './locale';
import { LOCALES } from './locale';

type Messages = { [key: string]: string | Messages };

/** `i18n/<locale>/<file>.json`, read once: the key `validation.min.string` is `min.string` of validation.json. */
function load(locale: Locale): Messages {
  const dir = join(__dirname, locale);
  const messages: Messages = {};
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.json')) messages[file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Messages;
  }
  return messages;
}

/**
 * Renders the reference's validation texts in the request's language (a key
 * missing in French falls back to English, a key missing in both is itself).
 * The language is always passed in: nothing per request resolves it.
 */
@Injectable()
export class Translator {
  private readonly messages = Object.fromEntries(LOCALES.map((locale) => [locale, load(locale)])) as Record<Locale, Messages>;

  private translate(key: string, lang: Locale, args?: Record<string, string | number>): string {
    const found = lookup(this.messages[lang], key) ?? (lang === 'en' ? undefined : lookup(this.messages.en, key));
    if (found === undefined) return key;
    // `{name}` placeholders; an argument not given leaves nothing, as nestjs-i18n's formatter did
    return args === undefined
      ? found
      : found.replace(/\{(\w+)\}/g, (_m, name: string) => (args[name] === undefined ? '' : String(args[name])));
  }

  attribute(field: string, lang: Locale): string {
    const key = `validation.attributes.${field}`;
    const translated = this.translate(key, lang);
    return translated === key ? field.replace(/_/g, ' ') : translated;
  }

  fieldError(error: FieldError, lang: Locale): string {
    const attribute = this.attribute(error.field, lang);
    if (error.text !== undefined) {
      return error.text.replace(/:attribute/g, attribute);
    }
    const args: Record<string, string | number> = { ...error.params, attribute };
    // `:values` of a rule naming other fields: their display names (errors-and-i18n.md)
    if (typeof error.params?.fields === 'string') {
      args.values = error.params.fields
        .split(',')
        .map((field) => this.attribute(field, lang))
        .join(' / ');
    }
    return this.translate(`validation.${error.rule}`, lang, args);
  }

  /** `{message, errors}`: message = first error, plus an English count of the others. */
  validationBody(errors: FieldError[], lang: Locale): { message: string; errors: Record<string, string[]> } {
    const byField: Record<string, string[]> = {};
    for (const error of errors) {
      (byField[error.field] ??= []).push(this.fieldError(error, lang));
    }
    const all = Object.values(byField).flat();
    const others = all.length - 1;
    const suffix = others <= 0 ? '' : others === 1 ? ' (and 1 more error)' : ` (and ${others} more errors)`;
    return { message: (all[0] ?? 'The given data was invalid.') + suffix, errors: byField };
  }

  text(key: string, lang: Locale): string {
    return this.translate(key, lang);
  }
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}
