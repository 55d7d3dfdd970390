/**
 * Feature extraction for the check-worthiness scorer (shared by training and inference).
 *
 * Two feature sets:
 *  - 'en': hashed word unigrams/bigrams and character 3–5-grams (words lower-cased, numbers replaced
 *    by their shape) plus hand-made features that carry over from debate speech to news prose:
 *    numbers, percentages, money, dates, quantity and statistics words, comparatives/superlatives,
 *    attributions and reporting verbs, capitalised words mid-sentence (named-entity proxy), first-person
 *    and opinion markers, questions, length.
 *  - 'universal': only language-independent surface features (digits, %, currency symbols, years,
 *    decimals, capitalised tokens mid-sentence, quotation marks, question/exclamation marks, length).
 *    Used for every language other than English.
 */

export type FeatureMode = 'en' | 'universal';

export interface FeatureVector {
  idx: number[];
  val: number[];
}

/** FNV-1a 32-bit over a string, seeded. */
function fnv(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const NS_WORD = 0x1000;
const NS_BIGRAM = 0x2000;
const NS_CHAR = 0x3000;
const NS_DENSE = 0x4000;

const TOKEN_RE = /\p{N}+(?:[.,:/]\p{N}+)*|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|[%$€£¥₹₽₴]/gu;

const set = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

const QUANT = set(`percent percentage percentages million millions billion billions trillion trillions thousand thousands
hundred hundreds dozen dozens half double doubled doubling twice triple tripled quadrupled quarter third thirds fifth
ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
seventy eighty ninety two three four five six seven eight nine dollars dollar cents pounds euros acres miles tons
barrels gallons`);
const STATS = set(`rate rates average majority deficit deficits unemployment unemployed tax taxes budget budgets debt jobs
job growth income incomes wages wage inflation poverty spending cost costs price prices revenue revenues economy gdp
population crime crimes record increase increased increases decrease decreased decreases rise rose risen fall fell
fallen grew grown cut cuts raised lowered votes voted vote bill bills law laws passed signed created lost killed
died deaths percent share number numbers total figures statistics data estimate estimated insurance medicare
medicaid welfare troops military nuclear weapons oil energy exports imports trade payroll salary salaries funding
funded billion`);
const COMPARATIVE = set(`more less fewer most least than higher lower larger bigger smaller greater better worse best worst
largest biggest highest lowest fastest slowest longest shortest first last only ever since never record increase
decrease compared versus times`);
const REPORTING = set(`said says say told according reported reports announced confirmed stated estimated found showed shows
study studies survey surveys report statistics figures data officials official sources claimed claims cited testified
warned noted`);
const FIRST_PERSON = set(`i i'm i’m i've i’ve i'll i’ll i'd i’d me my mine myself we we're we’re we've we’ve we'll we’ll us our ours
ourselves`);
const SECOND_PERSON = set(`you you're you’re your yours yourself`);
const OPINION = set(`think believe feel hope want wants should must need needs going will would could can let ought wish
sure agree disagree understand know opinion believe important ought promise commitment going`);
const MONTHS = set(`january february march april may june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday`);
const TIME = set(`year years yesterday today ago decade decades century since during last past recent recently month months
week weeks annually daily`);
const NEGATION = set(`not no never nothing nobody none neither nor n't`);
const HEDGE = set(`reportedly allegedly believed may might possibly likely perhaps`);
const CURRENCY_RE = /[$€£¥₹₽₴]|\b(?:usd|eur|gbp|dollars?|euros?|rupees?|rubles?|roubles?|hryvnias?|yuan|pounds?)\b/iu;
const YEAR_RE = /\b(?:1[5-9]\d\d|20\d\d)s?\b/u;
const DECIMAL_RE = /\p{N}[.,]\p{N}/u;
const BIGNUM_RE = /\p{N}{1,3}(?:[,.  ]\p{N}{3})+|\p{N}{4,}/u;
const PERCENT_RE = /%|٪|\bper ?cent\b|\bpercent(?:age)?\b/iu;
const QUOTE_RE = /["“”«»„]/u;

/** Replace digits by a shape token so that "2.5%" and "7.1%" share features. */
function numberShape(tok: string): string {
  if (/^(?:1[5-9]|20)\d\d$/.test(tok)) return '<year>';
  if (/[.,]/.test(tok)) return '<dec>';
  if (tok.length >= 4) return '<bignum>';
  return '<num>';
}

function bucket(n: number, edges: number[]): number {
  let b = 0;
  while (b < edges.length && n >= edges[b]) b++;
  return b;
}

class Builder {
  idx: number[] = [];
  val: number[] = [];
  constructor(private readonly mask: number) {}
  add(h: number, v: number): void {
    this.idx.push(h & this.mask);
    this.val.push(v);
  }
  dense(name: string, v = 1): void {
    this.add(fnv(name, NS_DENSE), v);
  }
}

/** Language-independent surface features (used alone for non-English, and as part of the English set). */
function universal(b: Builder, s: string, rawTokens: string[]): void {
  const nTok = rawTokens.length;
  b.dense('u:bias');
  b.dense(`u:len${bucket(nTok, [4, 8, 13, 20, 30, 45])}`);
  let numbers = 0;
  let capsMid = 0;
  let caseTokens = 0;
  for (let i = 0; i < nTok; i++) {
    const t = rawTokens[i];
    const c = t.charCodeAt(0);
    if (c >= 48 && c <= 57) numbers++;
    else if (/^\p{Lu}/u.test(t)) {
      caseTokens++;
      if (i > 0 && t !== 'I') capsMid++;
    } else if (/^\p{Ll}/u.test(t)) caseTokens++;
    else if (/^\p{N}/u.test(t)) numbers++;
  }
  b.dense(`u:num${bucket(numbers, [1, 2, 3, 5])}`);
  if (caseTokens > 0) b.dense(`u:caps${bucket(capsMid, [1, 2, 3, 5, 8])}`);
  if (PERCENT_RE.test(s)) b.dense('u:pct');
  if (/[$€£¥₹₽₴]/u.test(s)) b.dense('u:cur');
  if (YEAR_RE.test(s)) b.dense('u:year');
  if (DECIMAL_RE.test(s)) b.dense('u:dec');
  if (BIGNUM_RE.test(s)) b.dense('u:big');
  if (QUOTE_RE.test(s)) b.dense('u:quote');
  const end = s.trimEnd().slice(-1);
  if (end === '?' || end === '？' || end === '؟') b.dense('u:q');
  if (s.includes('!') || s.includes('！')) b.dense('u:excl');
  if (s.includes(':')) b.dense('u:colon');
  if (s.includes('(')) b.dense('u:paren');
}

function charNgrams(b: Builder, word: string, scale: number): void {
  // Character 3–5-grams over " word " without allocating substrings.
  const w = ` ${word} `;
  const n = w.length;
  for (let i = 0; i < n - 2; i++) {
    let h = (0x811c9dc5 ^ NS_CHAR) >>> 0;
    for (let j = i; j < n && j < i + 5; j++) {
      h ^= w.charCodeAt(j);
      h = Math.imul(h, 0x01000193);
      if (j - i >= 2) b.add(h >>> 0 ^ (j - i), scale);
    }
  }
}

function english(b: Builder, s: string, rawTokens: string[]): void {
  const toks: string[] = new Array(rawTokens.length);
  for (let i = 0; i < rawTokens.length; i++) {
    const t = rawTokens[i];
    toks[i] = /^\p{N}/u.test(t) ? numberShape(t) : t.toLowerCase();
  }
  const n = toks.length;
  const wScale = 1 / Math.sqrt(Math.max(1, n));
  for (let i = 0; i < n; i++) b.add(fnv(toks[i], NS_WORD), wScale);
  const bScale = 1 / Math.sqrt(Math.max(1, n + 1));
  for (let i = 0; i <= n; i++) {
    const a = i === 0 ? '<s>' : toks[i - 1];
    const c = i === n ? '</s>' : toks[i];
    b.add(fnv(`${a} ${c}`, NS_BIGRAM), bScale);
  }
  let chars = 0;
  for (const t of toks) chars += t.length + 2;
  const cScale = 0.5 / Math.sqrt(Math.max(1, chars * 3));
  for (const t of toks) if (t[0] !== '<') charNgrams(b, t, cScale);

  let quant = 0, stats = 0, comp = 0, rep = 0, first = 0, second = 0, opinion = 0, month = 0, time = 0, neg = 0, hedge = 0, past = 0, sup = 0;
  for (let i = 0; i < n; i++) {
    const t = toks[i];
    if (QUANT.has(t)) quant++;
    if (STATS.has(t)) stats++;
    if (COMPARATIVE.has(t)) comp++;
    if (REPORTING.has(t)) rep++;
    if (FIRST_PERSON.has(t)) first++;
    if (SECOND_PERSON.has(t)) second++;
    if (OPINION.has(t)) opinion++;
    if (MONTHS.has(t) && (i > 0 || /^\p{Lu}/u.test(rawTokens[i]))) month++;
    if (TIME.has(t)) time++;
    if (NEGATION.has(t) || t.endsWith("n't") || t.endsWith('n’t')) neg++;
    if (HEDGE.has(t)) hedge++;
    if (t.length > 4 && t.endsWith('ed')) past++;
    if (t.length > 5 && t.endsWith('est') && !/(?:interest|request|protest|arrest|suggest|contest|invest|honest|modest|forest|harvest)$/.test(t)) sup++;
  }
  b.dense(`e:quant${bucket(quant, [1, 2])}`);
  b.dense(`e:stats${bucket(stats, [1, 2, 3])}`);
  b.dense(`e:comp${bucket(comp, [1, 2])}`);
  b.dense(`e:rep${bucket(rep, [1, 2])}`);
  b.dense(`e:first${bucket(first, [1, 2, 3])}`);
  b.dense(`e:second${bucket(second, [1, 2])}`);
  b.dense(`e:opinion${bucket(opinion, [1, 2, 3])}`);
  b.dense(`e:month${bucket(month, [1])}`);
  b.dense(`e:time${bucket(time, [1, 2])}`);
  b.dense(`e:neg${bucket(neg, [1, 2])}`);
  b.dense(`e:hedge${bucket(hedge, [1])}`);
  b.dense(`e:past${bucket(past, [1, 2, 3])}`);
  b.dense(`e:sup${bucket(sup, [1])}`);
  if (CURRENCY_RE.test(s)) b.dense('e:money');
  if (/\baccording to\b/i.test(s)) b.dense('e:according');
  if (/\b(?:more|less|fewer|higher|lower|larger|bigger|smaller|greater|\w+er) than\b/i.test(s)) b.dense('e:than');
  const anyNum = /\p{N}/u.test(s) || quant > 0;
  b.dense(`e:numstat${anyNum ? 1 : 0}${stats > 0 ? 1 : 0}`);
  b.dense(`e:num_first${anyNum ? 1 : 0}${first > 0 ? 1 : 0}`);
}

export function tokenize(s: string): string[] {
  return s.match(TOKEN_RE) ?? [];
}

/** Hashed, sparse feature vector for a sentence. `bits` = log2 of the number of hash buckets. */
export function featurize(sentence: string, mode: FeatureMode, bits: number): FeatureVector {
  const b = new Builder((1 << bits) - 1);
  const s = sentence.normalize('NFKC');
  const raw = tokenize(s);
  universal(b, s, raw);
  if (mode === 'en') english(b, s, raw);
  return { idx: b.idx, val: b.val };
}
