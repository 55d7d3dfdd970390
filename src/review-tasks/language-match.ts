import { isLanguageTag } from '../common/validators';

/** Primary subtag of a BCP 47 tag, lower case: 'en-GB' -> 'en'. */
export function primarySubtag(tag: string): string {
  return tag.split('-')[0].toLowerCase();
}

/**
 * The primary subtags a reviewer takes tasks in, or null for "any language".
 * Explicit languages (the request body) win over the reviewer's profile; an empty list means any.
 */
export function reviewerLanguages(requested: string[] | undefined, profile: string[]): string[] | null {
  const chosen = requested ?? profile;
  const primaries = [...new Set(chosen.filter(isLanguageTag).map(primarySubtag))];
  return primaries.length === 0 ? null : primaries;
}
