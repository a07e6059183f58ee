import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { I18nModule } from 'nestjs-i18n';
import { i18nOptions } from './i18n-options';
import { Translator } from './translator';

@Module({ imports: [I18nModule.forRoot(i18nOptions)], providers: [Translator] })
class TranslationTestModule {}

/**
 * Every message (each key in en and fr, each rule with and without its
 * arguments, `:values` of other fields, unknown keys and fields, whole 422
 * bodies) as the hand-written translator rendered it before nestjs-i18n
 * took over; the file was written by that translator.
 */
const before = JSON.parse(readFileSync(join(__dirname, '../../test/i18n/translator-rendered-before.json'), 'utf8')) as {
  method: 'text' | 'attribute' | 'fieldError' | 'validationBody';
  args: unknown[];
  out: unknown;
}[];

describe('Translator on nestjs-i18n', () => {
  let app: INestApplicationContext;
  let translator: Translator;

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(TranslationTestModule, { logger: false });
    translator = app.get(Translator);
  });
  afterAll(() => app.close());

  it('renders every sampled message byte for byte as before', () => {
    expect(before.length).toBeGreaterThan(400);
    const differing = before.filter(({ method, args, out }) => {
      const rendered: unknown = (translator[method] as (...a: unknown[]) => unknown)(...args);
      return JSON.stringify(rendered) !== JSON.stringify(out);
    });
    expect(differing).toEqual([]);
  });

  it('formats the arguments into French, falls back to English for a key French lacks, and answers a key missing in both with itself', () => {
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
