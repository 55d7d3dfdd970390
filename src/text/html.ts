import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

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

function isHidden(el: Element): boolean {
  const a = el.attribs;
  if (!a) return false;
  if (a.hidden !== undefined) return true;
  if (a['aria-hidden'] !== undefined && a['aria-hidden'].trim().toLowerCase() === 'true') return true;
  if (a.style && HIDDEN_STYLE.test(a.style)) return true;
  if (el.name === 'input' && (a.type ?? '').toLowerCase() === 'hidden') return true;
  return false;
}

const BREAK_PARA = '\u0000P';
const BREAK_LINE = '\u0000L';

/**
 * Convert HTML to plain text with paragraph structure:
 * block elements become paragraph breaks ("\n\n"), <br> a line break ("\n"),
 * whitespace inside a block is collapsed, entities are decoded, and scripts, styles,
 * comments, templates and hidden elements are dropped.
 */
export function htmlToText(html: string): string {
  if (!html) return '';
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const out: string[] = [];
  const walk = (nodes: ChildNode[], pre: boolean): void => {
    for (const node of nodes) {
      if (node.type === 'text') {
        let t = (node as unknown as { data: string }).data.replace(/\u0000/g, '');
        if (pre) {
          t = t
            .replace(/\r\n?/g, '\n')
            .replace(/[^\S\n]+/g, ' ')
            .replace(/\n/g, BREAK_LINE);
        } else {
          t = t.replace(/[\s\u00a0]+/g, ' ');
        }
        out.push(t);
      } else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
        const el = node;
        const name = el.name;
        if (SKIP.has(name) || isHidden(el)) continue;
        if (name === 'br') {
          out.push(BREAK_LINE);
          continue;
        }
        if (name === 'wbr') continue;
        const block = BLOCK.has(name);
        if (block) out.push(BREAK_PARA);
        walk(el.children, pre || name === 'pre');
        if (block) out.push(BREAK_PARA);
      } else if (node.type === 'cdata' || node.type === 'root') {
        walk((node as unknown as { children: ChildNode[] }).children, pre);
      }
      // comments, directives: dropped
    }
  };
  walk(doc.children, false);
  const joined = out.join('');
  // Assemble lines: split on break markers, trim spaces, keep paragraph structure.
  const parts = joined.split(/(\u0000[PL])/);
  let text = '';
  let pending: '' | '\n' | '\n\n' = '';
  for (const part of parts) {
    if (part === BREAK_PARA) {
      if (text) pending = '\n\n';
    } else if (part === BREAK_LINE) {
      // Two consecutive <br> (an empty line) make a paragraph break.
      if (text) pending = pending ? '\n\n' : '\n';
    } else {
      const t = part.replace(/ {2,}/g, ' ');
      if (t.trim() === '') continue;
      const trimmedStart = pending ? t.replace(/^ +/, '') : text ? t : t.replace(/^ +/, '');
      if (pending) {
        text = text.replace(/ +$/, '') + pending;
        pending = '';
      } else if (text.endsWith(' ') && trimmedStart.startsWith(' ')) {
        text += trimmedStart.slice(1);
        continue;
      }
      text += trimmedStart;
    }
  }
  return text.replace(/ +$/g, '').replace(/ +\n/g, '\n').trim();
}
