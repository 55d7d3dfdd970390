import { primarySubtag, reviewerLanguages } from './language-match';

describe('reviewer languages', () => {
  it('matches on the primary subtag, lower-cased', () => {
    expect(primarySubtag('en-GB')).toBe('en');
    expect(reviewerLanguages(undefined, ['EN-gb', 'es'])).toEqual(['en', 'es']);
  });
  it('lets the request override the profile; none means any', () => {
    expect(reviewerLanguages(['fr'], ['en'])).toEqual(['fr']);
    expect(reviewerLanguages([], ['en'])).toBeNull();
    expect(reviewerLanguages(undefined, [])).toBeNull();
  });
});
