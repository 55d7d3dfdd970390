import { createHash } from 'node:crypto';
import { comparableText, surfaceSimilarity, type ComparableText } from '../text/matching';
import { clusterKey, normalizeClaimText } from './claim-normalization';

/**
 * Near-duplicate rule for claim clusters (docs/clusters.md, "Which cluster a claim joins"). A wrong
 * merge spreads a verdict to a claim it does not fit, so the rule is conservative: two texts are the
 * same claim only when
 *   - they carry the same numbers (as a multiset: "7.5%" and "8%" never merge),
 *   - they name the same entities (capitalised words not opening a sentence, and all-caps acronyms),
 *   - they have the same number of negations ("rose" vs "did not rise" never merge),
 *   - no word of one is the opposite of a word of the other ("rose" / "fell", "more" / "less"),
 *   - neither is much longer than the other (length ratio of the normalised texts),
 *   - and the shared matcher (src/text/matching/similarity.ts) finds them alike: character 3-5-gram
 *     cosine and stemmed-term Jaccard above the thresholds below (chosen on constructed pairs from
 *     the CheckThat! fact-checks, `npm run eval:clusters`).
 * A claim with neither a number nor a named entity clusters only when identical (see
 * nearDuplicateGuard). Pure; no Nest or database imports.
 */
export interface NearDuplicateThresholds {
  minCharNgrams: number;
  minTermJaccard: number;
  minLengthRatio: number;
}

export const NEAR_DUPLICATE: NearDuplicateThresholds = { minCharNgrams: 0.9, minTermJaccard: 0.6, minLengthRatio: 0.8 };

/**
 * Word families of opposite meaning (English): a copy never swaps one for the other. Checked on the
 * normalised words, so stop words ("more", "up") count too.
 */
const OPPOSITES: readonly (readonly [string, string])[] = [
  ['rose rise rises risen rising', 'fell fall falls fallen falling'],
  ['increase increased increases increasing', 'decrease decreased decreases decreasing'],
  ['higher', 'lower'],
  ['more', 'less fewer'],
  ['most', 'least'],
  ['up', 'down'],
  ['gain gains gained', 'loss losses lost'],
  ['win wins won winning', 'lose loses lost losing'],
  ['ban bans banned banning', 'allow allows allowed allowing'],
  ['legal', 'illegal'],
  ['true', 'false'],
  ['alive', 'dead'],
  ['lives lived', 'died dies'],
  ['support supports supported', 'oppose opposes opposed'],
  ['approve approves approved', 'reject rejects rejected'],
  ['before', 'after'],
  ['first', 'last'],
  ['doubled', 'halved'],
  ['grew grow grows', 'shrank shrink shrinks'],
  ['open opens opened', 'close closes closed'],
  ['men mens', 'women womens'],
  ['man mans', 'woman womans'],
  ['boys boy', 'girls girl'],
  ['democrat democrats democratic', 'republican republicans'],
  ['liberal liberals', 'conservative conservatives'],
  ['buy buys bought', 'sell sells sold'],
  ['add adds added', 'remove removes removed'],
  ['hire hires hired', 'fire fires fired'],
  ['cheaper', 'dearer'],
  ['safe', 'dangerous unsafe'],
  ['vaccinated', 'unvaccinated'],
  ['pro', 'anti'],
  ['above', 'below'],
  ['over', 'under'],
  ['richest', 'poorest'],
  ['best', 'worst'],
  ['largest biggest', 'smallest'],
  ['highest', 'lowest'],
  ['positive', 'negative'],
  ['guilty', 'innocent'],
  ['arrested', 'released'],
];
const OPPOSITE_OF = new Map<string, Set<string>>();
for (const [one, other] of OPPOSITES) {
  for (const [from, to] of [
    [one, other],
    [other, one],
  ]) {
    for (const word of from.split(' ')) OPPOSITE_OF.set(word, new Set([...(OPPOSITE_OF.get(word) ?? []), ...to.split(' ')]));
  }
}

const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'neither',
  'nor',
  'without',
  'cannot',
  'nunca',
  'jamás',
  'ningún',
  'ninguna',
  'ne',
  'pas',
  'jamais',
  'aucun',
  'aucune',
  'nicht',
  'kein',
  'keine',
  'nie',
  'não',
  'nem',
  'нет',
  'не',
  'ни',
  'ні',
]);

/** "doesn't" once quotes are gone. */
const CONTRACTED_NEGATION = /^(?:do|does|did|is|are|was|were|wo|ca|could|should|would|has|have|had|ai|must|need)nt$/u;

export interface ClaimFingerprint {
  normalized: string;
  /** Word -> count, of the normalised text. */
  words: Map<string, number>;
  /** Capitalised words anywhere but the first word, lower-cased, sorted (stricter than the guard's entities). */
  capitalised: string;
  numbers: string;
  entities: string;
  negations: number;
  /** What the shared matcher compares. */
  comparable: ComparableText;
}

/** What the candidate lookup needs of a fingerprint (cheap: no stemming, no n-grams). */
export type GuardFields = Pick<ClaimFingerprint, 'normalized' | 'numbers' | 'entities' | 'negations'>;

export function guardFields(text: string, normalized = normalizeClaimText(text)): GuardFields {
  const tokens = normalized.split(' ').filter(Boolean);
  return { normalized, ...guardFieldsOf(text, normalized, tokens) };
}

function guardFieldsOf(text: string, normalized: string, tokens: string[]): Omit<GuardFields, 'normalized'> {
  const numbers = (normalized.match(/\d+(?:[.,]\d+)*/gu) ?? []).map((n) => n.replace(/,(?=\d{3}\b)/gu, '')).sort();
  return {
    numbers: numbers.join(' '),
    entities: [...entitiesOf(text)].sort().join(' '),
    negations: tokens.filter((token) => NEGATIONS.has(token) || CONTRACTED_NEGATION.test(token)).length,
  };
}

/** `language` (the claim's) picks the stemmer; compare two claims' fingerprints taken with the same language. */
export function fingerprint(text: string, language: string | null, normalized = normalizeClaimText(text)): ClaimFingerprint {
  const tokens = normalized.split(' ').filter(Boolean);
  return {
    normalized,
    words: counts(tokens),
    capitalised: capitalisedWords(text),
    ...guardFieldsOf(text, normalized, tokens),
    comparable: comparableText(text, language),
  };
}

/**
 * What cluster assignment looks a claim up by: its key (identical claims), and its near-duplicate
 * guard and length (candidates). Plain data, so an extraction thread can compute it beside the claim.
 */
export interface ClusterLookup {
  normalized: string;
  key: string;
  guard: string | null;
  length: number;
}

export function clusterLookup(text: string): ClusterLookup {
  const normalized = normalizeClaimText(text);
  return { normalized, key: clusterKey(normalized), guard: nearDuplicateGuard(guardFields(text, normalized)), length: normalized.length };
}

/** A new claim and the stored texts its lookup found (ClusterRepository.nearCandidates), in their order. */
export interface NearDuplicateQuery {
  text: string;
  language: string | null;
  normalized: string;
  candidates: ReadonlyArray<{ text: string; normalized: string }>;
}

/**
 * The candidate the claim joins: of those the rule passes, the closest by character n-grams (the first
 * of equals); -1 when none passes. Candidates are fingerprinted with the new claim's language.
 * Pure and plain data in and out, so it can run on another thread.
 */
export function closestNearDuplicate(query: NearDuplicateQuery): number {
  if (query.candidates.length === 0) return -1;
  const own = fingerprint(query.text, query.language, query.normalized);
  let best = -1;
  let bestCharNgrams = -Infinity;
  query.candidates.forEach((candidate, index) => {
    const score = nearDuplicateScore(own, fingerprint(candidate.text, query.language, candidate.normalized));
    if (passes(score) && score.charNgrams > bestCharNgrams) {
      best = index;
      bestCharNgrams = score.charNgrams;
    }
  });
  return best;
}

export interface NearDuplicateScore {
  charNgrams: number;
  termJaccard: number;
  lengthRatio: number;
  sameNumbers: boolean;
  sameEntities: boolean;
  sameNegations: boolean;
  sameCapitalised: boolean;
  opposites: boolean;
  /** Index terms of either text with neither the same term nor a near spelling of it (a typo) in the other. */
  unmatchedTerms: number;
}

export function nearDuplicateScore(a: ClaimFingerprint, b: ClaimFingerprint): NearDuplicateScore {
  const lengths = [a.normalized.length, b.normalized.length];
  return {
    ...surfaceSimilarity(a.comparable, b.comparable),
    lengthRatio: Math.max(...lengths) === 0 ? 1 : Math.min(...lengths) / Math.max(...lengths),
    sameNumbers: a.numbers === b.numbers,
    sameEntities: a.entities === b.entities,
    sameNegations: a.negations === b.negations,
    sameCapitalised: a.capitalised === b.capitalised,
    opposites: hasOpposites(a.words, b.words),
    unmatchedTerms: unmatchedTerms(a.comparable.terms, b.comparable.terms),
  };
}

/** Whether one text has more of a word and the other more of its opposite ("before" -> "after"). */
function hasOpposites(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  for (const [word, count] of a) {
    if (count <= (b.get(word) ?? 0)) continue;
    for (const opposite of OPPOSITE_OF.get(word) ?? []) if ((b.get(opposite) ?? 0) > (a.get(opposite) ?? 0)) return true;
  }
  return false;
}

/** Shortest word a misspelling may stand for (shorter ones differ by one letter too often: "bill" / "kill"). */
const MIN_VARIANT_LENGTH = 5;

/**
 * Occurrences of index terms one text has more often than the other, less those whose word pairs with a near spelling
 * there (one letter added, dropped, changed, or two swapped): a content word swapped for another is a different
 * claim ("ballots burned" / "ballots counted"), a typo is not.
 */
function unmatchedTerms(a: ReadonlyMap<string, readonly string[]>, b: ReadonlyMap<string, readonly string[]>): number {
  const onlyA = excess(a, b);
  const onlyB = excess(b, a);
  let unmatched = onlyB.length;
  for (const term of onlyA) {
    const variant = onlyB.findIndex((other) => Math.min(term.length, other.length) >= MIN_VARIANT_LENGTH && oneEditApart(term, other));
    if (variant < 0) unmatched += 1;
    else {
      onlyB.splice(variant, 1);
      unmatched -= 1;
    }
  }
  return unmatched;
}

/** The words of the occurrences of terms that `a` has more often than `b`. */
function excess(a: ReadonlyMap<string, readonly string[]>, b: ReadonlyMap<string, readonly string[]>): string[] {
  return [...a].flatMap(([term, words]) => words.slice(b.get(term)?.length ?? 0));
}

/** Damerau-Levenshtein distance <= 1. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * What any two near-duplicates share exactly (numbers, entities, negations), hashed: the lookup key
 * of near-duplicate candidates. Null for a claim with neither a number nor a named entity: such claims
 * are too vague to merge on wording alone, so they cluster only when identical.
 */
export function nearDuplicateGuard(print: Omit<GuardFields, 'normalized'>): string | null {
  if (print.numbers === '' && print.entities === '') return null;
  return createHash('sha256').update(`${print.numbers}|${print.entities}|${print.negations}`, 'utf8').digest('hex').slice(0, 32);
}

/** The lengths (of the normalised text) a near-duplicate can have. */
export function nearDuplicateLengths(print: Pick<ClaimFingerprint, 'normalized'>): { min: number; max: number } {
  const length = print.normalized.length;
  return { min: Math.ceil(length * NEAR_DUPLICATE.minLengthRatio), max: Math.floor(length / NEAR_DUPLICATE.minLengthRatio) };
}

export function isNearDuplicate(a: ClaimFingerprint, b: ClaimFingerprint, thresholds = NEAR_DUPLICATE): boolean {
  if (a.normalized === b.normalized) return true;
  return passes(nearDuplicateScore(a, b), thresholds);
}

/** The rule on a computed score. */
export function passes(score: NearDuplicateScore, thresholds = NEAR_DUPLICATE): boolean {
  return (
    score.sameNumbers &&
    score.sameEntities &&
    score.sameNegations &&
    score.sameCapitalised &&
    !score.opposites &&
    score.unmatchedTerms === 0 &&
    score.lengthRatio >= thresholds.minLengthRatio &&
    score.charNgrams >= thresholds.minCharNgrams &&
    score.termJaccard >= thresholds.minTermJaccard
  );
}

/** Capitalised words that do not open a sentence, and acronyms, lower-cased. */
function entitiesOf(text: string): Set<string> {
  const entities = new Set<string>();
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*|[.!?]/gu) ?? [];
  let sentenceStart = true;
  for (const word of words) {
    if (/^[.!?]$/u.test(word)) {
      sentenceStart = true;
      continue;
    }
    const acronym = word.length > 1 && /^\p{Lu}[\p{Lu}\p{N}]+$/u.test(word);
    if (acronym || (!sentenceStart && /^\p{Lu}/u.test(word))) entities.add(word.toLowerCase().replace(/['’]s$/u, ''));
    sentenceStart = false;
  }
  return entities;
}

/** Capitalised words after the first one, lower-cased and sorted: "U.S. President" / "U.S. Senator" differ here. */
function capitalisedWords(text: string): string {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  return words
    .slice(1)
    .filter((word) => /^\p{Lu}/u.test(word))
    .map((word) => word.toLowerCase())
    .sort()
    .join(' ');
}

function counts(tokens: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const token of tokens) map.set(token, (map.get(token) ?? 0) + 1);
  return map;
}
