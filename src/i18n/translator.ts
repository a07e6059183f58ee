import { Injectable } from '@nestjs/common';
import { I18nService } from 'nestjs-i18n';
import { FieldError } from '../common/errors';
import { Locale } from '../common/request';

/**
 * Renders the reference's validation texts in the request's language through
 * nestjs-i18n (its JSON loader, its fallback: a key missing in French is the
 * English one, a key missing in both is itself; its `{name}` formatting: an
 * argument not given leaves nothing). The language is always passed in.
 */
@Injectable()
export class Translator {
  constructor(private readonly i18n: I18nService) {}

  private translate(key: string, lang: Locale, args?: Record<string, string | number>): string {
    const found: unknown = this.i18n.t(key, { lang, args });
    // a key naming a group of messages (or an Object.prototype member) is no message
    return typeof found === 'string' ? found : key;
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
