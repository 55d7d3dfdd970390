import { charNgramSimilarity } from './features';
import { comparableText, surfaceSimilarity } from './similarity';

describe('surface similarity (what claim clusters compare)', () => {
  it('scores the same text 1, inflections and function words as the same terms, and other words apart', () => {
    const a = comparableText('Official figures show unemployment doubled.', 'en');
    expect(surfaceSimilarity(a, a)).toEqual({ charNgrams: 1, termJaccard: 1 });
    const inflected = surfaceSimilarity(a, comparableText('Official figures showed that unemployment doubled.', 'en'));
    expect(inflected.termJaccard).toBe(1);
    expect(inflected.charNgrams).toBeGreaterThan(0.8);
    const other = surfaceSimilarity(a, comparableText('Official figures show inflation doubled.', 'en'));
    expect(other.termJaccard).toBeCloseTo(4 / 6);
    expect(other.charNgrams).toBeLessThan(inflected.charNgrams);
    expect(surfaceSimilarity(a, comparableText('Unrelated words entirely', 'en')).termJaccard).toBe(0);
  });

  it('keeps each term with the words it comes from, one per occurrence', () => {
    expect(comparableText('Person meets person; persons.', 'en').terms.get('person')).toEqual(['person', 'person', 'persons']);
  });

  it('agrees with the ranker feature charNgramSimilarity', () => {
    const [x, y] = ['Freedonia unemployment rose', 'Fredonia unemploymnet rose'];
    expect(surfaceSimilarity(comparableText(x, 'en'), comparableText(y, 'en')).charNgrams).toBeCloseTo(charNgramSimilarity(x, y), 6);
  });
});
