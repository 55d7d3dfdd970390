/**
 * Surface similarity of two texts with the matcher's own measures, for callers that compare texts
 * directly rather than rank library items (claim clusters' near-duplicate rule). Pure.
 * - `charNgrams`: the cosine of the texts' character 3-5-gram counts, the ranker's `charNgrams`
 *   feature (features.ts: the same normalisation, folding, hashing and count vectors);
 * - `termJaccard`: the Jaccard index of the multisets of the texts' index terms (terms.ts: normalised,
 *   stop words dropped, stemmed), so inflections ("show" / "showed") and function words ("said that") cost nothing.
 */
import { ngramText, ngramVector, type NgramVector } from './features';
import { normalizeForMatching } from './normalize';
import { matchingTermsWithWords, termLanguage } from './terms';

/** What comparing a text needs, computed once per text. */
export interface ComparableText {
  ngrams: NgramVector;
  /** Index term -> its words as written (folded, unstemmed), one per occurrence. */
  terms: ReadonlyMap<string, readonly string[]>;
}

export interface SurfaceSimilarity {
  charNgrams: number;
  termJaccard: number;
}

/** `language` picks the stemmer (a BCP 47 tag; null: detected from the text). */
export function comparableText(text: string, language: string | null): ComparableText {
  const padded = ngramText(normalizeForMatching(text));
  const terms = new Map<string, string[]>();
  for (const [term, word] of matchingTermsWithWords(text, termLanguage(language, text)))
    terms.set(term, [...(terms.get(term) ?? []), word]);
  return { ngrams: ngramVector(padded), terms };
}

export function surfaceSimilarity(a: ComparableText, b: ComparableText): SurfaceSimilarity {
  let shared = 0;
  let union = 0;
  for (const [term, words] of a.terms) {
    const other = b.terms.get(term)?.length ?? 0;
    shared += Math.min(words.length, other);
    union += Math.max(words.length, other);
  }
  for (const [term, words] of b.terms) if (!a.terms.has(term)) union += words.length;
  // Rounded so that the same text scores exactly 1 (floating-point cosine can land a hair off).
  const charNgrams = Math.round(Math.min(1, vectorCosine(a.ngrams, b.ngrams)) * 1e9) / 1e9;
  return { charNgrams, termJaccard: union === 0 ? 1 : shared / union };
}

/** Cosine of two prepared n-gram vectors (the value features.ts's ngramCosine gives, without hashing again). */
function vectorCosine(a: NgramVector, b: NgramVector): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.counts.size <= b.counts.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [hash, count] of small.counts) dot += count * (large.counts.get(hash) ?? 0);
  return dot / (a.norm * b.norm);
}
