import { escapeHtml, html, SafeHtml } from './html';

describe('escapeHtml', () => {
  it('escapes the five characters that can open markup or close an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('leaves everything else alone, non-ASCII included', () => {
    expect(escapeHtml('Merci, à bientôt ! 123 ✓')).toBe('Merci, à bientôt ! 123 ✓');
  });
});

describe('html``', () => {
  it('escapes interpolated text, in content and in quoted attributes', () => {
    const value = `"><script>alert(1)</script>`;
    expect(html`<input value="${value}"><p>${value}</p>`.value).toBe(
      '<input value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"><p>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });

  it('inserts nested html as is, joins arrays, renders nothing for null, undefined and false', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0');
  });

  it('returns SafeHtml, whose text is the markup', () => {
    const out = html`<b>${'x'}</b>`;
    expect(out).toBeInstanceOf(SafeHtml);
    expect(String(out)).toBe('<b>x</b>');
  });
});
