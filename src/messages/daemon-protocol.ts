/**
 * The linphone daemon's command protocol (liblinphone's `daemon/`): one
 * command per line; every answer line ends with `\n`:
 * `Status: Ok|Error`, maybe `Reason: …`, then a blank line and a body
 * (`Id: …` for `message`).
 */

/** The one command line of `message`; the values are validated first (no line break, no space in `to`). */
export const messageCommand = (to: string, body: string): string => `message sip:${to} ${body}\n`;

/** The daemon writes an answer at once, each line ending with a line break: one cut short does not. */
export const isCompleteAnswer = (text: string): boolean => /[\r\n]$/.test(text);

/**
 * `key: value` of every non-empty line holding a colon (misc.md): the key is
 * the text before the first colon, the value the rest, trimmed; lines without
 * a colon are skipped; a repeated key keeps its last value.
 */
export function parseAnswer(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r\n|\n|\r/)) {
    const colon = line.indexOf(':');
    if (colon === -1 || line.trim() === '') continue;
    fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}
