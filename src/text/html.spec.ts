import { htmlToText } from './html';

describe('htmlToText', () => {
  it('drops scripts, styles, noscript, templates and comments', () => {
    const html = `<html><head><title>T</title><style>p { color: red }</style><script>var secret = 1;</script></head>
      <body><p>Visible <!-- hidden comment --> text.</p><noscript>Enable JS</noscript><template><p>tpl</p></template>
      <script type="application/ld+json">{"a":1}</script></body></html>`;
    const text = htmlToText(html);
    expect(text).toBe('Visible text.');
    for (const bad of ['secret', 'color', 'comment', 'Enable JS', 'tpl', '"a"']) expect(text).not.toContain(bad);
  });

  it('drops hidden elements (hidden attribute, aria-hidden, display:none, visibility:hidden)', () => {
    const html = `<p>A<span hidden>h1</span> <span aria-hidden="true">h2</span><span aria-hidden="false">B</span>
      <span style="display: none;">h3</span><span style="color:red; VISIBILITY:hidden">h4</span><div style="display:none"><p>h5</p></div>
      <span style="display:block">C</span></p>`;
    const text = htmlToText(html);
    expect(text).not.toMatch(/h[1-5]/);
    expect(text).toContain('A');
    expect(text).toContain('B');
    expect(text).toContain('C');
  });

  it('decodes entities', () => {
    expect(htmlToText('<p>Tom &amp; Jerry &lt;3 &quot;cheese&quot; &#8212; caf&eacute; &#x2019;s &nbsp;x</p>')).toBe(
      'Tom & Jerry <3 "cheese" — café ’s x',
    );
  });

  it('turns block elements into paragraph breaks and <br> into a line break, collapsing whitespace', () => {
    const html =
      '<h1>Headline  here</h1><p>First\n   para.<br>Second line.</p><div>Block</div><ul><li>one</li><li>two</li></ul><p>a<br><br>b</p>';
    expect(htmlToText(html)).toBe('Headline here\n\nFirst para.\nSecond line.\n\nBlock\n\none\n\ntwo\n\na\n\nb');
  });

  it('keeps inline elements inline', () => {
    expect(htmlToText('<p>The <b>U.S.</b> <a href="#">economy</a> grew <em>2.5%</em>.</p>')).toBe('The U.S. economy grew 2.5%.');
  });

  it('copes with malformed HTML and empty input', () => {
    expect(htmlToText('')).toBe('');
    expect(htmlToText('<p>unclosed <b>bold <p>next')).toBe('unclosed bold\n\nnext');
    expect(htmlToText('plain text')).toBe('plain text');
  });
});
