/** Synthetic library text for the bench: a real vocabulary (most frequent first), skewed sentences, paraphrases. */
import { existsSync, readFileSync } from 'node:fs';

/** Words drawn deterministically with a Zipf-like skew (the vocabulary is ordered most frequent first). */
export function skewedSentence(vocabulary: string[], seed: number, length: number): string {
  const words: string[] = [];
  for (let j = 0; j < length; j += 1) {
    const u = (Math.abs(Math.imul(seed * 131 + j + 1, 2654435761) ^ Math.imul(j + 7, 40503)) % 1_000_003) / 1_000_003;
    words.push(vocabulary[Math.floor(vocabulary.length * u * u * u)]);
  }
  return words.join(' ');
}

const CORPUS = process.env.BENCH_VOCABULARY_FILE ?? '/work/shared/data/checkworthiness/train.tsv';

export function loadVocabulary(): string[] {
  const counts = new Map<string, number>();
  if (existsSync(CORPUS)) {
    for (const word of readFileSync(CORPUS, 'utf8')
      .toLowerCase()
      .match(/[a-z]{2,}/g) ?? [])
      counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  if (counts.size >= 1000) return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([word]) => word);
  const syllables = [...'bcdfghklmnprstvz'].flatMap((consonant) => [...'aeiou'].map((vowel) => consonant + vowel));
  return syllables.flatMap((a) => syllables.map((b) => a + b));
}

/** Drops two words and swaps a pair: what a rewording does to the lexical surface. */
export function paraphrase(text: string, seed: number): string {
  const words = text.split(' ');
  words.splice(seed % words.length, 1);
  words.splice((seed * 3) % words.length, 1);
  const i = seed % (words.length - 1);
  [words[i], words[i + 1]] = [words[i + 1], words[i]];
  return words.join(' ');
}

export function randomSentence(vocabulary: string[], seed: number): string {
  return Array.from({ length: 10 }, (_, j) => vocabulary[(seed * 7919 + j * 104729) % vocabulary.length]).join(' ');
}
