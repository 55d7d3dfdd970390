/**
 * Feature extraction for the check-worthiness scorer (shared by training and inference).
 *
 * Two feature sets:
 *  - 'en': hashed word unigrams and bigrams (lower-cased; numbers replaced by their shape: <num>,
 *    <dec>, <bignum>, <year>; disfluencies dropped; contractions split) and character 2–6-grams over
 *    the whole normalised sentence, plus hand-made features chosen because they carry over from
 *    debate speech to news prose: numbers, percentages, money, dates, quantity and statistics words,
 *    comparatives/superlatives, attributions and reporting verbs, places/institutions/titles
 *    (named-entity proxies), legislation verbs, first-person, future/modal and opinion markers, hedges,
 *    negation, questions and length. Plus all 'universal' features.
 *  - 'universal': language-independent surface features (digits, %, currency symbols, years,
 *    decimals, large numbers, capitalised tokens mid-sentence, quotation marks, question/exclamation
 *    marks, colons, parentheses, length) plus six cross-lingual concept counts (quantity words,
 *    reporting verbs, first/second person, opinion/modal, comparison) from small word lists in the
 *    ten supported languages, learned on English and transferred. Used for every language but English.
 *
 * Everything is hashed (FNV-1a) into 2^bits buckets. Scoring never materialises the vector:
 * `dotFeaturesMany` accumulates the weights directly (tens of thousands of sentences per second).
 */

import { posTags } from './pos-tags';
import type { DocumentSignals } from './salience';

export type FeatureMode = 'en' | 'universal';

export interface FeatureVector {
  idx: number[];
  val: number[];
}

/** Tunables of the English feature set (the trained values are stored in the weights file). */
export interface EnglishFeatureOptions {
  /** Weight of the sentence character n-gram block relative to the word blocks (0 = off). */
  sentCharScale: number;
  sentCharMin: number;
  sentCharMax: number;
  /** Weight of the part-of-speech uni/bi/trigram block (wink-nlp tags); 0 or absent = off. */
  posScale?: number;
  /**
   * Weight of the previous and next sentences' features (words, lexicon groups, surface features;
   * in their own hash namespaces); 0 or absent = off.
   */
  contextScale?: number;
  /** Reported speech and attribution features ("X said", "according to", a quotation with a reporting verb). */
  attribution?: boolean;
  /**
   * The shape of a claim about someone's record: who is the subject (he/she, you, I, we, they, a
   * name) and what follows it within two words (a past-tense verb, a present "is/has", a
   * negation: "She gave us ISIS", "You ran the State Department", "I never said"), and an opinion
   * lead ("I think", "I believe") in the first three words.
   */
  claimShape?: boolean;
  /**
   * Weight of the document-level salience features (salience.ts: recurrence of the sentence's
   * terms in the rest of the document, echo in the next sentences, a dispute right after); 0 or
   * absent = off. Needs `SentenceContext.document`; without it a "no document" indicator stands in.
   */
  salience?: number;
}

/** The sentences around the scored one (null or absent at a paragraph or transcript edge). */
export interface SentenceContext {
  before?: string | null;
  after?: string | null;
  /** Document-level signals of the sentence (salience.ts documentSignals), when the whole document is known. */
  document?: DocumentSignals | null;
}

export const DEFAULT_EN_OPTIONS: EnglishFeatureOptions = { sentCharScale: 1, sentCharMin: 2, sentCharMax: 6 };

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvStr(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

const NS_WORD = 0x1000;
const NS_BIGRAM = 0x2000;
const NS_CHAR = 0x3000;
const NS_DENSE = 0x4000;
const NS_POS = 0x5000;
const SEED_WORD = (FNV_OFFSET ^ NS_WORD) | 0;
const SEED_BIGRAM = (FNV_OFFSET ^ NS_BIGRAM) | 0;
const SEED_CHAR = (FNV_OFFSET ^ NS_CHAR) | 0;
const SEED_POS = (FNV_OFFSET ^ NS_POS) | 0;
const SPACE = 32;

/** Hash of a dense feature family; the bucket value is mixed in with `mix`. */
const dense = (name: string): number => fnvStr((FNV_OFFSET ^ NS_DENSE) | 0, name);
const mix = (h: number, v: number): number => Math.imul(h ^ (v + 1), FNV_PRIME);

/**
 * Accumulates features either into a sparse vector (training) or straight into dot products with
 * one or more weight vectors (scoring; an ensemble's members share every block their options share).
 */
class Acc {
  idx: number[] = [];
  val: number[] = [];
  readonly z: number[];
  private active: number[];
  /** XOR-ed into every hash (a namespace for the context sentences' features). */
  salt = 0;
  /** Multiplies every value. */
  scale = 1;
  constructor(
    private readonly mask: number,
    private readonly weights: (Float32Array | Float64Array)[] | null,
  ) {
    this.z = new Array<number>(weights?.length ?? 0).fill(0);
    this.active = this.z.map((_, i) => i);
  }
  /** The members (indices into the weights) that the following features count for. */
  use(members: number[]): void {
    this.active = members;
  }
  add(h: number, value: number): void {
    const k = (h ^ this.salt) & this.mask;
    const v = value * this.scale;
    if (this.weights === null) {
      this.idx.push(k);
      this.val.push(v);
      return;
    }
    const active = this.active;
    for (let j = 0; j < active.length; j++) this.z[active[j]] += this.weights[active[j]][k] * v;
  }
}

const TOKEN_RE = /\p{N}+(?:[.,:/]\p{N}+)*|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|[%٪$€£¥₹₽₴]/gu;

// ---- lexicon groups (English) -------------------------------------------------------------------
const QUANT = 1 << 0;
const STATS = 1 << 1;
const COMP = 1 << 2;
const REP = 1 << 3;
const FIRST = 1 << 4;
const SECOND = 1 << 5;
const OPINION = 1 << 6;
const MONTH = 1 << 7;
const TIME = 1 << 8;
const NEG = 1 << 9;
const HEDGE = 1 << 10;
const PLACE = 1 << 11;
const INST = 1 << 12;
const TITLE = 1 << 13;
const LEGIS = 1 << 14;
const FUTURE = 1 << 15;
const MONEY = 1 << 16;
const NOT_SUPERLATIVE = 1 << 17;

const LEXICON = new Map<string, number>();
function group(flag: number, words: string): void {
  for (const w of words.split(/\s+/)) if (w) LEXICON.set(w, (LEXICON.get(w) ?? 0) | flag);
}
group(
  QUANT,
  `percent percentage percentages million millions billion billions trillion trillions thousand thousands
hundred hundreds dozen dozens half double doubled doubling twice triple tripled quadrupled quarter third thirds fifth
ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
seventy eighty ninety two three four five six seven eight nine dollars dollar cents pounds euros acres miles tons
barrels gallons`,
);
group(
  STATS,
  `rate rates average majority deficit deficits unemployment unemployed tax taxes budget budgets debt jobs
job growth income incomes wages wage inflation poverty spending cost costs price prices revenue revenues economy gdp
population crime crimes record increase increased increases decrease decreased decreases rise rose risen fall fell
fallen grew grown cut cuts raised lowered votes voted vote bill bills law laws passed signed created lost killed
died deaths percent share number numbers total figures statistics data estimate estimated insurance medicare
medicaid welfare troops military nuclear weapons oil energy exports imports trade payroll salary salaries funding
funded`,
);
group(
  COMP,
  `more less fewer most least than higher lower larger bigger smaller greater better worse best worst
largest biggest highest lowest fastest slowest longest shortest first last only ever since never record increase
decrease compared versus times`,
);
group(
  REP,
  `said says say told according reported reports announced confirmed stated estimated found showed shows
study studies survey surveys report statistics figures data officials official sources claimed claims cited testified
warned noted`,
);
group(FIRST, `i me my mine myself we us our ours ourselves`);
group(SECOND, `you your yours yourself`);
group(
  OPINION,
  `think believe feel hope want wants should must need needs going will would could can let ought wish
sure agree disagree understand know opinion important promise commitment`,
);
group(
  MONTH,
  `january february march april may june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday`,
);
group(
  TIME,
  `year years yesterday today ago decade decades century since during last past recent recently month months
week weeks annually daily`,
);
group(NEG, `not no never nothing nobody none neither nor n't`);
group(HEDGE, `reportedly allegedly believed may might possibly likely perhaps`);
group(
  PLACE,
  `america american americans united states usa china chinese russia russian russians soviet union
iran iraq iraqi israel israeli syria afghanistan pakistan india japan japanese korea korean cuba cuban mexico mexican
canada europe european germany german france french britain british england ukraine ukrainian vietnam egypt libya
africa african asia latin nato washington california texas florida york ohio michigan pennsylvania illinois
massachusetts arkansas tennessee georgia virginia carolina arizona colorado iowa wisconsin minnesota missouri
indiana kentucky louisiana alabama mississippi nevada oregon kansas nebraska moscow beijing baghdad kabul tehran
berlin london paris kyiv kiev taiwan formosa saudi arabia venezuela nicaragua panama philippines`,
);
group(
  INST,
  `congress senate house administration government federal state states court supreme fed reserve
pentagon department agency military army navy treasury irs fbi cia epa nasa un nations medicare medicaid social security
obamacare nafta wto imf party democrats republicans democratic republican committee parliament ministry ministers
minister police union unions cbo gao`,
);
group(
  TITLE,
  `president senator governor secretary congressman congresswoman mayor general admiral minister
chairman speaker judge justice ambassador director vice chief leader premier chancellor prime`,
);
group(
  LEGIS,
  `voted vote votes vetoed veto passed signed sponsored cosponsored supported opposed proposed enacted repealed
appointed elected ratified approved rejected filibustered legislation bill bills act law laws treaty amendment
resolution budget`,
);
group(FUTURE, `will would going gonna shall 'll`);
group(
  MONEY,
  `dollar dollars usd eur gbp euro euros rupee rupees ruble rubles rouble roubles hryvnia hryvnias yuan pound
pounds`,
);
group(
  NOT_SUPERLATIVE,
  `interest request protest arrest suggest contest invest honest modest forest harvest manifest
biggest largest`,
);
const DISFLUENCY = new Set(['uh', 'um', 'ah', 'er', 'erm', 'hmm', 'mm']);

// ---- dense feature families ---------------------------------------------------------------------
const D = {
  bias: dense('u:bias'),
  len: dense('u:len'),
  num: dense('u:num'),
  caps: dense('u:caps'),
  pct: dense('u:pct'),
  cur: dense('u:cur'),
  year: dense('u:year'),
  dec: dense('u:dec'),
  big: dense('u:big'),
  quote: dense('u:quote'),
  q: dense('u:q'),
  excl: dense('u:excl'),
  colon: dense('u:colon'),
  paren: dense('u:paren'),
  quant: dense('e:quant'),
  stats: dense('e:stats'),
  comp: dense('e:comp'),
  rep: dense('e:rep'),
  first: dense('e:first'),
  second: dense('e:second'),
  opinion: dense('e:opinion'),
  month: dense('e:month'),
  time: dense('e:time'),
  neg: dense('e:neg'),
  hedge: dense('e:hedge'),
  past: dense('e:past'),
  sup: dense('e:sup'),
  money: dense('e:money'),
  according: dense('e:according'),
  than: dense('e:than'),
  numstat: dense('e:numstat'),
  numfirst: dense('e:num_first'),
  places: dense('e:places'),
  inst: dense('e:inst'),
  titles: dense('e:titles'),
  legis: dense('e:legis'),
  future: dense('e:future'),
  reported: dense('e:reported'),
  saidThat: dense('e:said_that'),
  subjectSaid: dense('e:subject_said'),
  contextNone: dense('x:none'),
  documentNone: dense('s:none'),
  documentTerms: dense('s:terms'),
  recurring: dense('s:recurring'),
  salience: dense('s:salience'),
  peak: dense('s:peak'),
  echoed: dense('s:echoed'),
  disputed: dense('s:disputed'),
};

function bucket(n: number, edges: readonly number[]): number {
  let b = 0;
  while (b < edges.length && n >= edges[b]) b++;
  return b;
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (ch: string): boolean => ch !== ch.toLowerCase();
const isLower = (ch: string): boolean => ch !== ch.toUpperCase();
const TERMINAL_END = /[.!?…。！？।؟]["'”’»)\]]*\s*$/u;
const NON_ASCII_DIGIT = /^\p{N}/u;
const QUOTE_RE = /["“”«»„]/;

function isNumberToken(t: string): boolean {
  const c = t.charCodeAt(0);
  return isDigitCode(c) || (c > 127 && NON_ASCII_DIGIT.test(t));
}

/** Shape of a number token so that "2.5%" and "7.1%" share features. */
function numberShape(tok: string): string {
  if (tok.length === 4 && /^(?:1[5-9]|20)\d\d$/.test(tok)) return '<year>';
  if (tok.includes('.') || tok.includes(',')) return '<dec>';
  if (tok.length >= 4) return '<bignum>';
  return '<num>';
}

/** A Title Case line without final punctuation (a headline): most longer words capitalised. */
export function isTitleCase(s: string, longWords: number, longCaps: number): boolean {
  return longWords >= 3 && longCaps / longWords >= 0.7 && !TERMINAL_END.test(s);
}

/** Language-independent surface features (used alone for non-English, and as part of the English set). */
function universal(b: Acc, s: string, raw: string[]): void {
  const nTok = raw.length;
  b.add(D.bias, 1);
  b.add(mix(D.len, bucket(nTok, [4, 8, 13, 20, 30, 45])), 1);
  let numbers = 0,
    capsMid = 0,
    caseTokens = 0,
    longWords = 0,
    longCaps = 0;
  let pct = false,
    cur = false,
    year = false,
    dec = false,
    big = false;
  for (let i = 0; i < nTok; i++) {
    const t = raw[i];
    const ch = t[0];
    if (isNumberToken(t)) {
      numbers++;
      if (t.length === 4 && /^(?:1[5-9]|20)\d\d$/.test(t)) year = true;
      if (/\d[.,]\d/.test(t)) dec = true;
      if (t.length >= 4 && /^\d{1,3}(?:[,.]\d{3})+$|^\d{5,}$/.test(t)) big = true;
    } else if (t.length === 1 && '%٪$€£¥₹₽₴'.includes(ch)) {
      if (ch === '%' || ch === '٪') pct = true;
      else cur = true;
    } else if (isUpper(ch)) {
      caseTokens++;
      if (i > 0 && t !== 'I') capsMid++;
      if (t.length >= 4) {
        longWords++;
        longCaps++;
      }
    } else if (isLower(ch)) {
      caseTokens++;
      if (t.length >= 4) longWords++;
      if (t === 'percent' || (t === 'cent' && raw[i - 1] === 'per')) pct = true;
    }
  }
  b.add(mix(D.num, bucket(numbers, [1, 2, 3, 5])), 1);
  // Title Case headlines ("Iraqi Man Sentenced to Life ...") carry no named-entity signal in their capitals.
  if (isTitleCase(s, longWords, longCaps)) capsMid = 0;
  if (caseTokens > 0) b.add(mix(D.caps, bucket(capsMid, [1, 2, 3, 5, 8])), 1);
  if (pct) b.add(D.pct, 1);
  if (cur) b.add(D.cur, 1);
  if (year) b.add(D.year, 1);
  if (dec) b.add(D.dec, 1);
  if (big) b.add(D.big, 1);
  if (QUOTE_RE.test(s)) b.add(D.quote, 1);
  const end = s.trimEnd();
  const last = end[end.length - 1];
  if (last === '?' || last === '？' || last === '؟') b.add(D.q, 1);
  if (s.includes('!') || s.includes('！')) b.add(D.excl, 1);
  if (s.includes(':')) b.add(D.colon, 1);
  if (s.includes('(')) b.add(D.paren, 1);
}

// ---- cross-lingual concept lexicons (universal mode only) ----------------------------------------
// Small word lists per language mapped to shared concepts, so that weights learned on English data
// transfer to Spanish, French, German, Portuguese, Russian, Ukrainian, Arabic, Hindi and Chinese.
const C_QUANT = 1;
const C_REPORT = 2;
const C_FIRST = 4;
const C_OPINION = 8;
const C_COMPARE = 16;
const C_SECOND = 32;
const CONCEPTS = new Map<string, number>();
function concept(flag: number, words: string): void {
  for (const w of words.split(/\s+/)) if (w) CONCEPTS.set(w, (CONCEPTS.get(w) ?? 0) | flag);
}
concept(
  C_QUANT,
  `percent percentage million millions billion billions trillion thousand thousands hundred hundreds
por ciento porcentaje millón millones mil miles centenares pour cent pourcentage millions milliard milliards
mille milliers prozent million millionen milliarde milliarden tausend hundert por cento porcentagem milhão milhões
bilhão bilhões mil milhares процент процента процентов миллион миллиона миллионов миллиард миллиарда миллиардов
тысяча тысячи тысяч сотни відсоток відсотка відсотків мільйон мільйона мільйонів мільярд мільярда мільярдів тисяча
тисячі тисяч مليون ملايين مليار مليارات ألف آلاف بالمئة بالمائة المئة प्रतिशत लाख करोड़ हजार हज़ार अरब`,
);
concept(
  C_REPORT,
  `said says told according reported announced confirmed stated estimated dijo afirmó declaró según
informó anunció confirmó estimó a déclaré selon annoncé confirmé estimé indiqué sagte laut erklärte teilte mitteilte
bestätigte disse afirmou declarou segundo anunciou confirmou informou сказал заявил сообщил согласно подтвердил
объявил сказав заявив повідомив згідно підтвердив оголосив قال وقال أعلن وأعلن أكد وأكد وفقا حسب بحسب कहा बताया
अनुसार घोषणा`,
);
concept(
  C_FIRST,
  `i me my we us our yo me mi mis nosotros nuestro nuestra nuestros je moi mon ma mes nous notre nos
ich mich mein meine wir uns unser unsere eu meu minha nós nosso nossa я мне мой моя мы нас наш наша я мені мій моя
ми нас наш наша أنا نحن मैं हम हमारा मेरा हमारी`,
);
concept(
  C_SECOND,
  `you your tú usted ustedes vosotros vous tu ton ta du ihr sie você vocês ты вы ваш твой ти ви ваш твій
أنت أنتم आप तुम`,
);
concept(
  C_OPINION,
  `think believe should must hope want will going creo pienso debemos debe deberíamos quiero espero
vamos pense crois devons doit faut veux espère allons glaube denke sollten müssen muss will hoffe werden acho
acredito devemos deve quero espero vamos думаю считаю должны надо хочу надеюсь будем думаю вважаю повинні треба
хочу сподіваюся будемо أعتقد يجب نريد أريد सोचता चाहिए चाहते`,
);
concept(
  C_COMPARE,
  `more less most least than higher lower largest biggest highest lowest record más menos mayor menor
récord plus moins davantage supérieur inférieur mehr weniger höher niedriger größte höchste mais menos maior menor
recorde больше меньше выше ниже крупнейший рекорд більше менше вище нижче найбільший рекорд أكثر أقل أعلى أدنى
अधिक कम सबसे`,
);
const ZH_CONCEPTS: Array<[string, number]> = [
  ['百分之', C_QUANT],
  ['%', 0],
  ['万', C_QUANT],
  ['亿', C_QUANT],
  ['千', C_QUANT],
  ['表示', C_REPORT],
  ['称', C_REPORT],
  ['据', C_REPORT],
  ['宣布', C_REPORT],
  ['说', C_REPORT],
  ['我们', C_FIRST],
  ['我', C_FIRST],
  ['你', C_SECOND],
  ['认为', C_OPINION],
  ['应该', C_OPINION],
  ['希望', C_OPINION],
  ['更', C_COMPARE],
  ['最', C_COMPARE],
  ['超过', C_COMPARE],
];
const DC = {
  quant: dense('c:quant'),
  report: dense('c:report'),
  first: dense('c:first'),
  second: dense('c:second'),
  opinion: dense('c:opinion'),
  compare: dense('c:compare'),
};

function concepts(b: Acc, s: string, raw: string[]): void {
  let quant = 0,
    report = 0,
    first = 0,
    second = 0,
    opinion = 0,
    compare = 0;
  const tally = (g: number): void => {
    if (g & C_QUANT) quant++;
    if (g & C_REPORT) report++;
    if (g & C_FIRST) first++;
    if (g & C_SECOND) second++;
    if (g & C_OPINION) opinion++;
    if (g & C_COMPARE) compare++;
  };
  for (const t of raw) {
    const g = CONCEPTS.get(t.toLowerCase());
    if (g) tally(g);
  }
  if (/[\u3400-\u9fff]/.test(s)) for (const [w, g] of ZH_CONCEPTS) if (g && s.includes(w)) tally(g);
  b.add(mix(DC.quant, bucket(quant, [1, 2])), 1);
  b.add(mix(DC.report, bucket(report, [1])), 1);
  b.add(mix(DC.first, bucket(first, [1, 2])), 1);
  b.add(mix(DC.second, bucket(second, [1])), 1);
  b.add(mix(DC.opinion, bucket(opinion, [1, 2])), 1);
  b.add(mix(DC.compare, bucket(compare, [1])), 1);
}

/** Lower-case, drop disfluencies (uh, um), split contractions (we've -> we 've, don't -> do n't). */
function englishTokens(raw: string[]): { toks: string[]; caps: boolean[] } {
  const toks: string[] = [];
  const caps: boolean[] = [];
  for (const t of raw) {
    if (isNumberToken(t)) {
      toks.push(numberShape(t));
      caps.push(false);
      continue;
    }
    const l = t.toLowerCase();
    if (DISFLUENCY.has(l)) continue;
    const up = l !== t && isUpper(t[0]);
    let k = l.indexOf("'");
    if (k < 0) k = l.indexOf('’');
    if (k > 0) {
      const rest = `'${l.slice(k + 1)}`;
      if (rest === "'t" && l[k - 1] === 'n') {
        toks.push(l.slice(0, k - 1), "n't");
      } else {
        toks.push(l.slice(0, k), rest);
      }
      caps.push(up, false);
    } else {
      toks.push(l);
      caps.push(up);
    }
  }
  return { toks, caps };
}

function english(b: Acc, raw: string[], o: EnglishFeatureOptions, s: string): void {
  const { toks, caps } = englishTokens(raw);
  const n = toks.length;
  // word unigrams and bigrams (with sentence boundaries)
  const wScale = 1 / Math.sqrt(Math.max(1, n));
  const bScale = 1 / Math.sqrt(n + 1);
  let prev = '<s>';
  for (let i = 0; i < n; i++) {
    const t = toks[i];
    b.add(fnvStr(SEED_WORD, t), wScale);
    b.add(fnvStr(Math.imul(fnvStr(SEED_BIGRAM, prev) ^ SPACE, FNV_PRIME), t), bScale);
    prev = t;
  }
  b.add(fnvStr(Math.imul(fnvStr(SEED_BIGRAM, prev) ^ SPACE, FNV_PRIME), '</s>'), bScale);
  // character n-grams over the normalised sentence
  if (o.sentCharScale > 0) {
    const norm = ` ${toks.join(' ')} `;
    const len = norm.length;
    const min = o.sentCharMin;
    const max = o.sentCharMax;
    const sc = o.sentCharScale / Math.sqrt(Math.max(1, len * (max - min + 1)));
    for (let i = 0; i < len; i++) {
      let h = SEED_CHAR;
      const stop = Math.min(len, i + max);
      for (let j = i; j < stop; j++) {
        h = Math.imul(h ^ norm.charCodeAt(j), FNV_PRIME);
        if (j - i + 1 >= min) b.add(h ^ (j - i), sc);
      }
    }
  }
  // lexicon groups and patterns
  let quant = 0,
    stats = 0,
    comp = 0,
    rep = 0,
    first = 0,
    second = 0,
    opinion = 0,
    month = 0,
    time = 0,
    neg = 0;
  let hedge = 0,
    past = 0,
    sup = 0,
    places = 0,
    inst = 0,
    titles = 0,
    legis = 0,
    future = 0,
    numbers = 0;
  let money = false,
    according = false,
    than = false;
  for (let i = 0; i < n; i++) {
    const t = toks[i];
    if (t.charCodeAt(0) === 60 /* '<' */ && t.length > 2) numbers++;
    const g = LEXICON.get(t) ?? 0;
    if (g !== 0) {
      if (g & QUANT) quant++;
      if (g & STATS) stats++;
      if (g & COMP) comp++;
      if (g & REP) rep++;
      if (g & FIRST) first++;
      if (g & SECOND) second++;
      if (g & OPINION) opinion++;
      if (g & MONTH && caps[i]) month++;
      if (g & TIME) time++;
      if (g & NEG) neg++;
      if (g & HEDGE) hedge++;
      if (g & PLACE) places++;
      if (g & INST) inst++;
      if (g & TITLE) titles++;
      if (g & LEGIS) legis++;
      if (g & FUTURE) future++;
      if (g & MONEY) money = true;
    }
    if (t.length > 4 && t.endsWith('ed')) past++;
    if (t.length > 5 && t.endsWith('est') && !(g & NOT_SUPERLATIVE)) sup++;
    if (t === 'according' && toks[i + 1] === 'to') according = true;
    if (i + 1 < n && toks[i + 1] === 'than' && (g & COMP || (t.length > 3 && t.endsWith('er')))) than = true;
  }
  for (const t of raw) if (t.length === 1 && '$€£¥₹₽₴'.includes(t)) money = true;
  if (o.attribution) attributionFeatures(b, toks, caps, rep > 0 && QUOTE_RE.test(s));
  if (o.claimShape) claimShapeFeatures(b, toks, caps);
  b.add(mix(D.quant, bucket(quant, [1, 2])), 1);
  b.add(mix(D.stats, bucket(stats, [1, 2, 3])), 1);
  b.add(mix(D.comp, bucket(comp, [1, 2])), 1);
  b.add(mix(D.rep, bucket(rep, [1, 2])), 1);
  b.add(mix(D.first, bucket(first, [1, 2, 3])), 1);
  b.add(mix(D.second, bucket(second, [1, 2])), 1);
  b.add(mix(D.opinion, bucket(opinion, [1, 2, 3])), 1);
  b.add(mix(D.month, bucket(month, [1])), 1);
  b.add(mix(D.time, bucket(time, [1, 2])), 1);
  b.add(mix(D.neg, bucket(neg, [1, 2])), 1);
  b.add(mix(D.hedge, bucket(hedge, [1])), 1);
  b.add(mix(D.past, bucket(past, [1, 2, 3])), 1);
  b.add(mix(D.sup, bucket(sup, [1])), 1);
  b.add(mix(D.places, bucket(places, [1, 2])), 1);
  b.add(mix(D.inst, bucket(inst, [1, 2])), 1);
  b.add(mix(D.titles, bucket(titles, [1])), 1);
  b.add(mix(D.legis, bucket(legis, [1, 2])), 1);
  b.add(mix(D.future, bucket(future, [1, 2])), 1);
  if (money) b.add(D.money, 1);
  if (according) b.add(D.according, 1);
  if (than) b.add(D.than, 1);
  const anyNum = numbers > 0 || quant > 0 ? 1 : 0;
  b.add(mix(D.numstat, anyNum * 2 + (stats > 0 ? 1 : 0)), 1);
  b.add(mix(D.numfirst, anyNum * 2 + (first > 0 ? 1 : 0)), 1);
}

/** Reported speech: a quotation with a reporting verb, "said that", a named subject before a reporting verb. */
function attributionFeatures(b: Acc, toks: string[], caps: boolean[], quotedReport: boolean): void {
  let saidThat = false;
  let subjectSaid = false;
  for (let i = 0; i < toks.length; i++) {
    const g = LEXICON.get(toks[i]) ?? 0;
    if (!(g & REP)) continue;
    if (toks[i + 1] === 'that') saidThat = true;
    if (i > 0 && caps[i - 1]) subjectSaid = true;
  }
  if (quotedReport) b.add(D.reported, 1);
  if (saidThat) b.add(D.saidThat, 1);
  if (subjectSaid) b.add(D.subjectSaid, 1);
}

const SUBJECTS: Record<string, string> = {
  he: 'third',
  she: 'third',
  you: 'you',
  i: 'i',
  we: 'we',
  they: 'they',
};
const IRREGULAR_PAST = new Set(
  `gave took made said went ran got lost won paid sent left built put sold spent told wrote brought bought began
came did had knew led meant met saw stood thought was were became broke chose drove fell fought found forgot grew
heard held hid kept lay lied rose shot shut sat spoke stole struck swore threw understood wore`.split(/\s+/),
);
const PRESENT = new Set(['is', 'are', 'has', 'have', "'s", "'re", "'ve", 'does', 'do']);
const OPINION_LEAD = new Set(['think', 'believe', 'feel', 'hope', 'guess', 'suppose', 'wish']);
const CLAIM_SHAPE = dense('e:claim_shape');
const OPINION_LEAD_FEATURE = dense('e:opinion_lead');

/** What follows a subject: a past-tense verb, a present "is/has", a negation, or nothing of these. */
function predicateKind(t: string | undefined): number {
  if (t === undefined) return 0;
  if (IRREGULAR_PAST.has(t) || (t.length > 4 && t.endsWith('ed'))) return 1;
  if (PRESENT.has(t)) return 2;
  if ((LEXICON.get(t) ?? 0) & NEG || t === "n't" || t === 'never') return 3;
  return 0;
}

function claimShapeFeatures(b: Acc, toks: string[], caps: boolean[]): void {
  const seen = new Set<number>();
  for (let i = 0; i < toks.length; i++) {
    const subject = SUBJECTS[toks[i]] ?? (caps[i] && i > 0 && !LEXICON.has(toks[i]) ? 'name' : undefined);
    if (!subject) continue;
    const kind = predicateKind(toks[i + 1]) || predicateKind(toks[i + 2]);
    const h = mix(fnvStr(CLAIM_SHAPE, subject), kind);
    if (!seen.has(h)) b.add(h, 1);
    seen.add(h);
  }
  for (let i = 0; i < Math.min(3, toks.length); i++) if (OPINION_LEAD.has(toks[i])) b.add(OPINION_LEAD_FEATURE, 1);
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const CONTEXT_SALTS = { before: 0x5bd1e995, after: 0x1b873593 };
const CONTEXT_OPTIONS: EnglishFeatureOptions = { sentCharScale: 0, sentCharMin: 2, sentCharMax: 6 };

/** Tokens of the part of a sentence that the scorer reads. */
function tokensOf(sentence: string): { s: string; raw: string[] } {
  const part = scoredPart(sentence);
  const s = ASCII_ONLY.test(part) ? part : part.normalize('NFKC');
  return { s, raw: s.match(TOKEN_RE) ?? [] };
}

/** The neighbours' words, lexicon groups and surface features, each in its own namespace. */
function contextFeatures(acc: Acc, context: SentenceContext, scale: number): void {
  for (const side of ['before', 'after'] as const) {
    acc.salt = CONTEXT_SALTS[side];
    acc.scale = scale;
    const neighbour = context[side];
    if (neighbour) {
      const { s, raw } = tokensOf(neighbour);
      universal(acc, s, raw);
      english(acc, raw, CONTEXT_OPTIONS, s);
    } else acc.add(D.contextNone, 1);
  }
  acc.salt = 0;
  acc.scale = 1;
}

/** Bucketed document-level salience signals (one indicator per signal). */
function salienceFeatures(acc: Acc, signals: DocumentSignals | null | undefined, scale: number): void {
  if (!signals) return acc.add(D.documentNone, scale);
  if (signals.terms === 0) return acc.add(D.documentTerms, scale);
  acc.add(mix(D.recurring, Math.min(4, Math.floor(signals.recurring * 5))), scale);
  acc.add(mix(D.salience, bucket(signals.salience, [0.05, 0.1, 0.15, 0.2, 0.3, 0.4])), scale);
  acc.add(mix(D.peak, bucket(signals.peak, [1, 2, 4, 8, 16, 32, 64])), scale);
  acc.add(mix(D.echoed, bucket(signals.echoed, [1, 2, 3, 5])), scale);
  if (signals.disputedAt > 0) acc.add(mix(D.disputed, signals.disputedAt), scale);
}

/** Member indices grouped by a key of their options, so each distinct block is computed once. */
function groupBy(options: EnglishFeatureOptions[], key: (o: EnglishFeatureOptions) => string | null): number[][] {
  const groups = new Map<string, number[]>();
  options.forEach((o, i) => {
    const k = key(o);
    if (k !== null) groups.set(k, [...(groups.get(k) ?? []), i]);
  });
  return [...groups.values()];
}

/**
 * The scorer reads at most this many characters of a sentence (cut at a space when one is near): a
 * claim is stated early, and it bounds the cost of one sentence however long the input is. No
 * training sentence is that long (ClaimBuster's longest has 833 characters, CLEF-2019's 511).
 */
export const MAX_SCORED_CHARS = 1000;

/** The part of a sentence that the scorer reads (see MAX_SCORED_CHARS). */
export function scoredPart(sentence: string): string {
  if (sentence.length <= MAX_SCORED_CHARS) return sentence;
  let cut = sentence.lastIndexOf(' ', MAX_SCORED_CHARS);
  if (cut < MAX_SCORED_CHARS * 0.8) cut = MAX_SCORED_CHARS;
  const code = sentence.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--; // never split a surrogate pair
  return sentence.slice(0, cut);
}

function run(acc: Acc, sentence: string, mode: FeatureMode, options: EnglishFeatureOptions[], context: SentenceContext = {}): void {
  const { s, raw } = tokensOf(sentence);
  const all = options.map((_, i) => i);
  acc.use(all);
  universal(acc, s, raw);
  if (mode !== 'en') return concepts(acc, s, raw);
  for (const group of groupBy(
    options,
    (o) => `${o.sentCharScale}/${o.sentCharMin}/${o.sentCharMax}/${!!o.attribution}/${!!o.claimShape}`,
  )) {
    acc.use(group);
    english(acc, raw, options[group[0]], s);
  }
  for (const group of groupBy(options, (o) => ((o.contextScale ?? 0) > 0 ? String(o.contextScale) : null))) {
    acc.use(group);
    contextFeatures(acc, context, options[group[0]].contextScale!);
  }
  for (const group of groupBy(options, (o) => ((o.salience ?? 0) > 0 ? String(o.salience) : null))) {
    acc.use(group);
    salienceFeatures(acc, context.document, options[group[0]].salience!);
  }
  let tags: string[] | null = null;
  for (const group of groupBy(options, (o) => ((o.posScale ?? 0) > 0 ? String(o.posScale) : null))) {
    tags ??= posTags(s);
    acc.use(group);
    partsOfSpeech(acc, tags, options[group[0]].posScale!);
  }
}

/**
 * Part-of-speech uni-, bi- and trigrams ("NUM NOUN", "PROPN VERB ADP"): the shape of a factual
 * statement, which carries over from debate transcripts to news prose better than the words do.
 */
function partsOfSpeech(b: Acc, tags: string[], scale: number): void {
  const padded = ['<s>', ...tags.filter((tag) => tag !== 'PUNCT' && tag !== 'SPACE'), '</s>'];
  const sc = scale / Math.sqrt(Math.max(1, padded.length));
  for (let i = 0; i < padded.length; i++) {
    let h = SEED_POS;
    for (let k = 0; k < 3 && i + k < padded.length; k++) {
      h = Math.imul(fnvStr(h, padded[i + k]) ^ SPACE, FNV_PRIME);
      if (k > 0 || (padded[i] !== '<s>' && padded[i] !== '</s>')) b.add(h ^ k, sc);
    }
  }
}

/** Hashed, sparse feature vector for a sentence (training). `bits` = log2 of the number of buckets. */
export function featurize(
  sentence: string,
  mode: FeatureMode,
  bits: number,
  options: EnglishFeatureOptions = DEFAULT_EN_OPTIONS,
  context: SentenceContext = {},
): FeatureVector {
  const acc = new Acc((1 << bits) - 1, null);
  run(acc, sentence, mode, [options], context);
  return { idx: acc.idx, val: acc.val };
}

/**
 * Dot products of one sentence's features with several weight vectors, each with its own options
 * (an ensemble): tokens and every block the members' options share are computed once.
 */
export function dotFeaturesMany(
  sentence: string,
  mode: FeatureMode,
  bits: number,
  options: EnglishFeatureOptions[],
  weights: (Float32Array | Float64Array)[],
  context: SentenceContext = {},
): number[] {
  const acc = new Acc((1 << bits) - 1, weights);
  run(acc, sentence, mode, options, context);
  return acc.z;
}

/** Bucket of a named indicator feature (e.g. the training source), in the dense namespace. */
export function indicatorIndex(name: string, bits: number): number {
  return dense(`i:${name}`) & ((1 << bits) - 1);
}
