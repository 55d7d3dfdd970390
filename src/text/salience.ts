/**
 * Document-level signals of a sentence's topic salience, computed over the whole document (a
 * debate transcript, an article) at scoring time: does what the sentence talks about recur in the
 * rest of the document, do the next sentences pick its terms up, and does one of them dispute it
 * ("That's not true.")? A desk checks what a debate keeps coming back to and what the opponent
 * contests; the sentence's own words cannot say that. Linear in the document's length.
 */
import { scoredPart } from './features';

export interface DocumentSignals {
  /** Content terms of the sentence (distinct; 3+ letters, outside a stop list). */
  terms: number;
  /** Share of them found in another sentence more than WINDOW sentences away. */
  recurring: number;
  /** Mean over the terms of log(1 + such sentences) / log(1 + sentences in the document). */
  salience: number;
  /** The largest number of such sentences for one term. */
  peak: number;
  /** Terms that one of the next ECHO sentences repeats. */
  echoed: number;
  /** The next sentence (1) or the one after (2) disputes something; 0 = neither. */
  disputedAt: number;
}

/** Nearby sentences repeat a topic anyway: recurrence counts only sentences farther than this. */
const WINDOW = 2;
const ECHO = 3;
const TERM_RE = /[\p{L}][\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
const DISPUTE_RE =
  /\b(?:not true|isn['’]t true|untrue|false|wrong|a lie|lies|lying|liar|not correct|incorrect|fact[- ]?check\w*|never said|didn['’]t say|not what (?:i|he|she) said|distort\w*|misrepresent\w*|nonsense|ridiculous)\b/i;
const STOP = new Set(
  `the and but for with from into over under again then once also very well this that these those are was were been being
have has had having would could should will shall can may might must does did doing done not nor only own same than too just
now here there when where why how all any both each few more most other some such what which who whom whose about because
while until against between through during before after above below off out down they them their theirs you your yours his
her hers its our ours him she we me my mine let lot get got going gone know think want say said says tell told thing things
people one two yes yeah okay fine well really right sure thank thanks going make made like just even much many way back look
good evening morning afternoon night welcome ahead please sir madam`.split(/\s+/),
);

function termsOf(sentence: string): string[] {
  const terms = new Set<string>();
  for (const [token] of scoredPart(sentence).matchAll(TERM_RE)) {
    const term = token.toLowerCase();
    if (term.length >= 3 && !STOP.has(term)) terms.add(term);
  }
  return [...terms];
}

/** Signals of every sentence of a document, in order. */
export function documentSignals(sentences: readonly string[]): DocumentSignals[] {
  const terms = sentences.map(termsOf);
  const sets = terms.map((t) => new Set(t));
  const documentFrequency = new Map<string, number>();
  for (const t of terms) for (const term of t) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const disputes = sentences.map((s) => DISPUTE_RE.test(scoredPart(s)));
  const logSize = Math.log1p(sentences.length);
  return terms.map((t, i) => {
    let recurring = 0;
    let salience = 0;
    let peak = 0;
    let echoed = 0;
    for (const term of t) {
      let near = 0;
      for (let j = Math.max(0, i - WINDOW); j <= Math.min(sentences.length - 1, i + WINDOW); j++) if (sets[j].has(term)) near++;
      const far = documentFrequency.get(term)! - near;
      if (far > 0) recurring++;
      salience += Math.log1p(far);
      peak = Math.max(peak, far);
      for (let j = i + 1; j <= Math.min(sentences.length - 1, i + ECHO); j++)
        if (sets[j].has(term)) {
          echoed++;
          break;
        }
    }
    const n = t.length;
    return {
      terms: n,
      recurring: n > 0 ? recurring / n : 0,
      salience: n > 0 ? salience / n / logSize : 0,
      peak,
      echoed,
      disputedAt: disputes[i + 1] ? 1 : disputes[i + 2] ? 2 : 0,
    };
  });
}
