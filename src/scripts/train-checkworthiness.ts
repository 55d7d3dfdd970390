/**
 * Train the check-worthiness scorer (deterministic) and write
 * src/text/model/checkworthiness-weights.json (+ checkworthiness-threshold.json).
 *
 *   npm run build && npm run train:checkworthiness
 *   CHECKWORTHINESS_DATA_DIR=/path/to/checkworthiness npm run train:checkworthiness
 *
 * Data: ClaimBuster 2.5xNCS train/dev TSVs (see the README section "Extraction quality"). Never copied into the repo.
 * Procedure: for each feature set ('en' and the language-independent 'universal'):
 *  1. choose the L2 strength by 5-fold cross-validation on train (average precision);
 *  2. fit Platt calibration on the out-of-fold logits of that setting;
 *  3. train on all of train; prune and round weights;
 *  4. on dev: report P/R/F1/AP and pick the threshold that maximises F1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_EN_OPTIONS, featurize, type EnglishFeatureOptions, type FeatureMode, type FeatureVector } from '../text/features';
import { fitPlatt, logit, trainLogistic } from '../text/logistic';
import { averagePrecision, bestF1Threshold, logLoss, prf, rocAuc } from '../text/metrics';
import { findRepoRoot, readLabelledTsv, resolveDataDir, type LabelledSentence } from '../text/dataset';
import { rawScore, type StoredMember, type StoredModel, type WeightsFile } from '../text/scorer';

const BITS = Number(process.env.CW_BITS ?? 18);
const FOLDS = 5;
const PRUNE = 1e-4;
const L2_GRID: Record<FeatureMode, number[]> = {
  en: (process.env.CW_L2_EN ?? '5e-5,1e-4').split(',').map(Number),
  universal: (process.env.CW_L2_U ?? '1e-4,1e-3').split(',').map(Number),
};
/**
 * Candidate English feature configurations, compared by cross-validated AP on train (never on dev):
 * word uni/bigrams + hand-made features + character 2-6-grams over the sentence at two scales, the
 * same with part-of-speech uni/bi/trigrams (wink-nlp), and EN_ENSEMBLES: the mean of several
 * configurations' logits (each at its own best l2), calibrated together.
 * (Earlier CV runs also tried words only, sentCharScale 0 -> CV AP 0.871, and l2 = 2e-5 -> 0.8725;
 * both lost, so they are left out to keep training near a quarter of an hour.)
 */
const EN_CANDIDATES: Record<string, EnglishFeatureOptions> = {
  'words+sentence-chars': { sentCharScale: 1, sentCharMin: 2, sentCharMax: 6 },
  'words+sentence-chars(0.7)': { sentCharScale: 0.7, sentCharMin: 2, sentCharMax: 6 },
  'words+sentence-chars+pos': { sentCharScale: 1, sentCharMin: 2, sentCharMax: 6, posScale: 1 },
};
const EN_ENSEMBLES: string[][] = [['words+sentence-chars', 'words+sentence-chars+pos']];

const sig = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const r4 = (v: number): number => Math.round(v * 1e4) / 1e4;

function fold(s: LabelledSentence, i: number): number {
  const id = Number(/(\d+)$/.exec(s.source)?.[1] ?? i);
  // ids are used mod 100 for the dev split, so use a different mixing for folds
  return Math.floor(id / 100 + id * 7) % FOLDS;
}

function log(msg: string): void {
  process.stdout.write(`${msg}\n`);
}

interface ModeResult {
  stored: StoredModel;
  cv: Record<string, number | string>;
  dev: Record<string, number>;
  threshold: number;
}

interface ConfigResult {
  name: string;
  options: EnglishFeatureOptions;
  l2: number;
  ap: number;
  oof: number[];
  X: FeatureVector[];
}

/** Out-of-fold logits of each configuration at each l2; each configuration keeps its best l2 (CV AP). */
function crossValidate(mode: FeatureMode, train: LabelledSentence[], y: number[]): ConfigResult[] {
  const folds = train.map((s, i) => fold(s, i));
  const dim = 1 << BITS;
  const candidates: Record<string, EnglishFeatureOptions> = mode === 'en' ? EN_CANDIDATES : { universal: DEFAULT_EN_OPTIONS };
  const results: ConfigResult[] = [];
  for (const [name, options] of Object.entries(candidates)) {
    const X = train.map((s) => featurize(s.text, mode, BITS, options));
    let best: ConfigResult | null = null;
    for (const l2 of L2_GRID[mode]) {
      const oof = new Array<number>(train.length).fill(0);
      for (let k = 0; k < FOLDS; k++) {
        const tx: FeatureVector[] = [];
        const ty: number[] = [];
        for (let i = 0; i < train.length; i++)
          if (folds[i] !== k) {
            tx.push(X[i]);
            ty.push(y[i]);
          }
        const m = trainLogistic({ x: tx, y: ty }, { dim, l2 });
        for (let i = 0; i < train.length; i++) if (folds[i] === k) oof[i] = logit(m.w, m.bias, X[i]);
      }
      const ap = averagePrecision(oof, y);
      log(`[${mode}] ${name} l2=${l2} cv AP=${ap.toFixed(4)} cv bestF1=${bestF1Threshold(oof.map(sig), y).f1.toFixed(4)}`);
      if (!best || ap > best.ap + 1e-9) best = { name, options, l2, ap, oof, X };
    }
    results.push(best!);
  }
  return results;
}

function trainMode(mode: FeatureMode, train: LabelledSentence[], dev: LabelledSentence[]): ModeResult {
  const t0 = Date.now();
  const y = train.map((s) => s.label as number);
  const dim = 1 << BITS;
  const configs = crossValidate(mode, train, y);
  // Candidates: every configuration alone, and each ensemble (mean of its members' out-of-fold logits).
  const candidates = [
    ...configs.map((config) => ({ name: config.name, members: [config], oof: config.oof })),
    ...(mode === 'en' ? EN_ENSEMBLES : []).map((names) => {
      const members = names.map((name) => configs.find((config) => config.name === name)!);
      const oof = y.map((_, i) => members.reduce((sum, member) => sum + member.oof[i], 0) / members.length);
      return { name: `mean(${names.join(', ')})`, members, oof };
    }),
  ].map((candidate) => ({ ...candidate, ap: averagePrecision(candidate.oof, y) }));
  for (const candidate of candidates.filter((c) => c.members.length > 1))
    log(`[${mode}] ${candidate.name} cv AP=${candidate.ap.toFixed(4)}`);
  const chosen = candidates.reduce((best, candidate) => (candidate.ap > best.ap + 1e-9 ? candidate : best));

  const platt = fitPlatt(chosen.oof, y);
  const oofP = chosen.oof.map((z) => sig(platt.a * z + platt.b));
  const cv = {
    config: chosen.name,
    l2: chosen.members.map((member) => member.l2).join(','),
    ap: r4(averagePrecision(oofP, y)),
    bestF1: r4(bestF1Threshold(oofP, y).f1),
    logLoss: r4(logLoss(oofP, y)),
  };
  // Each member trained on all of train at its l2; pruned and rounded (5 significant digits).
  const members: StoredMember[] = chosen.members.map((member) => {
    const model = trainLogistic({ x: member.X, y }, { dim, l2: member.l2 });
    const idx: number[] = [];
    const w: number[] = [];
    for (let i = 0; i < dim; i++) {
      if (Math.abs(model.w[i]) >= PRUNE) {
        idx.push(i);
        w.push(Number(model.w[i].toPrecision(5)));
      }
    }
    const options = { ...DEFAULT_EN_OPTIONS, ...member.options };
    return { options: mode === 'en' ? options : undefined, bias: Number(model.bias.toPrecision(8)), idx, w };
  });
  const [first, ...also] = members;
  const stored: StoredModel = {
    mode,
    bits: BITS,
    ...first,
    ...(also.length > 0 ? { also } : {}),
    platt: { a: Number(platt.a.toPrecision(8)), b: Number(platt.b.toPrecision(8)) },
  };
  // Evaluate the stored (pruned, rounded) model on dev, through the scorer's own code.
  const loaded = {
    mode,
    bits: BITS,
    members: members.map((member) => {
      const dense = new Float64Array(dim);
      member.idx.forEach((j, k) => (dense[j] = member.w[k]));
      return { bias: member.bias, dense, options: { ...DEFAULT_EN_OPTIONS, ...member.options } };
    }),
  };
  const devY = dev.map((s) => s.label as number);
  const devP = dev.map((s) => sig(stored.platt.a * rawScore(loaded, s.text) + stored.platt.b));
  const bestDev = bestF1Threshold(devP, devY);
  const at05 = prf(devP, devY, 0.5);
  const devMetrics = {
    precision: r4(bestDev.precision),
    recall: r4(bestDev.recall),
    f1: r4(bestDev.f1),
    ap: r4(averagePrecision(devP, devY)),
    rocAuc: r4(rocAuc(devP, devY)),
    logLoss: r4(logLoss(devP, devY)),
    f1At05: r4(at05.f1),
    n: dev.length,
  };
  const nonzero = members.reduce((sum, member) => sum + member.idx.length, 0);
  log(
    `[${mode}] chosen ${chosen.name}; nonzero=${nonzero}; dev ${JSON.stringify(devMetrics)} threshold=${bestDev.threshold} (${((Date.now() - t0) / 1000).toFixed(1)}s)`,
  );
  return { stored, cv, dev: devMetrics, threshold: bestDev.threshold };
}

function main(): void {
  const dataDir = resolveDataDir();
  const trainFile = path.join(dataDir, 'train.tsv');
  const devFile = path.join(dataDir, 'dev.tsv');
  if (!fs.existsSync(trainFile) || !fs.existsSync(devFile)) {
    throw new Error(`train.tsv/dev.tsv not found in ${dataDir} (set CHECKWORTHINESS_DATA_DIR)`);
  }
  const train = readLabelledTsv(trainFile);
  const dev = readLabelledTsv(devFile);
  log(
    `train=${train.length} (pos ${train.filter((s) => s.label === 1).length}) dev=${dev.length} (pos ${dev.filter((s) => s.label === 1).length}) from ${dataDir}`,
  );
  const en = trainMode('en', train, dev);
  const uni = trainMode('universal', train, dev);
  const file: WeightsFile = {
    format: 'claimflow-checkworthiness/1',
    createdBy: 'src/scripts/train-checkworthiness.ts (npm run train:checkworthiness)',
    data: {
      dataset:
        'ClaimBuster 2.5xNCS (Arslan et al., ICWSM 2020; Meng et al., arXiv:2002.07725) — research data, GPL-3.0 per utaresearch/claimbuster-spotter; not shipped',
      train: { rows: train.length, positives: train.filter((s) => s.label === 1).length },
      dev: { rows: dev.length, positives: dev.filter((s) => s.label === 1).length },
    },
    hyperparameters: {
      hashBits: BITS,
      folds: FOLDS,
      prune: PRUNE,
      optimizer: 'L-BFGS (full batch), mean log-loss + l2/2 ||w||^2',
      l2: { en: en.cv.l2, universal: uni.cv.l2 },
      l2Grid: L2_GRID,
      enConfig: en.cv.config,
      enCandidates: EN_CANDIDATES,
      enEnsembles: EN_ENSEMBLES,
      calibration: 'Platt on 5-fold out-of-fold logits of train',
    },
    threshold: en.threshold,
    universalThreshold: uni.threshold,
    metrics: { dev: en.dev, cv: en.cv, universalDev: uni.dev, universalCv: uni.cv },
    models: { en: en.stored, universal: uni.stored },
  };
  const root = findRepoRoot(process.cwd());
  const outDir = path.join(root, 'src', 'text', 'model');
  fs.mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, 'checkworthiness-weights.json');
  fs.writeFileSync(outFile, JSON.stringify(file) + '\n');
  fs.writeFileSync(
    path.join(outDir, 'checkworthiness-threshold.json'),
    JSON.stringify(
      { threshold: en.threshold, universalThreshold: uni.threshold, note: 'written by train-checkworthiness; F1-optimal on dev' },
      null,
      2,
    ) + '\n',
  );
  log(`wrote ${outFile} (${(fs.statSync(outFile).size / 1024).toFixed(0)} KiB)`);
}

main();
