import { negotiateLocale } from './locale';

describe('negotiateLocale (Accept-Language, deviation 31)', () => {
  it.each([
    ['fr', 'the bare language'],
    ['FR', 'in any case'],
    ['fr-FR,fr;q=0.9', 'what a French browser sends'],
    ['fr-FR', 'a region falls back to its language'],
    ['fr-CA,en;q=0.5', 'a region outweighing English'],
    ['fr,en;q=0.8', 'the heavier first'],
    ['en;q=0.9,fr', 'q-values, not the order, decide'],
    ['de, fr;q=0.5', 'an unsupported language skipped for a supported one'],
    ['de-CH,de;q=0.9,fr;q=0.8,en;q=0.7', 'a real Swiss list'],
    ['*;q=0.5, en;q=0', 'English refused, anything else accepted'],
    ['fr-FR;q=0.2, fr;q=0.9, en;q=0.5', 'the most specific range of a language decides'],
    ['fr , en', 'spaces around elements; a tie goes to the earlier range'],
    ['!!, fr', 'a malformed element is skipped'],
    ['fr;q=1.000', 'three decimals'],
  ])('French for %j (%s)', (header) => {
    expect(negotiateLocale(header)).toBe('fr');
  });

  it.each([
    [undefined, 'no header'],
    ['', 'an empty one'],
    ['en', 'English asked'],
    ['de', 'an unsupported language'],
    ['garbage', 'a word that is no language we have'],
    ['fr;q=0', 'French refused'],
    ['fr;q=0, *', 'French refused, anything else accepted'],
    ['fr-FR;q=0', 'the only French refused'],
    ['en, fr', 'a tie goes to the earlier range'],
    ['*', 'anything: the default'],
    ['fr;q=2', 'a weight above 1 is malformed'],
    ['fr;q=0.5000', 'four decimals are malformed'],
    ['fr;q=abc', 'a weight that is no number'],
    ['fr;level=1', 'a parameter other than q'],
    ['français', 'not a language range'],
    [';;;,,,', 'punctuation only'],
    ['<script>fr</script>', 'markup'],
  ])('English for %j (%s)', (header: string | undefined, _why: string) => {
    expect(negotiateLocale(header)).toBe('en');
  });

  it('reads a header as long as the server takes (16 KB) at once, whatever its shape', () => {
    const header = `${'de-DE-x-'.repeat(1000)}de-, ${'x;q=0.1,'.repeat(1000)}fr;q=0.1`;
    const started = process.hrtime.bigint();
    expect(negotiateLocale(header)).toBe('fr');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });
});
