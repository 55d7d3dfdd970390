import { featurize } from './features';

const OPTIONS = { sentCharScale: 1, sentCharMin: 2, sentCharMax: 6 };
const count = (text: string, claimShape: boolean): number => featurize(text, 'en', 18, { ...OPTIONS, claimShape }).idx.length;

describe('claim-shape features', () => {
  it('mark a subject followed by what it did, and an opinion lead, only when asked for', () => {
    expect(count('She gave us the money.', true)).toBe(count('She gave us the money.', false) + 1);
    expect(count('I think she gave us the money.', true)).toBe(count('I think she gave us the money.', false) + 3);
    expect(count('Good evening.', true)).toBe(count('Good evening.', false));
  });

  it('tell a past-tense predicate from a present one', () => {
    const shape = (text: string): number[] => {
      const plain = new Set(featurize(text, 'en', 18, OPTIONS).idx);
      return featurize(text, 'en', 18, { ...OPTIONS, claimShape: true }).idx.filter((k) => !plain.has(k));
    };
    expect(shape('He voted for it.')).not.toEqual(shape('He is for it.'));
    expect(shape('He voted for it.')).toEqual(shape('She signed it.'));
  });
});
