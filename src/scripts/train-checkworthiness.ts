/**
 * Train the check-worthiness scorer (deterministic) and write
 * src/text/model/checkworthiness-weights.json (+ checkworthiness-threshold.json).
 *
 *   npm run build && npm run train:checkworthiness
 *   CHECKWORTHINESS_DATA_DIR=/path/to/checkworthiness npm run train:checkworthiness
 *   CW_CANDIDATES='name|name' ...   (only these English candidates; for quick experiments)
 *
 * Data (never copied into the repo, see docs/checkworthiness.md): ClaimBuster 2.5xNCS train/dev and
 * the CLEF-2019 CheckThat! Task 1 training transcripts (clef2019-train.tsv).
 *
 * English model: every candidate in EN_CANDIDATES is scored by leave-one-transcript-out
 * cross-validated MAP on clef2019-train (trained on ClaimBuster train + the other 18 transcripts);
 * the best one is trained on everything, calibrated (Platt) on its out-of-fold clef scores, which
 * are at the real base rate (2.7%), and its default threshold is the lowest score at which the
 * out-of-fold precision reaches TARGET_PRECISION. ClaimBuster dev is reported, never tuned on.
 * Language-independent model (every other language): L2 logistic regression on ClaimBuster train,
 * L2 chosen by 5-fold CV, Platt-calibrated, as before.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_EN_OPTIONS, featurize, type EnglishFeatureOptions, type FeatureMode, type FeatureVector } from '../text/features';
import { fitPlatt, logit, trainLogistic } from '../text/logistic';
import { averagePrecision, bestF1Threshold, logLoss, prf, rocAuc } from '../text/metrics';
import { findRepoRoot, readLabelledTsv, resolveDataDir, type LabelledSentence } from '../text/dataset';
import { rawScore, sigmoid, type StoredMember, type StoredModel, type WeightsFile } from '../text/scorer';
import { indicatorIndex, type SentenceContext } from '../text/features';
import { readTranscriptTsv, type TranscriptLine } from '../text/dataset';
import { meanAveragePrecision } from '../text/metrics';
import { linearScore, trainRanker, type LinearModel, type RankingExample } from '../text/ranker';

const BITS = Number(process.env.CW_BITS ?? 18);
const FOLDS = 5;
const PRUNE = 1e-4;
const L2_GRID: Record<FeatureMode, number[]> = {
  en: (process.env.CW_L2_EN ?? '5e-5,1e-4').split(',').map(Number),
  universal: (process.env.CW_L2_U ?? '1e-4,1e-3').split(',').map(Number),
};

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
  const candidates: Record<string, EnglishFeatureOptions> = { [mode]: DEFAULT_EN_OPTIONS };
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
    ...([] as string[][]).map((names) => {
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

// ---- English: ranking across sources, chosen by leave-one-transcript-out MAP --------------------

interface EnglishCandidate {
  options: EnglishFeatureOptions;
  /** Weight of a ClaimBuster sentence relative to a transcript line (0 = transcripts only). */
  claimBusterWeight: number;
  /** Share of the pairwise (ranking) loss; the rest is pointwise logistic loss. */
  pairwise: number;
  epochs: number;
  learningRate: number;
  l2: number;
}

const BASE: EnglishCandidate = {
  options: { sentCharScale: 1, sentCharMin: 2, sentCharMax: 6 },
  claimBusterWeight: 0.3,
  pairwise: 0,
  epochs: 4,
  learningRate: 0.05,
  l2: 1e-6,
};
const WITH_CONTEXT: EnglishFeatureOptions = { ...BASE.options, contextScale: 0.5, attribution: true };

/** Candidates in the order they were tried (docs/checkworthiness.md has their CV figures). */
const EN_CANDIDATES: Record<string, EnglishCandidate> = {
  'pointwise, + ClaimBuster (0.3)': BASE,
  'pointwise, + ClaimBuster, context + attribution': { ...BASE, options: WITH_CONTEXT },
  'pairwise, + ClaimBuster, context + attribution': { ...BASE, options: WITH_CONTEXT, pairwise: 1 },
  'mixed 0.5, + ClaimBuster, context + attribution': { ...BASE, options: WITH_CONTEXT, pairwise: 0.5 },
};

/** Precision the default threshold is chosen for (out-of-fold, on whole transcripts). */
const TARGET_PRECISION = Number(process.env.CW_TARGET_PRECISION ?? 0.2);
const SEED = 20190901;

function contextOf(lines: TranscriptLine[], i: number): SentenceContext {
  const same = (j: number): string | null =>
    j >= 0 && j < lines.length && lines[j].transcript === lines[i].transcript ? lines[j].text : null;
  return { before: same(i - 1), after: same(i + 1) };
}

interface EnglishData {
  clef: TranscriptLine[];
  clefX: FeatureVector[];
  cb: LabelledSentence[];
  cbX: FeatureVector[];
}

function featurizeEnglish(options: EnglishFeatureOptions, clef: TranscriptLine[], cb: LabelledSentence[]): EnglishData {
  const source = indicatorIndex('source:claimbuster', BITS);
  return {
    clef,
    clefX: clef.map((l, i) => featurize(l.text, 'en', BITS, options, contextOf(clef, i))),
    cb,
    cbX: cb.map((s) => {
      const x = featurize(s.text, 'en', BITS, options);
      return { idx: [...x.idx, source], val: [...x.val, 1] };
    }),
  };
}

function examplesOf(data: EnglishData, c: EnglishCandidate, heldOut: string | null): RankingExample[] {
  const examples: RankingExample[] = [];
  data.clef.forEach((l, i) => {
    if (l.transcript !== heldOut) examples.push({ x: data.clefX[i], y: l.label, weight: 1, group: l.transcript });
  });
  if (c.claimBusterWeight > 0)
    data.cb.forEach((s, i) => examples.push({ x: data.cbX[i], y: s.label, weight: c.claimBusterWeight, group: 'claimbuster' }));
  return examples;
}

const trainCandidate = (data: EnglishData, c: EnglishCandidate, heldOut: string | null): LinearModel =>
  trainRanker(examplesOf(data, c, heldOut), {
    dim: 1 << BITS,
    epochs: c.epochs,
    learningRate: c.learningRate,
    l2: c.l2,
    pairwise: c.pairwise,
    negativesPerPositive: 8,
    seed: SEED,
  });

interface EnglishResult {
  name: string;
  candidate: EnglishCandidate;
  oof: number[];
  map: number;
  se: number;
}

function crossValidateEnglish(name: string, c: EnglishCandidate, data: EnglishData): EnglishResult {
  const t0 = Date.now();
  const oof = new Array<number>(data.clef.length).fill(0);
  for (const transcript of new Set(data.clef.map((l) => l.transcript))) {
    const m = trainCandidate(data, c, transcript);
    data.clef.forEach((l, i) => {
      if (l.transcript === transcript) oof[i] = linearScore(m, data.clefX[i]);
    });
  }
  const { map, se } = meanAveragePrecision(
    oof,
    data.clef.map((l) => l.label),
    data.clef.map((l) => l.transcript),
  );
  log(`[en] ${name}: leave-one-transcript-out MAP ${map.toFixed(4)} ± ${se.toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  return { name, candidate: c, oof, map, se };
}

/** Lowest threshold at which the precision of the lines at or above it reaches `target`. */
function thresholdForPrecision(
  probs: number[],
  labels: number[],
  target: number,
): { threshold: number; precision: number; recall: number } {
  const order = probs.map((_, i) => i).sort((a, b) => probs[b] - probs[a]);
  const positives = labels.filter((l) => l === 1).length;
  let tp = 0;
  let best = { threshold: 1, precision: 0, recall: 0 };
  order.forEach((i, rank) => {
    if (labels[i] === 1) tp++;
    const precision = tp / (rank + 1);
    const tied = rank + 1 < order.length && probs[order[rank + 1]] === probs[i];
    if (!tied && precision >= target && rank >= 9) best = { threshold: probs[i], precision, recall: tp / positives };
  });
  return best;
}

interface EnglishModel {
  stored: StoredModel;
  threshold: number;
  metrics: Record<string, Record<string, number | string>>;
  candidates: Record<string, { map: number; se: number }>;
}

function trainEnglish(clef: TranscriptLine[], train: LabelledSentence[], dev: LabelledSentence[]): EnglishModel {
  const only = process.env.CW_CANDIDATES?.split('|').map((name) => name.trim());
  const names = Object.keys(EN_CANDIDATES).filter((name) => !only || only.includes(name));
  const dataByOptions = new Map<string, EnglishData>();
  const results: EnglishResult[] = [];
  for (const name of names) {
    const c = EN_CANDIDATES[name];
    const key = JSON.stringify(c.options);
    if (!dataByOptions.has(key)) dataByOptions.set(key, featurizeEnglish(c.options, clef, train));
    results.push(crossValidateEnglish(name, c, dataByOptions.get(key)!));
  }
  const chosen = results.reduce((best, r) => (r.map > best.map + 1e-9 ? r : best));
  const data = dataByOptions.get(JSON.stringify(chosen.candidate.options))!;
  const labels = clef.map((l) => l.label as number);
  const platt = fitPlatt(chosen.oof, labels);
  const oofP = chosen.oof.map((z) => sigmoid(platt.a * z + platt.b));
  for (const target of [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]) {
    const o = thresholdForPrecision(oofP, labels, target);
    log(`[en] out of fold: precision >= ${target} from ${o.threshold.toFixed(4)} (recall ${o.recall.toFixed(3)})`);
  }
  const operating = thresholdForPrecision(oofP, labels, TARGET_PRECISION);
  const threshold = Number(operating.threshold.toFixed(4));
  const atThreshold = prf(oofP, labels, threshold);

  const model = trainCandidate(data, chosen.candidate, null);
  const idx: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < model.w.length; i++) {
    if (Math.abs(model.w[i]) >= PRUNE) {
      idx.push(i);
      w.push(Number(model.w[i].toPrecision(5)));
    }
  }
  const options = { ...DEFAULT_EN_OPTIONS, ...chosen.candidate.options };
  const stored: StoredModel = {
    mode: 'en',
    bits: BITS,
    options,
    bias: Number(model.bias.toPrecision(8)),
    idx,
    w,
    platt: { a: Number(platt.a.toPrecision(8)), b: Number(platt.b.toPrecision(8)) },
  };
  // ClaimBuster dev through the scorer's own code (pruned, rounded weights), for the record.
  const dense = new Float64Array(1 << BITS);
  idx.forEach((j, k) => (dense[j] = w[k]));
  const loaded = { mode: 'en' as const, bits: BITS, members: [{ bias: stored.bias, dense, options }] };
  const devY = dev.map((s) => s.label as number);
  const devP = dev.map((s) => sigmoid(stored.platt.a * rawScore(loaded, s.text) + stored.platt.b));
  const devAt = prf(devP, devY, threshold);
  const metrics = {
    cv: {
      config: chosen.name,
      map: r4(chosen.map),
      mapStandardError: r4(chosen.se),
      precisionAtThreshold: r4(atThreshold.precision),
      recallAtThreshold: r4(atThreshold.recall),
      logLoss: r4(logLoss(oofP, labels)),
    },
    dev: {
      ap: r4(averagePrecision(devP, devY)),
      rocAuc: r4(rocAuc(devP, devY)),
      precision: r4(devAt.precision),
      recall: r4(devAt.recall),
      f1: r4(devAt.f1),
      n: dev.length,
    },
  };
  log(`[en] chosen ${chosen.name}; nonzero=${idx.length}; threshold ${threshold}; ${JSON.stringify(metrics)}`);
  return {
    stored,
    threshold,
    metrics,
    candidates: Object.fromEntries(results.map((r) => [r.name, { map: r4(r.map), se: r4(r.se) }])),
  };
}

function main(): void {
  const dataDir = resolveDataDir();
  const files = ['train.tsv', 'dev.tsv', 'clef2019-train.tsv'].map((name) => path.join(dataDir, name));
  const missing = files.filter((file) => !fs.existsSync(file));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not found (set CHECKWORTHINESS_DATA_DIR to the folder holding them)`);
  const [train, dev] = files.slice(0, 2).map(readLabelledTsv);
  const clef = readTranscriptTsv(files[2]);
  log(
    `ClaimBuster train=${train.length} dev=${dev.length}; clef2019-train=${clef.length} lines (${clef.filter((l) => l.label === 1).length} check-worthy) from ${dataDir}`,
  );
  const en = trainEnglish(clef, train, dev);
  const uni = trainMode('universal', train, dev);
  const file: WeightsFile = {
    format: 'claimflow-checkworthiness/1',
    createdBy: 'src/scripts/train-checkworthiness.ts (npm run train:checkworthiness)',
    data: {
      dataset:
        'ClaimBuster 2.5xNCS (Arslan et al., ICWSM 2020; Meng et al., arXiv:2002.07725) and CLEF-2019 CheckThat! Task 1 training transcripts (Atanasova et al., CEUR-WS Vol-2380) — research data, not shipped',
      train: { rows: train.length, positives: train.filter((s) => s.label === 1).length },
      dev: { rows: dev.length, positives: dev.filter((s) => s.label === 1).length },
      clef2019Train: { rows: clef.length, positives: clef.filter((l) => l.label === 1).length },
    },
    hyperparameters: {
      hashBits: BITS,
      prune: PRUNE,
      en: {
        ...EN_CANDIDATES[String(en.metrics.cv.config)],
        trainer: 'AdaGrad SGD, pointwise logistic and/or pairwise (RankNet) loss within a transcript, 8 negatives per positive, seeded',
        seed: SEED,
        selection: 'leave-one-transcript-out MAP on clef2019-train',
        calibration: 'Platt on the out-of-fold clef2019-train scores (real base rate)',
        threshold: `lowest out-of-fold score with precision >= ${TARGET_PRECISION}`,
        candidates: en.candidates,
      },
      universal: {
        l2: uni.cv.l2,
        l2Grid: L2_GRID.universal,
        folds: FOLDS,
        calibration: 'Platt on 5-fold out-of-fold logits of ClaimBuster train',
      },
    },
    threshold: en.threshold,
    universalThreshold: uni.threshold,
    metrics: { ...en.metrics, universalDev: uni.dev, universalCv: uni.cv },
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
      {
        threshold: en.threshold,
        universalThreshold: uni.threshold,
        note: `written by train-checkworthiness; English: out-of-fold precision ${TARGET_PRECISION} on CLEF-2019 transcripts; universal: F1-optimal on ClaimBuster dev`,
      },
      null,
      2,
    ) + '\n',
  );
  log(`wrote ${outFile} (${(fs.statSync(outFile).size / 1024).toFixed(0)} KiB)`);
}

main();
