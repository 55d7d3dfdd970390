import { VERDICT_RATINGS } from '../workflow/verdict-rating';
import { normalizeRating, ratingToStance, RATING_VALUES } from './rating';

describe('ratings', () => {
  it('maps ratings to stances', () => {
    expect(ratingToStance('false')).toBe('refutes');
    expect(ratingToStance('Mostly False')).toBe('refutes');
    expect(ratingToStance('mostly-true')).toBe('supports');
    expect(ratingToStance('TRUE')).toBe('supports');
    expect(ratingToStance('mixed')).toBe('context');
    expect(ratingToStance('misleading')).toBe('context');
    expect(ratingToStance('Pants on Fire')).toBe('context');
    expect(normalizeRating(' Mostly  false ')).toBe('mostly_false');
  });

  it('gives every verdict rating a 1..5 value, true best and false worst', () => {
    for (const rating of VERDICT_RATINGS) expect(RATING_VALUES[rating]).toBeGreaterThanOrEqual(1);
    for (const rating of VERDICT_RATINGS) expect(RATING_VALUES[rating]).toBeLessThanOrEqual(5);
    expect(RATING_VALUES.true).toBe(5);
    expect(RATING_VALUES.false).toBe(1);
  });
});
