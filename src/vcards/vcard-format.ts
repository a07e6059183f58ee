import ICAL from 'ical.js';

/**
 * vCard text in, normalised vCard text out (vcards.md §2, §3). ical.js (the
 * maintained RFC 6350 parser and writer) parses, types and writes the card
 * back; this file only frames its input (line endings, folding, the first
 * card, `VERSION` first) and adds the checks ical.js does not make.
 */

/** The stored text's bound: what a MySQL `TEXT` column holds. */
export const VCARD_MAX_BYTES = 65_535;
/** Deviation 14. */
export const UID_MAX_LENGTH = 255;
/**
 * ical.js's cost grows with the number of values (about 0.4 s for 60,000 `;` on
 * this hardware): a card holds at most this many properties, and this many
 * `;`/`,` (the value separators, counted in the whole text as an upper bound).
 */
export const MAX_PROPERTIES = 1_000;
export const MAX_SEPARATORS = 5_000;

type Params = Record<string, string | string[]>;
type JCardProperty = [string, Params, string, ...unknown[]];

/** `[group.]NAME[;PARAM[=value[,value…]]…]:` — the head of a content line (§2). */
const PARAM_VALUE = '(?:"[^"]*"|[^";:,]*)';
const LINE_HEAD = new RegExp(`^(?:[A-Za-z0-9-]+\\.)?[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+(?:=${PARAM_VALUE}(?:,${PARAM_VALUE})*)?)*:`);
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const AT_MOST_ONCE = ['anniversary', 'bday', 'gender', 'kind', 'n', 'prodid', 'rev', 'uid'];
const VERSIONS = ['2.1', '3.0', '4.0'];
const DATED = ['bday', 'anniversary', 'deathdate'];

// RFC 6350 §4.3.4 date-and-or-time (basic and, as vCard 3.0 writes them, extended forms)
const MONTH = '(?:0[1-9]|1[0-2])';
const DAY = '(?:0[1-9]|[12]\\d|3[01])';
const HOUR = '(?:[01]\\d|2[0-3])';
const MINUTE = '[0-5]\\d';
const SECOND = '(?:[0-5]\\d|60)';
const DATE = `(?:\\d{4}(?:-?${MONTH}-?${DAY})?|\\d{4}-${MONTH}|--${MONTH}(?:-?${DAY})?|---${DAY})`;
const ZONE = `(?:Z|[+-]${HOUR}(?::?${MINUTE})?)`;
const TIME = `(?:${HOUR}(?::?${MINUTE}(?::?${SECOND})?)?|-${MINUTE}(?::?${SECOND})?|--${SECOND})${ZONE}?`;
const DATE_AND_OR_TIME = new RegExp(`^(?:${DATE}(?:T${TIME})?|T${TIME})$`);

export interface NormalisedVcard {
  /** the UID's value */
  uid: string;
  /** LF line endings, `VERSION` first, folded at 75 bytes, ending with `\n` */
  text: string;
}

/** The content lines of the first card, unfolded, `BEGIN`/`END` removed; undefined when the framing is wrong. */
function contentLines(input: string): string[] | undefined {
  const lines: string[] = [];
  for (const line of input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && lines.length > 0) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  if (!/^BEGIN:VCARD$/i.test(lines[0] ?? '')) return undefined;
  const content: string[] = [];
  for (const line of lines.slice(1)) {
    if (/^END:VCARD$/i.test(line)) break; // what follows the first card is ignored
    if (/^(BEGIN|END):/i.test(line)) return undefined; // a nested card, or another component's end
    if (!LINE_HEAD.test(line)) return undefined;
    content.push(line);
    if (content.length > MAX_PROPERTIES) return undefined;
  }
  // a missing END:VCARD is tolerated; VERSION goes first, so that ical.js picks the version's design
  const version = content.findIndex((line) => /^VERSION[;:]/i.test(line));
  if (version > 0) content.unshift(...content.splice(version, 1));
  return content;
}

const rawValue = (line: string): string => line.slice(LINE_HEAD.exec(line)![0].length);

/** The checks of §2 on the parsed properties (line i is property i). */
function isValid(properties: JCardProperty[], lines: string[]): boolean {
  const count = (name: string) => properties.filter(([n]) => n === name).length;
  const versions = properties.filter(([n]) => n === 'version');
  if (versions.length !== 1 || !VERSIONS.includes(String(versions[0][3]))) return false;
  if (count('fn') !== 1 || AT_MOST_ONCE.some((name) => count(name) > 1)) return false;
  const uid = properties.find(([n]) => n === 'uid');
  if (typeof uid?.[3] !== 'string' || uid[3] === '' || uid[3].length > UID_MAX_LENGTH) return false;
  const v4 = versions[0][3] === '4.0';
  return properties.every((property, i) => {
    const [name, params, type, value] = property;
    if (v4 && 'encoding' in params) return false;
    const components = Array.isArray(value) ? value.length : 1;
    if ((name === 'n' && components < 5) || (name === 'adr' && components < 7)) return false;
    if (DATED.includes(name) && type !== 'text' && !DATE_AND_OR_TIME.test(rawValue(lines[i]))) return false;
    return true;
  });
}

/** Folds a line at 75 bytes, continuation lines 74 bytes after their space, never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (bytes + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  out.push(current);
  return out.join('\n ');
}

/** The last cards normalised: the validation rule and the service read the same text once per request. */
const recent = new Map<string, NormalisedVcard | undefined>();
const RECENT = 8;

/** The normalised card, or undefined when the text is not a valid vCard (`Invalid vcard passed`). */
export function normaliseVcard(input: string): NormalisedVcard | undefined {
  if (recent.has(input)) return recent.get(input);
  const card = normalise(input);
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
  recent.set(input, card);
  return card;
}

function normalise(input: string): NormalisedVcard | undefined {
  if (CONTROL.test(input) || LONE_SURROGATE.test(input)) return undefined;
  if ((input.match(/[;,]/g)?.length ?? 0) > MAX_SEPARATORS) return undefined;
  const lines = contentLines(input);
  if (!lines) return undefined;
  let card: unknown;
  try {
    card = ICAL.parse(['BEGIN:VCARD', ...lines, 'END:VCARD', ''].join('\r\n'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(card) || card[0] !== 'vcard' || !Array.isArray(card[1]) || (card[2] as unknown[]).length > 0) return undefined;
  const properties = card[1] as JCardProperty[];
  if (properties.length !== lines.length || !isValid(properties, lines)) return undefined;
  // ical.js's own rule: the 4.0 design when VERSION:4.0 comes first, else the 3.0 one (as it parsed)
  const design = ICAL.design.getDesignSet(properties[0][3] === '4.0' ? 'vcard' : 'vcard3');
  const body = properties.map((property) => foldLine(ICAL.stringify.property(property, design, true)));
  const text = ['BEGIN:VCARD', ...body, 'END:VCARD', ''].join('\n');
  const uid = properties.find(([n]) => n === 'uid')![3] as string;
  return Buffer.byteLength(text) > VCARD_MAX_BYTES ? undefined : { uid, text };
}
