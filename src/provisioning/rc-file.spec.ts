import { parseRcFile, RcFileError } from './rc-file';

const asObject = (text: string) => Object.fromEntries([...parseRcFile(text)].map(([name, entries]) => [name, Object.fromEntries(entries)]));

describe('RC file (PHP parse_ini_file, sections, normal mode)', () => {
  it('keeps sections and keys in file order, trimmed; skips blank and ; comment lines', () => {
    const text = '; comment\n\n[sip]\n  default_proxy = 0 \nguess_hostname=1\n[net]\nmtu = 1300\n';
    expect([...parseRcFile(text).keys()]).toEqual(['sip', 'net']);
    expect(asObject(text)).toEqual({ sip: { default_proxy: '0', guess_hostname: '1' }, net: { mtu: '1300' } });
  });

  it('turns the PHP keywords into 1 and empty, case-insensitively; numbers stay as written', () => {
    const text = '[a]\nt=true\no=On\ny=YES\nf=false\nof=off\nn=no\nno=none\nnu=NULL\nnum=007\nfl=1.50\n';
    expect(asObject(text)).toEqual({ a: { t: '1', o: '1', y: '1', f: '', of: '', n: '', no: '', nu: '', num: '007', fl: '1.50' } });
  });

  it('takes a double-quoted value literally, keywords and ; included; cuts an unquoted value at ;', () => {
    const text = '[a]\nq="true"\nsemi="sip:x;transport=tls"\nmarkup="<b> & \'x\'"\ncomment=value ; a comment\nempty=\nemptyq=""\n';
    expect(asObject(text)).toEqual({
      a: { q: 'true', semi: 'sip:x;transport=tls', markup: "<b> & 'x'", comment: 'value', empty: '', emptyq: '' },
    });
  });

  it('a section or key met twice keeps its first place and its last value', () => {
    expect(asObject('[a]\nk=1\nj=2\n[b]\nx=1\n[a]\nk=3\n')).toEqual({ a: { k: '3', j: '2' }, b: { x: '1' } });
    expect([...parseRcFile('[a]\n[b]\n[a]\n').keys()]).toEqual(['a', 'b']);
  });

  it('ignores keys before the first section, a BOM and CRLF line ends', () => {
    expect(asObject('\uFEFForphan=1\r\n[a]\r\nk=v\r\n')).toEqual({ a: { k: 'v' } });
  });

  it('refuses a malformed line or an unbalanced quote', () => {
    expect(() => parseRcFile('[a]\njust words\n')).toThrow(RcFileError);
    expect(() => parseRcFile('[a]\nk="open\n')).toThrow(RcFileError);
    expect(() => parseRcFile('[a]\n= v\n')).toThrow(RcFileError);
    expect(() => parseRcFile('[a\nk=v\n')).toThrow(RcFileError);
  });
});
