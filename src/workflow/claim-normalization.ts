import { createHash } from 'node:crypto';

/**
 * The form in which two copies of a claim count as identical: Unicode-compatibility folded (NFKC),
 * lower case, quotes removed, punctuation turned into spaces, whitespace collapsed. Punctuation inside
 * a number (7.5, 1,000) and the symbols that change a claim's meaning (%, currency, +, −) are kept, so
 * "7.5%" never becomes "75". Pure; no Nest or database imports.
 */
const QUOTES = /['"`´‘’‚‛“”„‟‹›«»「」『』＂＇]/gu;
const NUMBER_PUNCTUATION = /(?<=\d)[.,](?=\d)/gu;
const KEPT_SYMBOLS = /[%‰+\p{Sc}−]/u;
const PUNCTUATION = /\p{P}/gu;
const PROTECTED_DOT = '\u0001';
const PROTECTED_COMMA = '\u0002';

export function normalizeClaimText(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase().replace(QUOTES, '');
  const protectedNumbers = folded.replace(NUMBER_PUNCTUATION, (mark) => (mark === '.' ? PROTECTED_DOT : PROTECTED_COMMA));
  return protectedNumbers
    .replace(PUNCTUATION, (mark) => (KEPT_SYMBOLS.test(mark) ? ` ${mark} ` : ' '))
    .replace(/[%‰+\p{Sc}−]/gu, (symbol) => ` ${symbol} `)
    .replace(/\s+/gu, ' ')
    .trim()
    .replaceAll(PROTECTED_DOT, '.')
    .replaceAll(PROTECTED_COMMA, ',');
}

/** The cluster key of a normalised text: fixed length, so any claim fits a btree primary key. */
export function clusterKey(normalized: string): string {
  return createHash('sha256').update(normalized, 'utf8').digest('hex');
}
