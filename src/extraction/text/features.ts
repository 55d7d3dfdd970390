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
const PLACES = set(`america american americans united states u.s us usa china chinese russia russian russians soviet union
iran iraq iraqi israel israeli syria afghanistan pakistan india japan japanese korea korean cuba cuban mexico mexican
canada europe european germany german france french britain british england ukraine ukrainian vietnam egypt libya
africa african asia latin nato washington california texas florida new york ohio michigan pennsylvania illinois
massachusetts arkansas tennessee georgia virginia carolina arizona colorado iowa wisconsin minnesota missouri
indiana kentucky louisiana alabama mississippi nevada oregon kansas nebraska moscow beijing baghdad kabul tehran
berlin london paris kyiv kiev taiwan formosa saudi arabia venezuela nicaragua panama philippines korea`);
const INSTITUTIONS = set(`congress senate house administration government federal state states court supreme fed reserve
pentagon department agency military army navy treasury irs fbi cia epa nasa un nations medicare medicaid social security
obamacare nafta wto imf party democrats republicans democratic republican committee parliament ministry ministers
minister police union unions cbo gao`);
const TITLES = set(`president senator governor secretary congressman congresswoman mayor general admiral minister
chairman speaker judge justice ambassador director vice chief leader premier chancellor prime`);
const LEGIS = set(`voted vote votes vetoed veto passed signed sponsored cosponsored supported opposed proposed enacted repealed
appointed elected ratified approved rejected filibustered legislation bill bills act law laws treaty amendment
resolution budget`);
const FUTURE = set(`will would going gonna shall ll`);
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

/** A Title Case line without final punctuation (a headline): most longer words capitalised. */
export function isTitleCase(s: string, longWords: number, longCaps: number): boolean {
  return longWords >= 3 && longCaps / longWords >= 0.7 && !/[.!?…。！？।؟]["'”’»)\]]*\s*$/u.test(s);
}

/** Language-independent surface features (used alone for non-English, and as part of the English set). */
function universal(b: Builder, s: string, rawTokens: string[]): void {
  const nTok = rawTokens.length;
  b.dense('u:bias');
  b.dense(`u:len${bucket(nTok, [4, 8, 13, 20, 30, 45])}`);
  let numbers = 0;
  let capsMid = 0;
  let caseTokens = 0;
  let longWords = 0;
  let longCaps = 0;
  for (let i = 0; i < nTok; i++) {
    const t = rawTokens[i];
    const c = t.charCodeAt(0);
    if (c >= 48 && c <= 57) numbers++;
    else if (/^\p{Lu}/u.test(t)) {
      caseTokens++;
      if (i > 0 && t !== 'I') capsMid++;
      if (t.length >= 4) { longWords++; longCaps++; }
    } else if (/^\p{Ll}/u.test(t)) {
      caseTokens++;
      if (t.length >= 4) longWords++;
    } else if (/^\p{N}/u.test(t)) numbers++;
  }
  b.dense(`u:num${bucket(numbers, [1, 2, 3, 5])}`);
  // Title Case headlines ("Iraqi Man Sentenced to Life ...") carry no named-entity signal in their capitals.
  if (isTitleCase(s, longWords, longCaps)) capsMid = 0;
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

/** Tunables of the English feature set (defaults are the trained configuration). */
export interface EnglishFeatureOptions {
  charScale: number;
  wordScale: number;
  bigramScale: number;
  trigramScale: number;
  denseScale: number;
  stemScale: number;
  classBigramScale: number;
  /** Character n-grams over the whole normalised sentence (crossing word boundaries). */
  sentCharScale: number;
  sentCharMin: number;
  sentCharMax: number;
  /** Drop disfluencies (uh, um) and split contractions (we've -> we 've, don't -> do n't). */
  normalizeSpeech: boolean;
  /** Extra lexicon-group features (places, institutions, titles, legislation, future/modal). */
  groups: boolean;
}

export const DEFAULT_EN_OPTIONS: EnglishFeatureOptions = { charScale: 0.5, wordScale: 1, bigramScale: 1, trigramScale: 0, denseScale: 1, stemScale: 0, classBigramScale: 0, sentCharScale: 0, sentCharMin: 3, sentCharMax: 5, normalizeSpeech: false, groups: false };

const DISFLUENCY = new Set(['uh', 'um', 'ah', 'er', 'erm', 'hmm', 'mm']);

function normalizeTokens(raw: string[]): string[] {
  const out: string[] = [];
  for (const t of raw) {
    const l = t.toLowerCase();
    if (DISFLUENCY.has(l)) continue;
    const k = l.search(/['’]/);
    if (k > 0) {
      const rest = l.slice(k).replace('’', "'");
      if (rest === "'t" && l[k - 1] === 'n') {
        out.push(t.slice(0, k - 1), "n't");
      } else {
        out.push(t.slice(0, k), rest);
      }
    } else out.push(t);
  }
  return out;
}

/** Crude English suffix stripping, for an extra stem unigram stream. */
function stem(t: string): string {
  if (t.length <= 4) return t;
  return t.replace(/(?:ies|ied)$/, 'y').replace(/(?:ing|ed|es|s|ly|ment|ments|ers|er|ion|ions)$/, '');
}

function english(b: Builder, s: string, rawTokens0: string[], o: EnglishFeatureOptions): void {
  const rawTokens = o.normalizeSpeech ? normalizeTokens(rawTokens0) : rawTokens0;
  const toks: string[] = new Array(rawTokens.length);
  for (let i = 0; i < rawTokens.length; i++) {
    const t = rawTokens[i];
    toks[i] = /^\p{N}/u.test(t) ? numberShape(t) : t.toLowerCase();
  }
  const n = toks.length;
  const wScale = o.wordScale / Math.sqrt(Math.max(1, n));
  for (let i = 0; i < n; i++) b.add(fnv(toks[i], NS_WORD), wScale);
  const bScale = o.bigramScale / Math.sqrt(Math.max(1, n + 1));
  if (bScale > 0) {
    for (let i = 0; i <= n; i++) {
      const a = i === 0 ? '<s>' : toks[i - 1];
      const c = i === n ? '</s>' : toks[i];
      b.add(fnv(`${a} ${c}`, NS_BIGRAM), bScale);
    }
  }
  const tScale = o.trigramScale / Math.sqrt(Math.max(1, n));
  if (tScale > 0) {
    for (let i = 0; i < n; i++) {
      const a = i === 0 ? '<s>' : toks[i - 1];
      const c = i + 1 === n ? '</s>' : toks[i + 1];
      b.add(fnv(`${a} ${toks[i]} ${c}`, NS_BIGRAM + 7), tScale);
    }
  }
  const sScale = o.stemScale / Math.sqrt(Math.max(1, n));
  if (sScale > 0) for (let i = 0; i < n; i++) b.add(fnv(stem(toks[i]), NS_WORD + 3), sScale);
  const cbScale = o.classBigramScale / Math.sqrt(Math.max(1, n + 1));
  if (cbScale > 0) {
    const cls = toks.map((t, i) => (i > 0 && /^\p{Lu}/u.test(rawTokens[i]) && t !== 'i' ? '<CAP>' : t));
    for (let i = 0; i <= n; i++) {
      const a = i === 0 ? '<s>' : cls[i - 1];
      const c = i === n ? '</s>' : cls[i];
      if (a[0] === '<' || c[0] === '<') b.add(fnv(`${a} ${c}`, NS_BIGRAM + 3), cbScale);
    }
  }
  let chars = 0;
  for (const t of toks) chars += t.length + 2;
  const cScale = o.charScale / Math.sqrt(Math.max(1, chars * 3));
  if (cScale > 0) for (const t of toks) if (t[0] !== '<') charNgrams(b, t, cScale);
  if (o.sentCharScale > 0) {
    const norm = ` ${toks.join(' ')} `;
    const len = norm.length;
    const sc = o.sentCharScale / Math.sqrt(Math.max(1, len * (o.sentCharMax - o.sentCharMin + 1)));
    for (let i = 0; i < len; i++) {
      let h = (0x811c9dc5 ^ (NS_CHAR + 11)) >>> 0;
      for (let j = i; j < len && j < i + o.sentCharMax; j++) {
        h ^= norm.charCodeAt(j);
        h = Math.imul(h, 0x01000193);
        if (j - i + 1 >= o.sentCharMin) b.add((h >>> 0) ^ (j - i), sc);
      }
    }
  }
  const d0 = b.idx.length;

  let places = 0, inst = 0, titles = 0, legis = 0, future = 0;
  for (let i = 0; i < n; i++) {
    const t = toks[i];
    if (PLACES.has(t)) places++;
    if (INSTITUTIONS.has(t)) inst++;
    if (TITLES.has(t)) titles++;
    if (LEGIS.has(t)) legis++;
    if (FUTURE.has(t) || t === "'ll") future++;
  }
  if (o.groups) {
    b.dense(`e:places${bucket(places, [1, 2])}`);
    b.dense(`e:inst${bucket(inst, [1, 2])}`);
    b.dense(`e:titles${bucket(titles, [1])}`);
    b.dense(`e:legis${bucket(legis, [1, 2])}`);
    b.dense(`e:future${bucket(future, [1, 2])}`);
  }
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
  if (o.denseScale !== 1) for (let i = d0; i < b.val.length; i++) b.val[i] *= o.denseScale;
}

export function tokenize(s: string): string[] {
  return s.match(TOKEN_RE) ?? [];
}

/** Hashed, sparse feature vector for a sentence. `bits` = log2 of the number of hash buckets. */
export function featurize(sentence: string, mode: FeatureMode, bits: number, options: EnglishFeatureOptions = DEFAULT_EN_OPTIONS): FeatureVector {
  const b = new Builder((1 << bits) - 1);
  const s = sentence.normalize('NFKC');
  const raw = tokenize(s);
  universal(b, s, raw);
  if (mode === 'en') english(b, s, raw, options);
  return { idx: b.idx, val: b.val };
}
