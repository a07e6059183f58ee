import { isCompleteAnswer, messageCommand, parseAnswer } from './daemon-protocol';

describe('the linphone daemon protocol', () => {
  it('sends one line: message sip:<to> <body>', () => {
    expect(messageCommand('bob@sip.example.org', 'Hello there')).toBe('message sip:bob@sip.example.org Hello there\n');
  });

  it("reads the daemon's answers", () => {
    expect(Object.fromEntries(parseAnswer('Status: Ok\n\nId: DHCeCC3BPQ\n\n'))).toEqual({ Status: 'Ok', Id: 'DHCeCC3BPQ' });
    expect(Object.fromEntries(parseAnswer('Status: Error\nReason: Bad sip uri.\n'))).toEqual({ Status: 'Error', Reason: 'Bad sip uri.' });
  });

  it('splits on CRLF, LF or CR, keeps the text after the first colon, skips lines without one', () => {
    expect(Object.fromEntries(parseAnswer('Status: Ok\r\nnoise\rId:  a:b  \r\n'))).toEqual({ Status: 'Ok', Id: 'a:b' });
    expect(parseAnswer('').size).toBe(0);
    expect(parseAnswer('garbage without colon\n').size).toBe(0);
  });

  it('knows an answer cut short by its missing line end', () => {
    expect(isCompleteAnswer('Status: Ok\n\nId: 42\n\n')).toBe(true);
    expect(isCompleteAnswer('Status: Error\r\n')).toBe(true);
    expect(isCompleteAnswer('Status: Ok\n\nId: 4')).toBe(false);
    expect(isCompleteAnswer('Stat')).toBe(false);
    expect(isCompleteAnswer('')).toBe(false);
  });
});
