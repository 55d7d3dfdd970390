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

/**
 * How much longer `run` takes on an input doubled three times (8n units) than on n units: about 8 for
 * linear work, about 64 for quadratic (two doublings left too little room: garbage collection late in a
 * long jest run once took a linear shape to 8.9 against a bound of 8). CPU time (not wall time) is measured, runs alternate between
 * the sizes and the fastest of each is kept, so other processes on a busy machine hardly move the ratio.
 * The bound is 24: unclosed inline tags measure 12-17 (the parser's stack of open elements makes them
 * mildly superlinear) and once 23 at 10,000 units, where the small run took about 1 ms; at 40,000 units
 * it takes several, so timer noise matters less, and quadratic work would still measure about 64.
 */
function growthOverThreeDoublings(run: (input: string) => unknown, shape: (n: number) => string, n: number): number {
  const small = shape(n);
  const large = shape(8 * n);
  run(large); // warm up the JIT on this shape
  let fastestSmall = Infinity;
  let fastestLarge = Infinity;
  for (let i = 0; i < 7; i += 1) {
    for (const [input, isLarge] of [[small, false] as const, [large, true] as const]) {
      const started = process.cpuUsage();
      run(input);
      const used = process.cpuUsage(started);
      const ms = (used.user + used.system) / 1000;
      if (isLarge) fastestLarge = Math.min(fastestLarge, ms);
      else fastestSmall = Math.min(fastestSmall, ms);
    }
  }
  return fastestLarge / Math.max(fastestSmall, 0.05);
}

describe('htmlToText on pathological shapes', () => {
  it('converts 20,000 nested elements without overflowing the stack', () => {
    const depth = 20_000;
    const html = '<div><span>'.repeat(depth / 2) + 'deep text' + '</span></div>'.repeat(depth / 2);
    expect(htmlToText(html)).toBe('deep text');
    expect(htmlToText('<b>'.repeat(100_000) + 'unclosed')).toBe('unclosed');
  });

  it('keeps hidden and skipped content out at any depth', () => {
    const html = '<div>'.repeat(5000) + '<span hidden>' + '<b>'.repeat(5000) + 'secret</span>visible';
    expect(htmlToText(html)).toBe('visible');
  });

  // Each shape at n and 8n units: linear work grows about 8 times, quadratic work about 64 times.
  const shapes: Record<string, (n: number) => string> = {
    'line breaks': (n) => 'a<br>'.repeat(n),
    paragraphs: (n) => '<p>word word</p>'.repeat(n),
    'nested blocks': (n) => '<div>x'.repeat(n) + '</div>'.repeat(n),
    'unclosed inline tags': (n) => '<b>'.repeat(n) + 'text',
    'unclosed tags with unmatched end tags': (n) => '<b>'.repeat(n) + '</i>'.repeat(n),
    'stray end paragraphs': (n) => 'a</p>'.repeat(n),
    'pre lines': (n) => '<pre>' + 'x  y\n'.repeat(n) + '</pre>',
    'long attribute values': (n) => `<p title="${'&amp;'.repeat(n)}">t</p>`,
  };

  it.each(Object.entries(shapes))('grows linearly: %s', (_name, shape) => {
    expect(growthOverThreeDoublings(htmlToText, shape, 40_000)).toBeLessThan(24);
  });
});
