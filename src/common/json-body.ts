/** Deviation 27: deeper input would only serve to exhaust the stack of whatever walks it. */
export const MAX_JSON_DEPTH = 64;
/** PHP's json_last_error_msg() for the same case (the reference decodes with json_decode). */
export const TOO_DEEP = 'Invalid JSON: Maximum stack depth exceeded';

type Done = (error: Error | null, body?: unknown) => void;

const invalid = (message: string): Error => Object.assign(new Error(message), { statusCode: 400 });

/** The pipeline's JSON parser: an empty body is empty input; anything else parses or is a 400. */
export function parseJson(text: string, done: Done): void {
  if (text.trim() === '') return done(null, {});
  if (deeperThan(text, MAX_JSON_DEPTH)) return done(invalid(TOO_DEEP));
  try {
    done(null, JSON.parse(text));
  } catch (error) {
    done(invalid(`Invalid JSON: ${(error as Error).message}`));
  }
}

/** Counts the open arrays and objects outside strings, without parsing (so without recursion). */
export function deeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
