import { BadRequestException } from '@nestjs/common';
import { htmlToText, normalizeText } from '../text';

export interface ContentInput {
  text?: string;
  html?: string;
}

/** The plain text that claim offsets refer to; 400 unless exactly one of text/html yields some text. */
export function toPlainText(input: ContentInput): { text: string; format: 'text' | 'html' } {
  const hasText = input.text !== undefined && input.text !== null;
  const hasHtml = input.html !== undefined && input.html !== null;
  if (hasText === hasHtml) {
    throw new BadRequestException({ statusCode: 400, message: ['exactly one of text or html must be given'], error: 'Bad Request' });
  }
  const text = hasText ? normalizeText(input.text!) : htmlToText(input.html!);
  if (text.trim() === '') {
    const field = hasText ? 'text' : 'html';
    throw new BadRequestException({ statusCode: 400, message: [`${field} contains no text`], error: 'Bad Request' });
  }
  return { text, format: hasText ? 'text' : 'html' };
}
