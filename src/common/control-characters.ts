/**
 * Control characters (Unicode Cc: C0 with tab, CR and LF, DEL, C1 with NEL)
 * and the Unicode line and paragraph separators. None belongs in a one-line
 * value: Linphone writes provisioned values as `key=value` lines unescaped,
 * so a line break in a value is a new section or key (issue 15).
 */
const CONTROL = '[\\p{Cc}\\u2028\\u2029]';

const ANY_CONTROL = new RegExp(CONTROL, 'u');
const EVERY_CONTROL = new RegExp(CONTROL, 'gu');

export const hasControlCharacters = (text: string): boolean => ANY_CONTROL.test(text);

export const withoutControlCharacters = (text: string): string => text.replace(EVERY_CONTROL, '');
