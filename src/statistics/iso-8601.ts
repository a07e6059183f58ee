/**
 * The reference's `iso_date` rule (statistics.md), verbatim: calendar, week
 * or ordinal dates, an optional `T` or space and time, optional fraction and
 * zone. The groups read below: 1 year; 5 month, 7 day; 8 week, 9 weekday;
 * 10 day of the year; 14 the time's hour-minute part (`24:00` alone), 15
 * hour, 16 minute with its separator, 17 the time separator, 18 a fraction
 * of the last of hour/minute, 19 seconds with separator and fraction; 21
 * zone, 22 its sign, 23 hours, 24 minutes.
 */
export const ISO_8601 =
  /^([+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24:?00)([.,]\d+(?!:))?)?(\17[0-5]\d([.,]\d+)?)?([zZ]|([+-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$/;

const DAY = 86_400_000;

/** The years a DATETIME column holds on MySQL. */
const FIRST_YEAR = 1000;
const LAST_YEAR = 9999;

const decimal = (text: string): number => Number(text.replace(',', '.'));

/** Midnight UTC of a calendar date, or undefined when the day does not exist (February 30). */
function calendarDay(year: number, month: number, day: number): number | undefined {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date.getTime() : undefined;
}

/** Midnight UTC of the ISO week date (week 1 holds January 4th; Monday is day 1). */
function weekDay(year: number, week: number, weekday: number): number | undefined {
  if (week < 1) return undefined;
  const january4 = calendarDay(year, 1, 4)!;
  const monday = january4 - ((new Date(january4).getUTCDay() + 6) % 7) * DAY;
  return monday + ((week - 1) * 7 + weekday - 1) * DAY;
}

function ordinalDay(year: number, ordinal: number): number | undefined {
  const first = calendarDay(year, 1, 1)!;
  const day = first + (ordinal - 1) * DAY;
  return new Date(day).getUTCFullYear() === year ? day : undefined;
}

/**
 * The instant an `iso_date` input names, in UTC and to the second (the
 * columns keep seconds): an offset is applied, no zone is UTC (deviation 12);
 * undefined when the text does not match, names no real day, or falls
 * outside the years 1000-9999.
 */
export function parseIso8601(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_8601.exec(value);
  // PCRE (the reference's engine) fails a back-reference to a group that did not take part; JavaScript matches it empty
  if (!m || (m[19] !== undefined && m[17] === undefined)) return undefined;
  const year = Number(m[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) return undefined;
  const day = m[5]
    ? calendarDay(year, Number(m[5]), m[7] ? Number(m[7]) : 1)
    : m[8]
      ? weekDay(year, Number(m[8]), m[9] ? Number(m[9].slice(-1)) : 1)
      : m[10]
        ? ordinalDay(year, Number(m[10]))
        : calendarDay(year, 1, 1);
  if (day === undefined) return undefined;

  let time = 0;
  if (m[14] !== undefined) {
    const hour = m[15] === undefined ? 24 : Number(m[15]);
    const minute = m[16] ? Number(m[16].slice(-2)) : 0;
    const second = m[19] ? decimal(m[19].slice((m[17] ?? '').length)) : 0;
    // a fraction right after the hour or the minute is a part of that unit
    const fraction = m[18] ? decimal(`0${m[18]}`) * (m[16] ? 60_000 : 3_600_000) : 0;
    if (hour === 24 && (second > 0 || fraction > 0)) return undefined;
    time = hour * 3_600_000 + minute * 60_000 + second * 1000 + fraction;
  }
  const offset = m[22] ? (m[22] === '-' ? -1 : 1) * (Number(m[23]) * 60 + Number(m[24] ?? 0)) * 60_000 : 0;
  const instant = new Date(Math.floor((day + time - offset) / 1000) * 1000);
  const utcYear = instant.getUTCFullYear();
  return utcYear < FIRST_YEAR || utcYear > LAST_YEAR ? undefined : instant;
}
