import { rulesFor, type AbbrevClass, type CompiledRules } from './abbreviations';
import { primaryLanguage } from './language';

export interface SentenceSpan {
  /** The sentence, exactly `source.slice(start, end)` (trimmed). */
  text: string;
  start: number;
  end: number;
}

interface Piece {
  start: number;
  end: number;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(lang: string): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    try {
      s = new Intl.Segmenter(lang === 'und' ? undefined : lang, { granularity: 'sentence' });
    } catch {
      s = new Intl.Segmenter(undefined, { granularity: 'sentence' });
    }
    if (segmenters.size < 256) segmenters.set(lang, s); // bounded: languages come from API callers
  }
  return s;
}

/**
 * V8 spends time proportional to the whole input at every step of a segment iterator, so a long line
 * with many sentences is quadratic. ICU is therefore fed windows of ICU_WINDOW characters; a break
 * within ICU_MARGIN characters of a window's cut (where ICU could not see what follows) is not trusted
 * and the next window starts at the last trusted break.
 */
const ICU_WINDOW = 1024;
const ICU_MARGIN = 64;

/** [start, end) of ICU's sentence segments of `line`, in linear time (see ICU_WINDOW). */
function* icuSegments(seg: Intl.Segmenter, line: string): Generator<[number, number]> {
  let from = 0;
  let size = ICU_WINDOW;
  while (from < line.length) {
    const to = Math.min(line.length, from + size);
    const last = to === line.length;
    let next = -1;
    for (const s of seg.segment(line.slice(from, to))) {
      const end = from + s.index + s.segment.length;
      if (!last && end > to - ICU_MARGIN) break;
      yield [from + s.index, end];
      next = end;
      // A window grown past a long sentence yields that sentence only; the rest gets normal windows.
      if (size > ICU_WINDOW) break;
    }
    if (next < 0) size *= 2;
    else {
      from = next;
      size = ICU_WINDOW;
    }
  }
}

// Whitespace (incl. NBSP, zero-width, BOM) that is trimmed from sentence edges.
const SPACE = /[\s\u200b-\u200d\u2060\ufeff]/;
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029\u000b\u000c\u0085]/g;
const CONTENT = /[\p{L}\p{N}]/u;
const LIST_MARKER = /^(?:[-–—•·*▪►‣◦]|\(?(?:\d{1,3}|[A-Za-z]|[ivxlcdmIVXLCDM]{1,6})[.)])$/;
const OPENERS = /^[\s([{"'“‘«„‚‹¿¡—–-]+/u;
const NEXT_WORD = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'’-]*/u;
const TERMINAL_THEN_CLOSERS = /[.!?…。！？।؟‼⁉][\s"'”’»›“」』)\]]*$/u;
const CLOSING_QUOTE_END = /[.!?…。！？।؟‼⁉,،]\s*["'”’»›“「」』]+$|["”’»›」』]$/u;
/**
 * Breaks ICU misses: an ellipsis followed by a capitalised word (ICU does not treat "…" as a
 * terminator); a terminator followed by a dialogue dash and a capital ("відповів він. – А що…": ICU
 * treats dashes as continuing the sentence); two or more periods before a Han character ("基地..另外").
 */
const EXTRA_BREAK =
  /(?:…|\.\.\.)["'”’»)]*(?=\s+["'“‘«(]?\p{Lu})|[.!?…]["'”’»)]*(?=\s+[–—]\s*["'“‘«(]?\p{Lu})|(?<!\.)\.{2,}(?=[\u3400-\u9fff])/gu;
/** Opening brackets and quotes that ICU leaves at the end of the previous sentence ("。「文化大革命」"). */
const OPENER = /[「『《〈【（“‘«]/u;
const TERMINAL = /[.!?…。！？]/u;
/** A piece made only of citation marks ("[17]", "[6][7]") belongs to the sentence before it. */
const CITATIONS = /^(?:\[\d{1,4}\])+$/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const LEADING_CITATIONS = /^(?:\[\d{1,4}\])+/;
const HAN = /[\u3400-\u9fff]/;

const QUOTE_PAIRS: string[] = ['"', '«»', '“”„', '‘’‚', '‹›', '「」', '『』', "'"];
const ROMAN = /^[IVXLCDM]+$/;
/** Closing quotes and brackets that ICU may leave at the start of the next piece. */
const CLOSER = /["'”’»›」』)\]“]/u;
const QUOTE_CHARS = new Set([...QUOTE_PAIRS.join(''), '(', ')', '[', ']']);
/**
 * How many characters at the end of the sentence built so far the merge rules look at (abbreviations,
 * initials, closing quotes): enough for any abbreviation, and it keeps segmentation linear in the text.
 */
const LOOKBACK = 128;

function trimPiece(text: string, p: Piece): Piece {
  let { start, end } = p;
  while (start < end && SPACE.test(text[start])) start++;
  while (end > start && SPACE.test(text[end - 1])) end--;
  return { start, end };
}

function lookup(rules: CompiledRules, core: string): AbbrevClass | undefined {
  return rules.exact.get(core) ?? rules.lower.get(core.toLowerCase());
}

/**
 * Quote and bracket counts over a piece, so that "does this character close a quotation opened in
 * the piece?" is answered in constant time while closing quotes are moved back onto it.
 */
class QuoteBalance {
  private readonly counts = new Map<string, number>();
  constructor(text: string, start: number, end: number) {
    for (let i = start; i < end; i++) this.add(text[i]);
  }
  add(c: string): void {
    if (QUOTE_CHARS.has(c)) this.counts.set(c, (this.counts.get(c) ?? 0) + 1);
  }
  private n(c: string): number {
    return this.counts.get(c) ?? 0;
  }
  closes(c: string): boolean {
    if (c === ')') return this.n('(') > this.n(')');
    if (c === ']') return this.n('[') > this.n(']');
    const pair = QUOTE_PAIRS.find((p) => p.includes(c));
    if (!pair) return false;
    let n = 0;
    for (const ch of pair) n += this.n(ch);
    return n % 2 === 1;
  }
}

/** Start of the last whitespace-free run of `s` (`s.length` when `s` ends in a space). */
function lastTokenStart(s: string): number {
  let i = s.length;
  while (i > 0 && !SPACE.test(s[i - 1])) i--;
  return i;
}

function words(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[\s,;:.!?"'“”‘’«»„—–()[\]؟،。，！？।॥]+/u)
    .filter(Boolean);
}

function isAttribution(next: string, rules: CompiledRules, lang: string): boolean {
  if (rules.reporting.size === 0) return false;
  if (lang === 'zh' || lang === 'ja') {
    if (next.length > 16) return false;
    for (const v of rules.reporting) if (next.includes(v)) return true;
    return false;
  }
  const w = words(next);
  if (w.length === 0 || w.length > 9) return false;
  for (let i = 0; i < Math.min(w.length, 6); i++) if (rules.reporting.has(w[i])) return true;
  return false;
}

/**
 * Should the piece `next` continue the sentence `cur`? Only the last LOOKBACK characters of `cur` are
 * read, so that merging the pieces of a line costs time linear in the line.
 */
function shouldMerge(text: string, cur: Piece, next: string, rules: CompiledRules, lang: string): boolean {
  const whole = cur.end - cur.start <= LOOKBACK;
  const prev = text.slice(whole ? cur.start : cur.end - LOOKBACK, cur.end);
  // A bare list marker ("1.", "a)", "•") belongs to the item that follows.
  if (whole && LIST_MARKER.test(prev)) return true;
  if (CITATIONS.test(next)) return true;

  const stripped = next.replace(OPENERS, '');
  const nextWordMatch = NEXT_WORD.exec(stripped);
  const nextWord = nextWordMatch ? nextWordMatch[0] : '';
  const first = stripped.charAt(0);
  const nextIsLower = first !== '' && /\p{Ll}/u.test(first);
  const nextIsDigit = first !== '' && /\p{N}/u.test(first);

  const tokenStart = lastTokenStart(prev);
  // A token that fills the whole window is longer than any abbreviation.
  if (prev.endsWith('.') && !prev.endsWith('..') && (whole || tokenStart > 0)) {
    const token = prev.slice(tokenStart).replace(/^[([{"'“‘«„‚‹¿¡]+/u, '');
    const core = token.slice(0, -1);
    if (core) {
      let cls = lookup(rules, core);
      const before = prev.slice(0, prev.length - token.length).trimEnd();
      const prevToken = before.slice(lastTokenStart(before));
      if (rules.numberFinal.has(core.toLowerCase()) && (/\d$/.test(prevToken) || ROMAN.test(prevToken))) cls = 'final';
      if (!cls) {
        if (/^\p{Lu}$/u.test(core)) {
          if (/^\p{Lu}\./u.test(stripped)) return true; // initial followed by another initial
          cls = 'mid'; // initial: "J. R. Miller", "В. В. Путин"
        } else if (/^(?:[\p{L}\p{M}]{1,4}\.)+[\p{L}\p{M}]{1,4}$/u.test(core))
          cls = 'mid'; // "U.S.A", "N.Y", "बी.जे.पी"
        else if (/^\p{Ll}$/u.test(core) && /^\p{L}{1,3}\./u.test(stripped))
          cls = 'title'; // "p. ex.", "z. B."
        else if (rules.ordinalNumbers && /^\d{1,3}$/.test(core)) {
          if (rules.months.has(nextWord.toLowerCase())) return true;
          cls = 'mid';
        }
      }
      if (cls === 'title') return true;
      if (cls === 'final') return nextIsLower || nextIsDigit;
      if (cls === 'mid') {
        if (nextIsLower || nextIsDigit) return true;
        if (!nextWord) return false;
        if (rules.starters.size === 0) return lang === 'hi' && !/\p{Lu}/u.test(first);
        return !rules.starters.has(nextWord.toLowerCase());
      }
    }
  }

  // "Yahoo! rose", "¡Qué! dijo": an exclamation or question mark followed by a lower-case word.
  if (/[!?]$/.test(prev) && nextIsLower && lang !== 'zh' && lang !== 'ja') return true;

  // Quotation followed by its attribution: "We will win!" he said. / « ... ! » a-t-il déclaré. / “…。”他说。
  if (CLOSING_QUOTE_END.test(prev) && TERMINAL_THEN_CLOSERS.test(prev)) {
    if (nextIsLower) return true;
    if (isAttribution(stripped, rules, lang)) return true;
  }
  return false;
}

function processLine(
  text: string,
  ls: number,
  le: number,
  seg: Intl.Segmenter,
  rules: CompiledRules,
  lang: string,
  out: SentenceSpan[],
): void {
  const line = text.slice(ls, le);
  if (!CONTENT.test(line)) return;
  const pieces: Piece[] = [];
  for (const [segStart, segEnd] of icuSegments(seg, line)) {
    const start = ls + segStart;
    // Split where ICU misses a break (see EXTRA_BREAK).
    let from = start;
    EXTRA_BREAK.lastIndex = 0;
    let m: RegExpExecArray | null;
    const segment = line.slice(segStart, segEnd);
    while ((m = EXTRA_BREAK.exec(segment)) !== null) {
      // " ... " between spaces marks left-out words inside a sentence, not its end.
      if (m.index > 0 && SPACE.test(segment[m.index - 1]) && m[0][0] !== '…' && m[0].startsWith('...')) continue;
      const cut = start + m.index + m[0].length;
      const p = trimPiece(text, { start: from, end: cut });
      if (p.end > p.start) pieces.push(p);
      from = cut;
    }
    const p = trimPiece(text, { start: from, end: ls + segEnd });
    if (p.end > p.start) pieces.push(p);
  }
  for (let i = 1; i < pieces.length; i++) {
    const prev = pieces[i - 1];
    const cur = pieces[i];
    // Move opening brackets that ICU left at the end of a sentence ("。「") to the sentence they open.
    let o = prev.end;
    while (o > prev.start && OPENER.test(text[o - 1])) o--;
    if (o < prev.end && o > prev.start && TERMINAL.test(text[o - 1])) {
      cur.start = o;
      prev.end = o;
      continue;
    }
    // Citation marks at the start of the next piece ("lanes. [5][6] Traffic") end the sentence before.
    const citations = LEADING_CITATIONS.exec(text.slice(cur.start, Math.min(cur.end, cur.start + 64)));
    if (citations && TERMINAL.test(text[prev.end - 1])) {
      prev.end = cur.start + citations[0].length;
      cur.start = prev.end;
      while (cur.start < cur.end && SPACE.test(text[cur.start])) cur.start++;
      continue;
    }
    // Move closing quotes that ICU left at the start of the next piece ("! »") back to their sentence;
    // a quote right before a letter opens a quotation instead ('said. "One of…').
    if (!CLOSER.test(text[cur.start])) continue;
    if (!TERMINAL_THEN_CLOSERS.test(text.slice(Math.max(prev.start, prev.end - LOOKBACK), prev.end))) continue;
    const balance = new QuoteBalance(text, prev.start, prev.end);
    let k = cur.start;
    while (k < cur.end) {
      const c = text[k];
      if (!CLOSER.test(c) || !balance.closes(c)) break;
      if (k + 1 < cur.end && LETTER_OR_DIGIT.test(text[k + 1])) break;
      balance.add(c);
      k++;
      prev.end = k;
      while (k < cur.end && SPACE.test(text[k])) k++;
    }
    cur.start = k;
  }
  let cur: Piece | null = null;
  for (const p of pieces) {
    if (p.end <= p.start) continue;
    // No space between two pieces after a period ("बी.जे.पी.", "a.m.Z"): one token, never a sentence break.
    const glued = cur !== null && p.start === cur.end && text[cur.end - 1] === '.' && !HAN.test(text[p.start]);
    if (cur && (glued || shouldMerge(text, cur, text.slice(p.start, p.end), rules, lang))) {
      cur.end = p.end;
      continue;
    }
    if (cur) pushSpan(text, cur, out);
    cur = { start: p.start, end: p.end };
  }
  if (cur) pushSpan(text, cur, out);
}

function pushSpan(text: string, p: Piece, out: SentenceSpan[]): void {
  const s = text.slice(p.start, p.end);
  if (!CONTENT.test(s)) return; // punctuation-only fragments ("***", "—") are dropped
  out.push({ text: s, start: p.start, end: p.end });
}

/**
 * Split text into sentences with exact offsets (`text.slice(start, end) === span.text`).
 * Any line break ends a sentence (headlines, list items); inside a line, ICU sentence breaks
 * (Intl.Segmenter) are corrected with per-language abbreviation, initial, ordinal, list-marker
 * and quotation-attribution rules.
 */
export function segmentSentences(text: string, language: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  if (!text) return out;
  const lang = primaryLanguage(language || 'und');
  const rules = rulesFor(lang);
  const seg = segmenterFor(lang);
  LINE_BREAK.lastIndex = 0;
  let ls = 0;
  let m: RegExpExecArray | null;
  while ((m = LINE_BREAK.exec(text)) !== null) {
    if (m.index > ls) processLine(text, ls, m.index, seg, rules, lang, out);
    ls = m.index + m[0].length;
  }
  if (ls < text.length) processLine(text, ls, text.length, seg, rules, lang, out);
  return out;
}
