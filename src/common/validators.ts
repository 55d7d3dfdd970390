import { registerDecorator, type ValidationOptions } from 'class-validator';
import { inspectJson } from './json-inspection';

export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
export const MAX_METADATA_BYTES = 16 * 1024;
export const MAX_METADATA_DEPTH = 10;

function rule(name: string, message: string, test: (value: unknown) => boolean) {
  return (options?: ValidationOptions) => (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} ${message}`, ...options },
      validator: { validate: test },
    });
}

export function isLanguageTag(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 35 && LANGUAGE_TAG.test(value);
}

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Levels of nesting (iterative, and it stops counting past `stopAt`: any depth is safe). */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
  return inspectJson(value, stopAt).depth;
}

export function isSmallJsonObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return jsonDepth(value, MAX_METADATA_DEPTH) <= MAX_METADATA_DEPTH && Buffer.byteLength(JSON.stringify(value)) <= MAX_METADATA_BYTES;
}

export const IsLanguageTag = rule('isLanguageTag', 'must be a BCP 47 language tag of at most 35 characters', isLanguageTag);
export const IsHttpUrl = rule('isHttpUrl', 'must be an absolute http(s) URL of at most 2048 characters', isHttpUrl);
export const IsSmallJsonObject = rule(
  'isSmallJsonObject',
  `must be a JSON object of at most ${MAX_METADATA_BYTES} bytes and ${MAX_METADATA_DEPTH} levels deep`,
  isSmallJsonObject,
);
