import { Tokenizer } from 'htmlparser2';

/** Elements whose content never reaches the extracted text. */
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'meta',
  'link',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'select',
  'option',
  'datalist',
  'textarea',
  'input',
  'button',
  'map',
  'area',
]);

/** Elements that start and end a paragraph ("\n\n"). */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'ul',
  'caption',
  'td',
  'th',
  'listing',
  'plaintext',
  'xmp',
]);

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))\s*(?:!important\s*)?(?:;|$)/i;

/** Elements without content or end tag. */
const VOID = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'image',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

const CLOSES_P = new Set(['p']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const FORM_CONTROLS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const DD_DT = new Set(['dd', 'dt']);
const TABLE_SECTIONS = new Set(['thead', 'tbody']);
/** An opening tag closes these open elements first (the HTML rules htmlparser2 applies too). */
const OPEN_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['a', new Set(['a'])],
  ['li', new Set(['li'])],
  ['select', FORM_CONTROLS],
  ['input', FORM_CONTROLS],
  ['output', FORM_CONTROLS],
  ['button', FORM_CONTROLS],
  ['datalist', FORM_CONTROLS],
  ['textarea', FORM_CONTROLS],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DD_DT],
  ['dt', DD_DT],
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', TABLE_SECTIONS],
  ['tfoot', TABLE_SECTIONS],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((name): [string, Set<string>] => [name, HEADINGS]),
  ...[
    'p',
    'address',
    'article',
    'aside',
    'blockquote',
    'details',
    'div',
    'dl',
    'fieldset',
    'figcaption',
    'figure',
    'footer',
    'form',
    'header',
    'hr',
    'main',
    'nav',
    'ol',
    'pre',
    'section',
    'table',
    'ul',
  ].map((name): [string, Set<string>] => [name, CLOSES_P]),
]);

function isHidden(name: string, attribs: Record<string, string>): boolean {
  if (attribs.hidden !== undefined) return true;
  if (attribs['aria-hidden'] !== undefined && attribs['aria-hidden'].trim().toLowerCase() === 'true') return true;
  if (attribs.style && HIDDEN_STYLE.test(attribs.style)) return true;
  if (name === 'input' && (attribs.type ?? '').toLowerCase() === 'hidden') return true;
  return false;
}

interface OpenElement {
  name: string;
  /** Its content never reaches the text (a skipped or hidden element). */
  dropped: boolean;
  block: boolean;
}

/**
 * Builds the text from a stream of text runs and break marks, in one pass and with array pieces
 * (never re-copying what is already built): whitespace runs become one space, spaces around breaks
 * are dropped, a paragraph break is "\n\n" and a line break "\n" (two line breaks in a row make a
 * paragraph break), and nothing leads or trails.
 */
class TextBuilder {
  private readonly pieces: string[] = [];
  private part: string[] = [];
  private pending: '' | '\n' | '\n\n' = '';

  text(chunk: string): void {
    this.part.push(chunk);
  }

  paragraphBreak(): void {
    this.flushPart();
    if (this.pieces.length > 0) this.pending = '\n\n';
  }

  lineBreak(): void {
    this.flushPart();
    if (this.pieces.length > 0) this.pending = this.pending ? '\n\n' : '\n';
  }

  build(): string {
    this.flushPart();
    this.trimLastPiece();
    return this.pieces.join('').trim();
  }

  /** The text between two breaks, joined once. */
  private flushPart(): void {
    if (this.part.length === 0) return;
    const joined = this.part.length === 1 ? this.part[0] : this.part.join('');
    this.part = [];
    const part = joined.replace(/ {2,}/g, ' ');
    if (!/\S/.test(part)) return;
    if (this.pending) {
      this.trimLastPiece();
      this.pieces.push(this.pending, part.replace(/^ +/, ''));
      this.pending = '';
    } else if (this.pieces.length === 0) {
      this.pieces.push(part.replace(/^ +/, ''));
    } else if (part.startsWith(' ') && this.pieces[this.pieces.length - 1].endsWith(' ')) {
      this.pieces.push(part.slice(1));
    } else {
      this.pieces.push(part);
    }
  }

  private trimLastPiece(): void {
    const last = this.pieces.length - 1;
    if (last >= 0 && this.pieces[last].endsWith(' ')) this.pieces[last] = this.pieces[last].replace(/ +$/, '');
  }
}

/**
 * Convert HTML to plain text with paragraph structure:
 * block elements become paragraph breaks ("\n\n"), <br> a line break ("\n"),
 * whitespace inside a block is collapsed, entities are decoded, and scripts, styles,
 * comments, templates and hidden elements are dropped.
 *
 * Linear in the input, whatever its shape: htmlparser2's tokenizer feeds an explicit stack of open
 * elements (push and pop at its end; a count per tag name answers whether an end tag matches anything
 * open), so 100,000 nested or unclosed elements cost no recursion and no re-scan of the stack, and no
 * document tree is built.
 */
export function htmlToText(html: string): string {
  if (!html) return '';
  const out = new TextBuilder();
  const stack: OpenElement[] = [];
  const openCount = new Map<string, number>();
  let droppedDepth = 0;
  let preDepth = 0;
  let foreignDepth = 0;
  let tagName = '';
  let attribs: Record<string, string> = {};
  let attribName = '';
  let attribValue = '';

  const push = (element: OpenElement): void => {
    stack.push(element);
    openCount.set(element.name, (openCount.get(element.name) ?? 0) + 1);
    if (element.dropped) droppedDepth += 1;
    if (element.name === 'pre') preDepth += 1;
    if (element.name === 'svg' || element.name === 'math') foreignDepth += 1;
    if (element.block && droppedDepth === 0) out.paragraphBreak();
  };
  const pop = (): OpenElement => {
    const element = stack.pop()!;
    openCount.set(element.name, openCount.get(element.name)! - 1);
    if (element.block && droppedDepth === 0) out.paragraphBreak();
    if (element.dropped) droppedDepth -= 1;
    if (element.name === 'pre') preDepth -= 1;
    if (element.name === 'svg' || element.name === 'math') foreignDepth -= 1;
    return element;
  };
  const emitText = (data: string): void => {
    if (droppedDepth > 0) return;
    const text = data.replace(/\u0000/g, '');
    if (preDepth === 0) {
      out.text(text.replace(/[\s\u00a0]+/g, ' '));
      return;
    }
    const lines = text
      .replace(/\r\n?/g, '\n')
      .replace(/[^\S\n]+/g, ' ')
      .split('\n');
    lines.forEach((line, index) => {
      if (index > 0) out.lineBreak();
      out.text(line);
    });
  };
  const openTag = (): void => {
    const name = tagName === 'image' ? 'img' : tagName;
    tagName = '';
    if (!name) return;
    if (name === 'form' && (openCount.get('form') ?? 0) > 0) return; // a second <form> is ignored
    const closes = OPEN_IMPLIES_CLOSE.get(name);
    if (closes) while (stack.length > 0 && closes.has(stack[stack.length - 1].name)) pop();
    const dropped = SKIP.has(name) || isHidden(name, attribs);
    if (VOID.has(name)) {
      if (dropped || droppedDepth > 0) return;
      if (name === 'br') out.lineBreak();
      else if (BLOCK.has(name)) out.paragraphBreak();
      return;
    }
    push({ name, dropped, block: BLOCK.has(name) });
  };
  const closeTag = (name: string): void => {
    if (VOID.has(name)) {
      if (name === 'br' && droppedDepth === 0) out.lineBreak(); // </br> counts as <br>
      return;
    }
    if ((openCount.get(name) ?? 0) > 0) {
      while (pop().name !== name);
    } else if (name === 'p' && droppedDepth === 0) {
      out.paragraphBreak(); // a stray </p> is an empty paragraph
    }
  };

  const slice = (start: number, end: number): string => html.slice(start, end);
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      ontext: (start, end) => emitText(slice(start, end)),
      ontextentity: (codePoint) => emitText(String.fromCodePoint(codePoint)),
      onopentagname: (start, end) => {
        tagName = slice(start, end).toLowerCase();
        attribs = {};
      },
      onattribname: (start, end) => {
        attribName = slice(start, end).toLowerCase();
        attribValue = '';
      },
      onattribdata: (start, end) => {
        attribValue += slice(start, end);
      },
      onattribentity: (codePoint) => {
        attribValue += String.fromCodePoint(codePoint);
      },
      onattribend: () => {
        if (!(attribName in attribs)) attribs[attribName] = attribValue;
        attribName = '';
        attribValue = '';
      },
      onopentagend: () => openTag(),
      onselfclosingtag: () => {
        const name = tagName;
        openTag();
        // Only foreign content (svg, math) knows self-closing tags; HTML ignores the slash.
        if (foreignDepth > 0 && stack.length > 0 && stack[stack.length - 1].name === name) pop();
      },
      onclosetag: (start, end) => closeTag(slice(start, end).toLowerCase()),
      oncdata: () => undefined,
      oncomment: () => undefined,
      ondeclaration: () => undefined,
      onprocessinginstruction: () => undefined,
      onend: () => undefined,
      isInForeignContext: () => foreignDepth > 0,
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  while (stack.length > 0) pop();
  return out.build();
}
