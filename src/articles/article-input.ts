import { isISO8601 } from 'class-validator';
import { isHttpUrl, isLanguageTag, MAX_METADATA_BYTES, MAX_METADATA_DEPTH, jsonDepth } from '../common/validators';
import { MAX_TEXT_LENGTH } from '../extraction/extract-request.dto';

export const MAX_TITLE_LENGTH = 1000;
export const MAX_EXTERNAL_ID_LENGTH = 255;
export const URGENCY_LEVELS = { low: 0, normal: 0.25, high: 0.6, breaking: 1 } as const;

/** Keys that Nest's ValidationPipe strips before validating: a body holding one takes the full validation. */
const PROTOTYPE_KEY = /"(?:__proto__|prototype|constructor)"/;

/** class-validator's IsOptional: null and undefined skip the field's other rules. */
const absent = (value: unknown) => value === undefined || value === null;

/**
 * At most `max` characters as class-validator's Length counts them (a surrogate pair or a variation
 * selector counts less than its UTF-16 length, never more), and at least one when `nonEmpty`: a first
 * character that is not a variation selector always counts.
 */
function isStringWithin(value: unknown, max: number, nonEmpty = false): boolean {
  if (typeof value !== 'string' || value.length > max) return false;
  if (!nonEmpty) return true;
  const first = value.charCodeAt(0);
  return value.length > 0 && first !== 0xfe0e && first !== 0xfe0f;
}

function isSmallMetadata(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const json = JSON.stringify(value);
  if (Buffer.byteLength(json) > MAX_METADATA_BYTES || PROTOTYPE_KEY.test(json)) return false;
  return jsonDepth(value, MAX_METADATA_DEPTH) <= MAX_METADATA_DEPTH;
}

const FIELD_RULES: Record<string, (value: unknown) => boolean> = {
  text: (value) => isStringWithin(value, MAX_TEXT_LENGTH),
  html: (value) => isStringWithin(value, MAX_TEXT_LENGTH * 2),
  language: isLanguageTag,
  title: (value) => isStringWithin(value, MAX_TITLE_LENGTH),
  url: isHttpUrl,
  publishedAt: (value) => typeof value === 'string' && isISO8601(value, { strict: true }),
  externalId: (value) => isStringWithin(value, MAX_EXTERNAL_ID_LENGTH, true),
  metadata: isSmallMetadata,
  urgency: (value) => typeof value === 'string' && Object.hasOwn(URGENCY_LEVELS, value),
};

/**
 * True when SubmitArticleDto's rules surely pass (every field known and valid), without class-validator:
 * the ingest path's usual body. False sends the body through the full validation, which words the errors.
 */
export function isAcceptedArticleInput(body: Record<string, unknown>): boolean {
  for (const key in body) {
    if (!Object.hasOwn(FIELD_RULES, key)) return false;
    const value = body[key];
    if (!absent(value) && !FIELD_RULES[key](value)) return false;
  }
  return true;
}
