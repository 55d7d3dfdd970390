import type { default as WinkNlp } from 'wink-nlp';

/**
 * Universal part-of-speech tags of an English sentence (wink-nlp's English model). The model is
 * loaded on first use: it costs memory and start-up time, and only a scorer whose stored options
 * turn part-of-speech features on needs it.
 */
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
  return tagger(sentence);
}
