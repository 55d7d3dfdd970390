import { extractClaims } from './index';
import { posTags } from './pos-tags';
import { scoreCheckworthiness } from './scorer';
import { segmentSentences } from './segment';

/**
 * Text processing must be linear in its input: an article of pathological shape must not freeze a
 * worker. For each shape, the input size is doubled and the time ratio t(2n)/t(n) (medians of
 * interleaved repetitions, measured in this run after a warm-up) must stay well under 4, the ratio
 * of a quadratic algorithm. No absolute time is asserted.
 */
const SHAPES: Record<string, (n: number) => string> = {
  'repeated abbreviations': (n) => 'Mr. '.repeat(n / 4),
  'repeated initials': (n) => 'J. R. '.repeat(n / 6),
  'one giant token': (n) => 'a'.repeat(n),
  'quotes and brackets': (n) => '"(a)" «b» [c] '.repeat(n / 14),
  'closing quotes after a terminal': (n) => 'Hi! » '.repeat(n / 6),
  'long digit runs': (n) => '1234567890'.repeat(n / 10),
  emoji: (n) => '😀👍🏽 '.repeat(n / 7),
  'no punctuation': (n) => 'word '.repeat(n / 5),
  'mixed scripts': (n) => 'abc абв 中文 ١٢ हिं '.repeat(n / 20),
  ellipses: (n) => 'Wait... Then '.repeat(n / 13),
};

/**
 * CPU milliseconds of one call. CPU time, not wall time: on a shared box the process is preempted
 * for whole time slices, which wall time counts and CPU time does not.
 */
function time(f: () => unknown): number {
  const start = process.cpuUsage();
  f();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * t(2n)/t(n), with n grown until one call takes long enough to measure above timer noise. A pause
 * of another process or of the garbage collector can inflate one measurement, so the ratio is
 * measured up to five times and the lowest is kept: a quadratic algorithm gives about 4 every time.
 */
function growthRatio(make: (n: number) => string, run: (text: string) => unknown): number {
  let n = 4_000;
  while (n < 1_000_000 && time(() => run(make(n))) < 30) n *= 2;
  const small = make(n);
  const large = make(2 * n);
  run(small); // warm-up at both sizes
  run(large);
  let best = Infinity;
  for (let attempt = 0; attempt < 5 && best >= 2.5; attempt++) {
    const ts: number[] = [];
    const tl: number[] = [];
    for (let rep = 0; rep < 5; rep++) {
      ts.push(time(() => run(small)));
      tl.push(time(() => run(large)));
    }
    best = Math.min(best, median(tl) / median(ts));
  }
  return best;
}

describe('text processing runs in linear time on pathological input', () => {
  beforeAll(() => extractClaims({ text: 'Prices rose 5% in 2023. Officials said so.', language: 'en' })); // load models

  for (const [shape, make] of Object.entries(SHAPES)) {
    it(`segmentation: ${shape}`, () => {
      expect(growthRatio(make, (text) => segmentSentences(text, 'en'))).toBeLessThan(3);
    });
    it(`extraction (segmentation, language detection, scoring): ${shape}`, () => {
      expect(growthRatio(make, (text) => extractClaims({ text }))).toBeLessThan(3);
    });
  }

  it('scoring and tagging of one sentence are bounded, however long the sentence', () => {
    for (const make of [SHAPES['one giant token'], SHAPES['no punctuation'], SHAPES['quotes and brackets']]) {
      expect(growthRatio(make, (text) => scoreCheckworthiness(text, 'en'))).toBeLessThan(3);
    }
    expect(growthRatio(SHAPES['one giant token'], (text) => posTags(text))).toBeLessThan(3);
  });
});
