/** The sections of an RC file, in file order, each with its entries in file order. */
export type RcSections = Map<string, Map<string, string>>;

export class RcFileError extends Error {}

const SECTION = /^\[([^\]]*)\]$/;
const ENTRY = /^([^=]+)=(.*)$/;
const TRUE = new Set(['true', 'on', 'yes']);
const FALSE = new Set(['false', 'off', 'no', 'none', 'null']);

/**
 * Parses `ACCOUNT_PROVISIONING_RC_FILE` as PHP's `parse_ini_file` does with
 * sections in normal mode (provisioning.md §RC file), which operators of the
 * reference rely on: `true`/`on`/`yes` become `1`, `false`/`off`/`no`/`none`/
 * `null` become empty, a double-quoted value is literal. A section or key met
 * twice keeps its first place and its last value, like a PHP array. Throws
 * RcFileError on a line it cannot read (the caller treats the file as absent).
 */
export function parseRcFile(text: string): RcSections {
  const sections: RcSections = new Map();
  let current: Map<string, string> | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith(';')) return;
    const section = SECTION.exec(line);
    if (section) {
      const name = section[1].trim();
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      return;
    }
    const entry = ENTRY.exec(line);
    if (!entry) throw new RcFileError(`line ${index + 1}: neither a [section] nor a key = value`);
    const key = entry[1].trim();
    if (key === '') throw new RcFileError(`line ${index + 1}: empty key`);
    // keys before the first section have nowhere to go (the reference crashes on them)
    current?.set(key, rcValue(entry[2].trim(), index + 1));
  });
  return sections;
}

function rcValue(text: string, line: number): string {
  const quoted = /^"([^"]*)"\s*(;.*)?$/.exec(text);
  if (quoted) return quoted[1];
  // outside quotes, `;` starts a comment, as in PHP
  const value = text.split(';')[0].trim();
  if (value.includes('"')) throw new RcFileError(`line ${line}: unbalanced double quote`);
  const lower = value.toLowerCase();
  if (TRUE.has(lower)) return '1';
  if (FALSE.has(lower)) return '';
  return value;
}
