/**
 * How well a library item matches a claim, 0..1. Pure; no Nest or database imports.
 *
 *   score = 0.5 * lexical + 0.5 * trigram
 *
 * - lexical: Dice coefficient of the two texts' lexeme sets, 2|Q∩D| / (|Q|+|D|), where lexemes are
 *   Postgres text-search lexemes of the folded text in the claim's language (stemmed, stop words
 *   removed): a paraphrase that keeps the content words ("doubled" / "doubling") scores high even
 *   when word order and function words change.
 * - trigram: pg_trgm similarity() of the folded texts (lower case, accents removed): catches
 *   spelling variants, names and numbers that stemming does not relate.
 *
 * Automated verification keeps matches with score >= MATCH_THRESHOLD (default 0.35).
 */
export const LEXICAL_WEIGHT = 0.5;
export const TRIGRAM_WEIGHT = 0.5;
export const DEFAULT_MATCH_THRESHOLD = 0.35;

export function diceCoefficient(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const item of left) if (right.has(item)) shared += 1;
  return (2 * shared) / (left.size + right.size);
}

export function combineMatchScore(parts: { lexical: number; trigram: number }): number {
  const clamp = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
  return Math.round((LEXICAL_WEIGHT * clamp(parts.lexical) + TRIGRAM_WEIGHT * clamp(parts.trigram)) * 10000) / 10000;
}

/** Lower case, accents removed (NFD then combining marks dropped): the JS twin of claimflow_fold(). */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Words of a text (letters and digits), folded. */
export function foldedWords(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** pg_trgm-style trigrams: each word padded with two spaces before and one after. */
export function trigrams(text: string): Set<string> {
  const set = new Set<string>();
  for (const word of foldedWords(text)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i += 1) set.add(padded.slice(i, i + 3));
  }
  return set;
}

/** pg_trgm similarity(): shared trigrams / all distinct trigrams of both texts. */
export function trigramSimilarity(a: string, b: string): number {
  const left = trigrams(a);
  const right = trigrams(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const item of left) if (right.has(item)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/**
 * The same score computed without the database, for texts that come from outside the library
 * (external providers): words stand in for lexemes (no stemming), so it is slightly stricter.
 */
export function textMatchScore(claim: string, candidate: string): number {
  return combineMatchScore({
    lexical: diceCoefficient(foldedWords(claim), foldedWords(candidate)),
    trigram: trigramSimilarity(claim, candidate),
  });
}

const MAX_QUERY_LEXEMES = 10;

/**
 * tsquery matching items that share at least two of the lexemes (OR of pairwise ANDs over the 10
 * longest, i.e. usually rarest, lexemes), or any lexeme when there are fewer than three.
 * Lexemes are quoted with '' and \\ doubled, so no input can inject tsquery syntax.
 */
export function overlapQuery(lexemes: string[]): string {
  const quoted = [...lexemes]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .slice(0, MAX_QUERY_LEXEMES)
    .map((lexeme) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`);
  if (quoted.length < 3) return quoted.join(' | ');
  const pairs: string[] = [];
  for (let i = 0; i < quoted.length; i += 1) for (let j = i + 1; j < quoted.length; j += 1) pairs.push(`${quoted[i]} & ${quoted[j]}`);
  return pairs.join(' | ');
}
