import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import { normalizeText } from '../text';
import { ExtractionBusyError, type ExtractionPool, ExtractionTimeoutError } from './extraction-pool';

export interface ContentInput {
  text?: string;
  html?: string;
}

/** Time limit -> 422 (the same content would fail again), all threads busy -> 429 with Retry-After. */
export function extractionHttpError(error: unknown): unknown {
  if (error instanceof ExtractionTimeoutError) return new UnprocessableEntityException(error.message);
  if (error instanceof ExtractionBusyError) return new TooManyRequestsException(error.message, 1);
  return error;
}

/**
 * The plain text that claim offsets refer to; 400 unless exactly one of text/html yields some text.
 * HTML is converted on an extraction thread, within the time limit.
 */
export async function toPlainText(input: ContentInput, pool: ExtractionPool): Promise<{ text: string; format: 'text' | 'html' }> {
  const hasText = input.text !== undefined && input.text !== null;
  const hasHtml = input.html !== undefined && input.html !== null;
  if (hasText === hasHtml) {
    throw new BadRequestException({ statusCode: 400, message: ['exactly one of text or html must be given'], error: 'Bad Request' });
  }
  let text: string;
  try {
    text = hasText ? normalizeText(input.text!) : await pool.htmlToText(input.html!);
  } catch (error) {
    throw extractionHttpError(error);
  }
  if (text.trim() === '') {
    const field = hasText ? 'text' : 'html';
    throw new BadRequestException({ statusCode: 400, message: [`${field} contains no text`], error: 'Bad Request' });
  }
  return { text, format: hasText ? 'text' : 'html' };
}
