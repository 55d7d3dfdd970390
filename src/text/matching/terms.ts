/**
 * Index terms of a text for matching: normalised (normalize.ts), folded (lower case, accents
 * removed), stop words dropped, stemmed with the Snowball stemmer of the text's language (Porter for
 * English). A language without a stemmer falls back to folded words (the "simple" configuration).
 * Documents and queries go through this one function, so their terms always agree. Pure.
 */
import * as snowball from 'snowball-stemmers';
import { detectLanguage } from '../language';
import { normalizeForMatching, withoutSignature } from './normalize';

const STEMMER_OF: Record<string, string> = {
  en: 'porter',
  es: 'spanish',
  fr: 'french',
  de: 'german',
  pt: 'portuguese',
  it: 'italian',
  nl: 'dutch',
  ru: 'russian',
  sv: 'swedish',
  da: 'danish',
  no: 'norwegian',
  nb: 'norwegian',
  fi: 'finnish',
  hu: 'hungarian',
  ro: 'romanian',
  tr: 'turkish',
  ca: 'catalan',
  cs: 'czech',
  ar: 'arabic',
};

const ENGLISH_STOP_WORDS = new Set(
  `a about above after again against all am an and any are arent as at be because been before being below between both but by
  can cant could couldnt did didnt do does doesnt doing dont down during each few for from further had hadnt has hasnt have havent
  having he hed hell hes her here heres hers herself him himself his how hows i id ill im ive if in into is isnt it its itself lets
  me more most mustnt my myself no nor not of off on once only or other ought our ours ourselves out over own same shant she shed
  shell shes should shouldnt so some such than that thats the their theirs them themselves then there theres these they theyd
  theyll theyre theyve this those through to too under until up very was wasnt we wed well were weve werent what whats when whens
  where wheres which while who whos whom why whys with wont would wouldnt you youd youll youre youve your yours yourself yourselves
  s t will just now also via rt amp`
    .split(/\s+/)
    .filter(Boolean),
);

const STOP_WORDS: Record<string, ReadonlySet<string>> = { en: ENGLISH_STOP_WORDS };

export interface Stemmer {
  stem(word: string): string;
}

const stemmers = new Map<string, Stemmer | null>();
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

/** The primary subtag of a BCP 47 tag, lower case ('pt-BR' -> 'pt'), or 'und'. */
export function matchingLanguage(language: string | null | undefined): string {
  return (language?.split(/[-_]/)[0] || 'und').toLowerCase();
}

/** The language whose terms a text gets: its own tag's primary subtag, else the detected one ('und' when unsure). */
export function termLanguage(language: string | null | undefined, text: string): string {
  return language ? matchingLanguage(language) : detectLanguage(normalizeForMatching(text));
}

/** Whether the language has its own stemmer (others fall back to folded words). */
export function hasStemmer(language: string | null | undefined): boolean {
  return matchingLanguage(language) in STEMMER_OF;
}

function stemmerFor(language: string): Stemmer | null {
  let stemmer = stemmers.get(language);
  if (stemmer === undefined) {
    const algorithm = STEMMER_OF[language];
    stemmer = algorithm ? snowball.newStemmer(algorithm) : null;
    stemmers.set(language, stemmer);
  }
  return stemmer;
}

/** Lower case with accents removed (NFD, combining marks dropped). */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

const WORD = /[\p{L}\p{N}]+(?:\.\d+)?/gu;
const MAX_TERM_LENGTH = 40;

/** Folded words of the normalised text (before stop words and stemming). */
export function matchingWords(text: string): string[] {
  // Stemming works on the accented word; folding comes after it (Spanish "duplicó" -> "duplic").
  return (normalizeForMatching(text).toLowerCase().match(WORD) ?? []).filter((word) => word.length <= MAX_TERM_LENGTH);
}

/** The index terms of a text, in order, repeats kept (their counts are term frequencies). */
export function matchingTerms(text: string, language: string | null | undefined): string[] {
  return matchingTermsWithWords(text, language).map(([term]) => term);
}

/** A query's terms, and those of its body without an embedded tweet's signature (the re-ranker's body features). */
export function queryTerms(text: string, language: string | null | undefined): { terms: string[]; bodyTerms: string[] } {
  const terms = matchingTerms(text, language);
  const body = withoutSignature(text);
  return { terms, bodyTerms: body === text.trim() ? terms : matchingTerms(body, language) };
}

/** `matchingTerms`, each with the folded word it comes from. */
export function matchingTermsWithWords(text: string, language: string | null | undefined): [term: string, word: string][] {
  const primary = matchingLanguage(language);
  const stopWords = STOP_WORDS[primary];
  const stemmer = stemmerFor(primary);
  const terms: [string, string][] = [];
  for (const word of matchingWords(text)) {
    const folded = fold(word);
    if (stopWords?.has(folded)) continue;
    terms.push([stemmer ? stemmed(stemmer, primary, word) : folded, folded]);
  }
  return terms;
}

function stemmed(stemmer: Stemmer, language: string, word: string): string {
  const key = `${language}:${word}`;
  let stem = stemCache.get(key);
  if (stem === undefined) {
    stem = /^\d/.test(word) ? word : fold(stemmer.stem(word));
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(key, stem);
  }
  return stem;
}

/** Term -> count. */
export function termFrequencies(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
