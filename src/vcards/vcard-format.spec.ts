import { foldLine, MAX_PROPERTIES, MAX_SEPARATORS, normaliseVcard } from './vcard-format';

const UID = 'UID:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
const card = (...lines: string[]) => ['BEGIN:VCARD', 'VERSION:4.0', 'FN:Simon Perreault', UID, ...lines, 'END:VCARD'].join('\n');
const text = (input: string) => normaliseVcard(input)?.text;

describe('normaliseVcard (vcards.md §2, §3)', () => {
  it("the spec's example: stored byte-identical plus the final newline; its UID", () => {
    const input = card();
    expect(normaliseVcard(input)).toEqual({ uid: 'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6', text: `${input}\n` });
    expect(text(`${input}\n`)).toBe(`${input}\n`);
  });

  it('CRLF, CR, empty lines, folding, a BOM and lower-case names are read; LF and upper case are written', () => {
    const input =
      '\uFEFFbegin:vcard\r\nversion:4.0\r\n\r\nfn:Simon\r\n  Perreault\rUID:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6\r\nend:vcard\r\n';
    expect(text(input)).toBe(`BEGIN:VCARD\nVERSION:4.0\nFN:Simon Perreault\n${UID}\nEND:VCARD\n`);
  });

  it('VERSION moves to the top; the rest keeps its order; what follows END:VCARD is ignored; a missing END is tolerated', () => {
    const input = ['BEGIN:VCARD', 'FN:Simon Perreault', 'NOTE:x', 'VERSION:4.0', UID, 'END:VCARD', 'garbage'].join('\n');
    expect(text(input)).toBe(`BEGIN:VCARD\nVERSION:4.0\nFN:Simon Perreault\nNOTE:x\n${UID}\nEND:VCARD\n`);
    expect(text(['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:1'].join('\n'))).toBe('BEGIN:VCARD\nVERSION:4.0\nFN:x\nUID:1\nEND:VCARD\n');
  });

  it('groups and parameters are kept, names upper-cased, text re-escaped', () => {
    expect(text(card('item1.tel;type=home;pref=1:+33 1 23', 'NOTE:a\\, b\\nc', 'N:Doe;John;;;', 'ADR:;;1 rue;Paris;;75001;France'))).toBe(
      `BEGIN:VCARD\nVERSION:4.0\nFN:Simon Perreault\n${UID}\nITEM1.TEL;TYPE=home;PREF=1:+33 1 23\nNOTE:a\\, b\\nc\nN:Doe;John;;;\nADR:;;1 rue;Paris;;75001;France\nEND:VCARD\n`,
    );
  });

  it('long lines are folded at 75 bytes (74 after the space), never inside a UTF-8 sequence', () => {
    const note = `NOTE:${'x'.repeat(69)}é${'é'.repeat(40)}`;
    const stored = text(card(note))!;
    const folded = stored.split('\n').slice(4, -2);
    expect(folded.join('\n')).toBe(foldLine(note));
    expect(folded.every((line, i) => Buffer.byteLength(line) <= (i === 0 ? 75 : 75))).toBe(true);
    expect(Buffer.byteLength(folded[0])).toBe(74); // the next é (2 bytes) would pass 75
    expect(folded.slice(1).every((line) => line.startsWith(' '))).toBe(true);
    expect(folded.map((line, i) => (i === 0 ? line : line.slice(1))).join('')).toBe(note);
  });

  it.each([
    ['no UID', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'END:VCARD']],
    ['an empty UID', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:', 'END:VCARD']],
    ['a UID over 255 characters', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', `UID:${'u'.repeat(256)}`, 'END:VCARD']],
    ['no FN', ['BEGIN:VCARD', 'VERSION:4.0', 'UID:1', 'END:VCARD']],
    ['two FN', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'FN:y', 'UID:1', 'END:VCARD']],
    ['no VERSION', ['BEGIN:VCARD', 'FN:x', 'UID:1', 'END:VCARD']],
    ['VERSION 5.0', ['BEGIN:VCARD', 'VERSION:5.0', 'FN:x', 'UID:1', 'END:VCARD']],
    ['two UID', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:1', 'UID:2', 'END:VCARD']],
    ['two BDAY', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:1', 'BDAY:19850412', 'BDAY:19850412', 'END:VCARD']],
    ['N with two components', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:1', 'N:Doe;John', 'END:VCARD']],
    ['ADR with six components', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:1', 'ADR:;;a;b;c;d', 'END:VCARD']],
    ['a BDAY that is no date', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:1', 'BDAY:notadate', 'END:VCARD']],
    ['month 13', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:1', 'ANNIVERSARY:19851312', 'END:VCARD']],
    ['ENCODING in 4.0', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:1', 'PHOTO;ENCODING=b:AAAA', 'END:VCARD']],
    ['a control character', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x\u0007', 'UID:1', 'END:VCARD']],
    ['a line without colon', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:1', 'bad line', 'END:VCARD']],
    ['a name with _', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:1', 'X_Y:z', 'END:VCARD']],
    ['a " in a bare parameter value', ['BEGIN:VCARD', 'VERSION:4.0', 'FN;X=a"b:x', 'UID:1', 'END:VCARD']],
    ['a nested card', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:1', 'BEGIN:VCARD', 'END:VCARD', 'END:VCARD']],
    ['END of another component', ['BEGIN:VCARD', 'VERSION:4.0', 'FN:x', 'UID:1', 'END:VCALENDAR']],
    ['another first line', ['VERSION:4.0', 'FN:x', 'UID:1', 'END:VCARD']],
  ])('invalid: %s', (_name, lines) => {
    expect(normaliseVcard(lines.join('\n'))).toBeUndefined();
  });

  it.each([
    ['19850412'],
    ['1985-04-12'],
    ['--0412'],
    ['---12'],
    ['1985'],
    ['1985-04'],
    ['T102200Z'],
    ['19961022T140000'],
    ['19961022T140000+0100'],
  ])('a valid date-and-or-time: %s', (value) => {
    expect(normaliseVcard(card(`BDAY:${value}`))).toBeDefined();
  });

  it('a text BDAY, vCard 3.0 and 2.1, unknown and X- properties, N with five components are accepted', () => {
    expect(normaliseVcard(card('BDAY;VALUE=text:circa 1800'))).toBeDefined();
    expect(normaliseVcard(['BEGIN:VCARD', 'VERSION:3.0', 'FN:x', 'UID:1', 'TEL;TYPE=HOME:1', 'END:VCARD'].join('\n'))).toBeDefined();
    expect(normaliseVcard(['BEGIN:VCARD', 'VERSION:2.1', 'FN:x', 'UID:1', 'END:VCARD'].join('\n'))).toBeDefined();
    expect(normaliseVcard(card('X-LINPHONE-ACCOUNT-TYPE:phone', 'FOO-BAR:baz', 'N:Doe;John;;;'))).toBeDefined();
  });

  it('the work is bounded: at most 1,000 properties and 5,000 value separators', () => {
    expect(normaliseVcard(card(...Array<string>(MAX_PROPERTIES - 3).fill('NOTE:x')))).toBeDefined();
    expect(normaliseVcard(card(...Array<string>(MAX_PROPERTIES - 2).fill('NOTE:x')))).toBeUndefined();
    expect(normaliseVcard(card(`CATEGORIES:${'a,'.repeat(MAX_SEPARATORS)}a`))).toBeDefined();
    expect(normaliseVcard(card(`CATEGORIES:${'a,'.repeat(MAX_SEPARATORS + 1)}a`))).toBeUndefined();
  });

  it('the same text normalised twice gives the same result', () => {
    const input = card('NOTE:again');
    expect(normaliseVcard(input)).toEqual(normaliseVcard(input));
  });
});
