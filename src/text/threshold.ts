import * as fs from 'node:fs';
import * as path from 'node:path';

function readThreshold(): number {
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(__dirname, 'model', 'checkworthiness-threshold.json'), 'utf8')) as {
      threshold: number;
    };
    if (typeof meta.threshold === 'number' && meta.threshold > 0 && meta.threshold < 1) return meta.threshold;
  } catch {
    /* fall through */
  }
  return 0.5;
}

/**
 * Default decision threshold on the calibrated score: the lowest score at which the out-of-fold
 * precision on the CLEF-2019 transcripts (real base rate, 2.7%) reaches the training target, 0.20
 * (written by `npm run train:checkworthiness` next to the weights; docs/checkworthiness.md).
 * Newsrooms that want a longer or shorter queue set their own threshold.
 */
export const DEFAULT_CHECKWORTHY_THRESHOLD: number = readThreshold();
