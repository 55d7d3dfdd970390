import { featurize } from './features';
import { documentSignals } from './salience';

const DEBATE = [
  'Tonight we talk about taxes and trade.',
  'My plan cuts taxes for the middle class by 2,000 dollars.',
  'Good evening.',
  'Thank you.',
  'We also need better schools.',
  'That is not true, his plan raises taxes on the middle class.',
  'Schools matter.',
];

describe('document salience signals', () => {
  const signals = documentSignals(DEBATE);

  it('count recurrence only beyond the neighbouring sentences', () => {
    // "middle class" comes back four sentences later; "plan" too; "dollars" never does
    expect(signals[1].terms).toBe(6);
    expect(signals[1].recurring).toBeCloseTo(4 / 6, 10);
    expect(signals[1].peak).toBe(1);
    // "schools" recurs two sentences later only: inside the window
    expect(signals[4].recurring).toBe(0);
    expect(signals[2].terms).toBe(0);
  });

  it('mark a dispute in the next two sentences, and terms the next sentences repeat', () => {
    expect(signals.map((s) => s.disputedAt)).toEqual([0, 0, 0, 2, 1, 0, 0]);
    expect(signals[4].echoed).toBe(1); // "schools"
    expect(signals[6].echoed).toBe(0);
  });

  it('become features only when the options ask for them, with a stand-in without a document', () => {
    const base = { sentCharScale: 1, sentCharMin: 2, sentCharMax: 6 };
    const plain = featurize(DEBATE[1], 'en', 18, base, { document: signals[1] }).idx.length;
    expect(featurize(DEBATE[1], 'en', 18, { ...base, salience: 1 }, { document: signals[1] }).idx.length).toBe(plain + 4);
    expect(featurize(DEBATE[1], 'en', 18, { ...base, salience: 1 }).idx.length).toBe(plain + 1);
  });
});
