import { parseIso8601 } from './iso-8601';

const utc = (value: string) => parseIso8601(value)?.toISOString();

describe('parseIso8601 (the iso_date rule, stored in UTC to the second)', () => {
  it("reads Flexisip's form", () => {
    expect(utc('2017-07-21T17:32:28Z')).toBe('2017-07-21T17:32:28.000Z');
  });

  it('applies offsets in every written form, and takes a value without zone as UTC', () => {
    expect(utc('2024-12-10T12:26:40+02:00')).toBe('2024-12-10T10:26:40.000Z');
    expect(utc('2024-12-10T12:26:40+0200')).toBe('2024-12-10T10:26:40.000Z');
    expect(utc('2024-12-10T12:26:40+02')).toBe('2024-12-10T10:26:40.000Z');
    expect(utc('2024-12-10T05:26:40-05:30')).toBe('2024-12-10T10:56:40.000Z');
    expect(utc('2024-12-31T23:30:00-01:00')).toBe('2025-01-01T00:30:00.000Z');
    expect(utc('2024-12-10 10:26:40')).toBe('2024-12-10T10:26:40.000Z');
    expect(utc('2024-12-10t10:26:40z')).toBeUndefined();
    expect(utc('2024-12-10T10:26:40z')).toBe('2024-12-10T10:26:40.000Z');
  });

  it('drops fractions of a second; a fraction of an hour or minute is a part of it', () => {
    expect(utc('2024-12-10T10:26:40.987654Z')).toBe('2024-12-10T10:26:40.000Z');
    expect(utc('2024-12-10T10:26:40,5Z')).toBe('2024-12-10T10:26:40.000Z');
    expect(utc('2024-12-10T10.5Z')).toBe('2024-12-10T10:30:00.000Z');
    expect(utc('2024-12-10T10:26.5Z')).toBe('2024-12-10T10:26:30.000Z');
  });

  it('reads basic forms, week dates, ordinal dates, a year alone and 24:00', () => {
    expect(utc('20241210T102640Z')).toBe('2024-12-10T10:26:40.000Z');
    expect(utc('2024-W01-1')).toBe('2024-01-01T00:00:00.000Z');
    expect(utc('2020-W53-1')).toBeUndefined(); // the pattern stops at week 52
    expect(utc('2021-W01')).toBe('2021-01-04T00:00:00.000Z');
    expect(utc('2024W107')).toBe('2024-03-10T00:00:00.000Z');
    expect(utc('2024-060')).toBe('2024-02-29T00:00:00.000Z');
    expect(utc('2024')).toBe('2024-01-01T00:00:00.000Z');
    expect(utc('2024-12-10T24:00')).toBe('2024-12-11T00:00:00.000Z');
    expect(utc('2024-12-10T10:26')).toBe('2024-12-10T10:26:00.000Z');
  });

  it('refuses what does not match, or names no real day, or lies outside the years 1000-9999', () => {
    for (const value of [
      '',
      'yesterday',
      '2024-13-01',
      '2024-02-30',
      '2023-02-29',
      '2023-366',
      '2024-W00',
      '2024-12-10T25:00',
      '2024-12-10T10:26:60',
      '2024-12-10T10:26:40+24:00',
      '2024-12-10T24:00:01',
      '2024-12-10T30', // a PCRE back-reference to an unset group fails (JavaScript would match it)
      '10/12/2024',
      '0999-12-31T23:59:59Z',
      '9999-12-31T23:00:00-05:00',
      '-2024-01-01',
    ]) {
      expect([value, utc(value)]).toEqual([value, undefined]);
    }
    expect(parseIso8601(20241210)).toBeUndefined();
    expect(parseIso8601(null)).toBeUndefined();
  });
});
