export type Locale = 'en' | 'fr';

/** Supported languages; the first is the default and wins a tie. */
export const LOCALES: readonly Locale[] = ['en', 'fr'];

// RFC 9110 §12.5.4: a language range (RFC 4647 §2.1) and a weight of at most three decimals
const RANGE = /^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/i;
const WEIGHT = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

interface Match {
  q: number;
  /** 2: the range is the language itself; 1: the language with subtags (`fr-FR`); 0: `*` */
  specificity: number;
  /** place of the range in the header: the earlier wins a tie */
  order: number;
}

/**
 * The language of an answer from `Accept-Language` (deviation 31): q-values
 * honoured (`q=0` refuses a language), a range with subtags counts for its
 * primary language (`fr-FR` → French), `*` for any; for each language the
 * most specific range decides. The acceptable language with the highest
 * weight wins (then the earlier range, then English); none → English.
 * A malformed element is skipped, as if it were not there.
 */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return LOCALES[0];
  const matches = new Map<Locale, Match>();
  header.split(',').forEach((element, order) => {
    const [range, ...parameters] = element.split(';').map((part) => part.trim());
    if (!RANGE.test(range)) return;
    let q = 1;
    for (const parameter of parameters) {
      const weight = WEIGHT.exec(parameter);
      if (!weight) return;
      q = Number(weight[1]);
    }
    const tag = range.toLowerCase();
    for (const locale of LOCALES) {
      const specificity = tag === locale ? 2 : tag.split('-')[0] === locale ? 1 : tag === '*' ? 0 : -1;
      if (specificity < 0) continue;
      const known = matches.get(locale);
      if (!known || specificity > known.specificity || (specificity === known.specificity && q > known.q))
        matches.set(locale, { q, specificity, order });
    }
  });
  let best: Locale = LOCALES[0];
  let bestMatch: Match | undefined;
  for (const locale of LOCALES) {
    const match = matches.get(locale);
    if (!match || match.q === 0) continue;
    if (!bestMatch || match.q > bestMatch.q || (match.q === bestMatch.q && match.order < bestMatch.order)) {
      best = locale;
      bestMatch = match;
    }
  }
  return best;
}
