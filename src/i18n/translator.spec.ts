import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Translator } from './translator';

/**
 * Every message (each key in en and fr, each rule with and without its
 * arguments, `:values` of other fields, unknown keys and fields, whole 422
 * bodies) as rendered when nestjs-i18n was weighed against this translator
 * (issue 18 item 7): its I18nService rendered all of them identically.
 */
const pinned = JSON.parse(readFileSync(join(__dirname, '../../test/i18n/rendered-messages.json'), 'utf8')) as {
  method: 'text' | 'attribute' | 'fieldError' | 'validationBody';
  args: unknown[];
  out: unknown;
}[];

describe('Translator', () => {
  const translator = new Translator();

  it('renders every pinned message byte for byte', () => {
    expect(pinned.length).toBeGreaterThan(400);
    const differing = pinned.filter(({ method, args, out }) => {
      const rendered: unknown = (translator[method] as (...a: unknown[]) => unknown)(...args);
      return JSON.stringify(rendered) !== JSON.stringify(out);
    });
    expect(differing).toEqual([]);
  });

  it('formats the arguments into French, and answers a key missing in both languages with itself', () => {
    expect(translator.fieldError({ field: 'password', rule: 'min.string', params: { min: 6 } }, 'fr')).toBe(
      translator.text('validation.min.string', 'fr').replace('{attribute}', translator.attribute('password', 'fr')).replace('{min}', '6'),
    );
    expect(translator.text('validation.min.string', 'fr')).not.toBe(translator.text('validation.min.string', 'en'));
    expect(translator.text('validation.attributes.no_such_field', 'fr')).toBe('validation.attributes.no_such_field');
    expect(translator.attribute('no_such_field', 'fr')).toBe('no such field');
  });

  it('reads its messages from the JSON files of each language', () => {
    const english = JSON.parse(readFileSync(join(__dirname, 'en/pagination.json'), 'utf8')) as { next: string };
    const french = JSON.parse(readFileSync(join(__dirname, 'fr/pagination.json'), 'utf8')) as { next: string };
    expect(translator.text('pagination.next', 'en')).toBe(english.next);
    expect(translator.text('pagination.next', 'fr')).toBe(french.next);
  });
});
