import {
  combineMatchScore,
  overlapQuery,
  DEFAULT_MATCH_THRESHOLD,
  diceCoefficient,
  foldText,
  textMatchScore,
  trigramSimilarity,
} from './match-score';
import { normalizeRating, ratingToStance, RATING_VALUES, VERDICT_RATINGS } from './rating';

describe('match score', () => {
  it('is half lexeme Dice, half trigram similarity, within 0..1', () => {
    expect(combineMatchScore({ lexical: 1, trigram: 1 })).toBe(1);
    expect(combineMatchScore({ lexical: 0, trigram: 0 })).toBe(0);
    expect(combineMatchScore({ lexical: 0.6, trigram: 0.2 })).toBeCloseTo(0.4, 4);
    expect(combineMatchScore({ lexical: 3, trigram: Number.NaN })).toBe(0.5);
  });

  it('computes Dice on distinct lexemes', () => {
    expect(diceCoefficient(['a', 'b', 'c'], ['b', 'c', 'd', 'd'])).toBeCloseTo((2 * 2) / 6, 6);
    expect(diceCoefficient([], ['a'])).toBe(0);
  });

  it('folds case and accents like claimflow_fold()', () => {
    expect(foldText('Él Niño ÉTÉ')).toBe('el nino ete');
  });

  it('computes pg_trgm-style similarity', () => {
    expect(trigramSimilarity('word', 'word')).toBe(1);
    expect(trigramSimilarity('word', 'zzzz')).toBe(0);
    expect(trigramSimilarity('unemployment doubled', 'unemployment has doubled')).toBeGreaterThan(0.5);
  });

  it('puts a paraphrase above the threshold and an unrelated claim below it', () => {
    const item = 'The unemployment rate doubled in 2023, according to official statistics';
    expect(textMatchScore('Official statistics show the unemployment rate doubled in 2023', item)).toBeGreaterThan(DEFAULT_MATCH_THRESHOLD);
    expect(textMatchScore('The mayor opened a new bridge over the river on Tuesday', item)).toBeLessThan(DEFAULT_MATCH_THRESHOLD);
  });
});

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

describe('full-text candidate query', () => {
  it('asks for two shared lexemes out of the ten longest, quoting every lexeme', () => {
    expect(overlapQuery(['rate', 'unemploy'])).toBe(`'unemploy' | 'rate'`);
    expect(overlapQuery(['a', 'bb', 'ccc'])).toBe(`'ccc' & 'bb' | 'ccc' & 'a' | 'bb' & 'a'`);
    expect(overlapQuery(["o'neil", 'x\\y', 'z'])).toBe(`'o''neil' & 'x\\\\y' | 'o''neil' & 'z' | 'x\\\\y' & 'z'`);
    expect(overlapQuery(Array.from({ length: 20 }, (_, i) => `w${i}`)).split(' | ')).toHaveLength(45);
    expect(overlapQuery([])).toBe('');
  });
});
