import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type LpSection = { name: string; entries: { name: string; value: string; overwrite?: string }[] };

/**
 * Reads a Linphone remote configuration with a real XML parser (a document
 * that is not well-formed throws), in document order.
 */
export function parseLpconfig(text: string): LpSection[] {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => name === 'section' || name === 'entry',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
  });
  type Entry = { name: string; overwrite?: string; '#text'?: string } | string;
  const root = parser.parse(text) as { config?: { xmlns?: string; section?: { name: string; entry?: Entry[] }[] } };
  if (!root.config || root.config.xmlns !== 'http://www.linphone.org/xsds/lpconfig.xsd') throw new Error('not an lpconfig document');
  return (root.config.section ?? []).map((section) => ({
    name: section.name,
    entries: (section.entry ?? []).map((entry) =>
      typeof entry === 'string'
        ? { name: '', value: entry }
        : { name: entry.name, value: entry['#text'] ?? '', ...(entry.overwrite ? { overwrite: entry.overwrite } : {}) },
    ),
  }));
}

/** The value of `entry` in the first section called `section` (undefined when absent). */
export function lpValue(sections: LpSection[], section: string, entry: string): string | undefined {
  return sections.find((s) => s.name === section)?.entries.find((e) => e.name === entry)?.value;
}

/** `{section: {entry: value}}` of the first section of each name (tests that do not care about order). */
export function lpObject(sections: LpSection[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const section of sections) out[section.name] ??= Object.fromEntries(section.entries.map((e) => [e.name, e.value]));
  return out;
}

/**
 * Reads a linphonerc as liblinphone writes it (`[section]` lines, then
 * `key=value` lines; `#` comments), in file order, a section met twice kept
 * twice: what a later start of the client would read, line by line.
 */
export function parseLinphonerc(text: string): LpSection[] {
  const sections: LpSection[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').trimStart();
    if (line === '' || line.startsWith('#')) continue;
    const section = /^\[([^\]]*)\]/.exec(line);
    if (section) {
      sections.push({ name: section[1], entries: [] });
      continue;
    }
    const equals = line.indexOf('=');
    if (equals > 0) sections.at(-1)?.entries.push({ name: line.slice(0, equals).trim(), value: line.slice(equals + 1).trimEnd() });
  }
  return sections;
}
