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
 * Default decision threshold on the calibrated score: the value that maximised F1 of the positive
 * class on the dev split (written by `npm run train:checkworthiness` next to the weights).
 * NB: dev is ~30% positive by construction; on real news the base rate is far lower, so treat the
 * score as a ranking and raise the threshold if reviewers want fewer, surer claims.
 */
export const DEFAULT_CHECKWORTHY_THRESHOLD: number = readThreshold();
