/**
 * Claim extraction: HTML -> text, language detection, sentence segmentation with exact offsets,
 * and a calibrated check-worthiness score per sentence. Pure, synchronous code (no Nest/DB).
 * See the README section "Extraction quality" for figures and how to retrain.
 */
import { htmlToText } from './html';
import { detectLanguage, normalizeLanguageTag } from './language';
import { scoreCheckworthiness } from './scorer';
import { segmentSentences, type SentenceSpan } from './segment';

export type { SentenceSpan } from './segment';
export { htmlToText } from './html';
export { detectLanguage } from './language';
export { segmentSentences } from './segment';
export { scoreCheckworthiness } from './scorer';

export interface ExtractedClaim extends SentenceSpan {
  /** Calibrated probability (0..1) that the sentence is a check-worthy factual claim. */
  checkworthiness: number;
  checkworthy: boolean;
  /** Previous sentence in the same paragraph, or null at the paragraph start. */
  contextBefore: string | null;
  /** Next sentence in the same paragraph, or null at the paragraph end. */
  contextAfter: string | null;
}

export interface ExtractionResult {
  language: string;
  text: string;
  claims: ExtractedClaim[];
}

export { DEFAULT_CHECKWORTHY_THRESHOLD } from './threshold';
import { DEFAULT_CHECKWORTHY_THRESHOLD } from './threshold';

/** A blank line (two line breaks with only spaces between) separates paragraphs. */
const PARAGRAPH_BREAK = /(?:\r\n|[\n\r\u2029])[^\S\n\r]*(?:\r\n|[\n\r\u2029])|\u2029/;

/** Normalise plain text input: CRLF/CR -> LF, NUL removed. */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\u0000/g, '');
}

export function extractClaims(
  input: { text?: string; html?: string; language?: string },
  threshold: number = DEFAULT_CHECKWORTHY_THRESHOLD,
): ExtractionResult {
  const text = input.text != null && input.text !== '' ? normalizeText(input.text) : input.html != null ? htmlToText(input.html) : '';
  const language = input.language && input.language.trim() ? normalizeLanguageTag(input.language) : detectLanguage(text);
  const spans = segmentSentences(text, language);
  // Paragraph index of each span: a new paragraph starts when the gap before it contains a blank line.
  const para: number[] = new Array(spans.length);
  let p = 0;
  for (let i = 0; i < spans.length; i++) {
    if (i > 0 && PARAGRAPH_BREAK.test(text.slice(spans[i - 1].end, spans[i].start))) p++;
    para[i] = p;
  }
  const claims: ExtractedClaim[] = spans.map((s, i) => {
    const contextBefore = i > 0 && para[i - 1] === para[i] ? spans[i - 1].text : null;
    const contextAfter = i + 1 < spans.length && para[i + 1] === para[i] ? spans[i + 1].text : null;
    const score = scoreCheckworthiness(s.text, language, { before: contextBefore, after: contextAfter });
    return {
      text: s.text,
      start: s.start,
      end: s.end,
      checkworthiness: score,
      checkworthy: score >= threshold,
      contextBefore,
      contextAfter,
    };
  });
  return { language, text, claims };
}
