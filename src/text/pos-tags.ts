import type { default as WinkNlp } from 'wink-nlp';

/**
 * Universal part-of-speech tags of an English sentence (wink-nlp's English model). The model is
 * loaded on first use: it costs memory and start-up time, and only a scorer whose stored options
 * turn part-of-speech features on needs it.
 */
/**
 * Tokens longer than this are left out before tagging: the tagger's time grows with the square of a
 * token's length, and such a token (a URL, a hash, a run of digits) carries no part-of-speech signal.
 */
export const MAX_TAGGED_TOKEN_CHARS = 40;
const LONG_TOKEN = new RegExp(`\\S{${MAX_TAGGED_TOKEN_CHARS + 1},}`, 'g');

let tagger: ((sentence: string) => string[]) | null = null;

export function posTags(sentence: string): string[] {
  if (!tagger) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const winkNLP = require('wink-nlp') as typeof WinkNlp;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const model = require('wink-eng-lite-web-model');
    const nlp = winkNLP(model, ['pos']);
    const its = nlp.its;
    tagger = (text) => nlp.readDoc(text).tokens().out(its.pos) as string[];
  }
  return tagger(sentence.replace(LONG_TOKEN, ' '));
}
