import { create } from 'xmlbuilder2';
import { withoutControlCharacters } from '../common/control-characters';

export const LPCONFIG_NAMESPACE = 'http://www.linphone.org/xsds/lpconfig.xsd';

export interface ConfigEntry {
  name: string;
  value: string;
}

export interface ConfigSection {
  name: string;
  entries: ConfigEntry[];
}

/** A Linphone remote configuration (lpconfig): sections of entries, in document order. */
export class ConfigDocument {
  readonly sections: ConfigSection[] = [];

  has(name: string): boolean {
    return this.sections.some((section) => section.name === name);
  }

  /** The first section of that name, or a new one at the end. */
  section(name: string): ConfigSection {
    return this.sections.find((section) => section.name === name) ?? this.append(name);
  }

  /** Always a new section at the end (there may then be two of one name). */
  append(name: string): ConfigSection {
    const section: ConfigSection = { name, entries: [] };
    this.sections.push(section);
    return section;
  }
}

export function addEntries(section: ConfigSection, entries: [string, string | number | boolean][]): void {
  for (const [name, value] of entries)
    section.entries.push({ name, value: typeof value === 'boolean' ? (value ? '1' : '0') : String(value) });
}

/** Characters XML 1.0 cannot carry even escaped (C0 controls but tab and line ends, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * What a name or value keeps in the document: no character XML cannot carry
 * (the document stays well-formed) and no control character (a line break
 * would let a value add sections to the client's linphonerc). Dropped rather
 * than refused: the API refuses them at input, but data adopted from the PHP
 * service may still hold them.
 */
export const configText = (text: string): string => withoutControlCharacters(text.replace(NOT_XML, ''));

/**
 * xmlbuilder2 (4.x) escapes `<`, `>` and, in attributes, `"`, but leaves an
 * `&` alone when it starts something shaped like an entity reference
 * (`&amp;`, `&x;`: its issues #110/#117), which would turn a display name
 * `&amp;` into `&` or `&x;` into an undefined entity. Encoding every `&`
 * first gives it only `&amp;` references, which it keeps as they are.
 */
const builderText = (text: string): string => configText(text).replace(/&/g, '&amp;');

/**
 * provisioning.md §Serialisation: no declaration, no indentation, an empty
 * value as `<entry name="…"/>`; escaping is the builder's (`&`, `<`, `>` in
 * text; quotes as well in attributes). With `overwriteAll` every entry gets
 * `overwrite="true"` after its name.
 */
export function serializeConfig(document: ConfigDocument, options: { overwriteAll: boolean }): string {
  const config = create().ele(LPCONFIG_NAMESPACE, 'config');
  for (const section of document.sections) {
    const element = config.ele('section', { name: builderText(section.name) });
    for (const entry of section.entries) {
      const attributes: Record<string, string> = { name: builderText(entry.name) };
      if (options.overwriteAll) attributes.overwrite = 'true';
      const child = element.ele('entry', attributes);
      const value = builderText(entry.value);
      if (value !== '') child.txt(value);
    }
  }
  return config.end({ headless: true, prettyPrint: false });
}
