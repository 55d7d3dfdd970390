import { createHash } from 'node:crypto';
import { normalizeClaimText } from './claim-normalization';

/**
 * Near-duplicate rule for claim clusters. A wrong merge spreads a verdict to a claim it does not fit,
 * so the rule is conservative: two texts are the same claim only when
 *   - they carry the same numbers (as a multiset: "7.5%" and "8%" never merge),
 *   - they name the same entities (capitalised words not opening a sentence, and all-caps acronyms),
 *   - they have the same number of negations ("rose" vs "did not rise" never merge),
 *   - their word sets overlap strongly (Jaccard >= 0.75) and their character trigrams even more
 *     (Dice >= 0.85), and neither is much longer than the other (length ratio >= 0.8).
 * Paraphrases that reorder or reword a claim are left to reviewers' merge, and a claim with neither a
 * number nor a named entity clusters only when identical (see nearDuplicateGuard). Pure; no Nest or database
 * imports. This is deliberately local to clusters: once the shared matcher (src/fact-checks) settles,
 * the similarity part should come from it, with these guards kept on top.
 */
export const NEAR_DUPLICATE = { minWordJaccard: 0.75, minTrigramDice: 0.85, minLengthRatio: 0.8 } as const;

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
  words: Set<string>;
  numbers: string;
  entities: string;
  negations: number;
  trigrams: Map<string, number>;
}

export function fingerprint(text: string, normalized = normalizeClaimText(text)): ClaimFingerprint {
  const tokens = normalized.split(' ').filter(Boolean);
  const numbers = (normalized.match(/\d+(?:[.,]\d+)*/gu) ?? []).map((n) => n.replace(/,(?=\d{3}\b)/gu, '')).sort();
  return {
    normalized,
    words: new Set(tokens),
    numbers: numbers.join(' '),
    entities: [...entitiesOf(text)].sort().join(' '),
    negations: tokens.filter((token) => NEGATIONS.has(token) || CONTRACTED_NEGATION.test(token)).length,
    trigrams: trigramsOf(normalized),
  };
}

export interface NearDuplicateScore {
  wordJaccard: number;
  trigramDice: number;
  lengthRatio: number;
  sameNumbers: boolean;
  sameEntities: boolean;
  sameNegations: boolean;
}

export function nearDuplicateScore(a: ClaimFingerprint, b: ClaimFingerprint): NearDuplicateScore {
  let shared = 0;
  for (const word of a.words) if (b.words.has(word)) shared++;
  const union = a.words.size + b.words.size - shared;
  let sharedTrigrams = 0;
  let totalA = 0;
  let totalB = 0;
  for (const count of a.trigrams.values()) totalA += count;
  for (const [gram, count] of b.trigrams) {
    totalB += count;
    sharedTrigrams += Math.min(count, a.trigrams.get(gram) ?? 0);
  }
  const lengths = [a.normalized.length, b.normalized.length];
  return {
    wordJaccard: union === 0 ? 1 : shared / union,
    trigramDice: totalA + totalB === 0 ? 1 : (2 * sharedTrigrams) / (totalA + totalB),
    lengthRatio: Math.max(...lengths) === 0 ? 1 : Math.min(...lengths) / Math.max(...lengths),
    sameNumbers: a.numbers === b.numbers,
    sameEntities: a.entities === b.entities,
    sameNegations: a.negations === b.negations,
  };
}

/**
 * What any two near-duplicates share exactly (numbers, entities, negations), hashed: the lookup key
 * of near-duplicate candidates. Null for a claim with neither a number nor a named entity: such claims
 * are too vague to merge on wording alone, so they cluster only when identical.
 */
export function nearDuplicateGuard(print: ClaimFingerprint): string | null {
  if (print.numbers === '' && print.entities === '') return null;
  return createHash('sha256').update(`${print.numbers}|${print.entities}|${print.negations}`, 'utf8').digest('hex').slice(0, 32);
}

/** The lengths (of the normalised text) a near-duplicate can have. */
export function nearDuplicateLengths(print: ClaimFingerprint): { min: number; max: number } {
  const length = print.normalized.length;
  return { min: Math.ceil(length * NEAR_DUPLICATE.minLengthRatio), max: Math.floor(length / NEAR_DUPLICATE.minLengthRatio) };
}

export function isNearDuplicate(a: ClaimFingerprint, b: ClaimFingerprint): boolean {
  if (a.normalized === b.normalized) return true;
  const score = nearDuplicateScore(a, b);
  return (
    score.sameNumbers &&
    score.sameEntities &&
    score.sameNegations &&
    score.lengthRatio >= NEAR_DUPLICATE.minLengthRatio &&
    score.wordJaccard >= NEAR_DUPLICATE.minWordJaccard &&
    score.trigramDice >= NEAR_DUPLICATE.minTrigramDice
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

function trigramsOf(normalized: string): Map<string, number> {
  const padded = `  ${normalized} `;
  const grams = new Map<string, number>();
  for (let index = 0; index + 3 <= padded.length; index++) {
    const gram = padded.slice(index, index + 3);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}
