import { franc } from 'franc-min';

/** ISO 639-3 codes produced by franc-min mapped to BCP 47 primary language subtags. */
const ISO3_TO_BCP47: Record<string, string> = {
  cmn: 'zh',
  spa: 'es',
  eng: 'en',
  rus: 'ru',
  arb: 'ar',
  ben: 'bn',
  hin: 'hi',
  por: 'pt',
  ind: 'id',
  jpn: 'ja',
  fra: 'fr',
  deu: 'de',
  jav: 'jv',
  kor: 'ko',
  tel: 'te',
  vie: 'vi',
  mar: 'mr',
  ita: 'it',
  tam: 'ta',
  tur: 'tr',
  urd: 'ur',
  guj: 'gu',
  pol: 'pl',
  ukr: 'uk',
  kan: 'kn',
  mai: 'mai',
  mal: 'ml',
  pes: 'fa',
  mya: 'my',
  swh: 'sw',
  sun: 'su',
  ron: 'ro',
  pan: 'pa',
  bho: 'bho',
  amh: 'am',
  hau: 'ha',
  fuv: 'fuv',
  bos: 'bs',
  hrv: 'hr',
  nld: 'nl',
  srp: 'sr',
  tha: 'th',
  ckb: 'ckb',
  yor: 'yo',
  uzn: 'uz',
  zlm: 'ms',
  ibo: 'ig',
  npi: 'ne',
  ceb: 'ceb',
  skr: 'skr',
  tgl: 'tl',
  hun: 'hu',
  azj: 'az',
  sin: 'si',
  koi: 'koi',
  ell: 'el',
  ces: 'cs',
  mag: 'mag',
  run: 'rn',
  bel: 'be',
  plt: 'mg',
  qug: 'qug',
  mad: 'mad',
  nya: 'ny',
  zyb: 'za',
  pbu: 'ps',
  kin: 'rw',
  zul: 'zu',
  bul: 'bg',
  swe: 'sv',
  lin: 'ln',
  som: 'so',
  hms: 'hms',
  hnj: 'hnj',
  ilo: 'ilo',
  kaz: 'kk',
};

/** Languages a news desk is most likely to see; detection is restricted to these when the text is short. */
const SHORT_TEXT_CANDIDATES = [
  'eng',
  'spa',
  'fra',
  'deu',
  'por',
  'rus',
  'ukr',
  'arb',
  'cmn',
  'hin',
  'ita',
  'nld',
  'pol',
  'tur',
  'jpn',
  'kor',
];

const SAMPLE_CHARS = 1000;

/**
 * Detect the language of a text as a BCP 47 primary tag ('en', 'es', 'zh', ...), or 'und' when
 * the text is too short or too ambiguous. Uses franc-min (trigram model, ISO 639-3) on the first
 * ~1,000 characters; very short texts are restricted to common news languages.
 */
export function detectLanguage(text: string): string {
  if (!text) return 'und';
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const letters = sample.replace(/[^\p{L}]/gu, '');
  if (letters.length < 3) return 'und';
  // Kana means Japanese even when Han dominates; Hangul means Korean.
  if (/[\u3041-\u3096\u30a1-\u30fa]/.test(sample)) return 'ja';
  const han = (sample.match(/\p{Script=Han}/gu) ?? []).length;
  if (han / letters.length > 0.3) return 'zh';
  const code = franc(sample, letters.length < 60 ? { minLength: 3, only: SHORT_TEXT_CANDIDATES } : { minLength: 10 });
  const lang = ISO3_TO_BCP47[code] ?? 'und';
  if (lang === 'ru' || lang === 'uk') {
    // Trigram models confuse the two on short texts; letters unique to each settle it.
    const ukLetters = /[іїєґІЇЄҐ]/.test(sample);
    const ruLetters = /[ыэъёЫЭЪЁ]/.test(sample);
    if (ukLetters && !ruLetters) return 'uk';
    if (ruLetters && !ukLetters) return 'ru';
  }
  return lang;
}

/** Normalise a caller-supplied language tag: trims, keeps the tag as given but lower-cases the primary subtag. */
export function normalizeLanguageTag(tag: string): string {
  const t = tag.trim().replace(/_/g, '-');
  if (!t) return 'und';
  const [primary, ...rest] = t.split('-');
  return [primary.toLowerCase(), ...rest].join('-');
}

/** Primary subtag, lower-cased: 'pt-BR' -> 'pt'. */
export function primaryLanguage(tag: string): string {
  return (tag.split(/[-_]/)[0] || 'und').toLowerCase();
}
