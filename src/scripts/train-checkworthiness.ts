/**
 * Train the check-worthiness scorer (deterministic) and write
 * src/text/model/checkworthiness-weights.json (+ checkworthiness-threshold.json).
 *
 *   npm run build && npm run train:checkworthiness
 *   CHECKWORTHINESS_DATA_DIR=/path/to/checkworthiness npm run train:checkworthiness
 *   CW_CANDIDATES='name|name' ...   (only these English candidates; for quick experiments)
 *
 * Data (never copied into the repo, see docs/checkworthiness.md): ClaimBuster 2.5xNCS train/dev and
 * the CLEF-2019 CheckThat! Task 1 training transcripts (clef2019-train.tsv); the weak-label
 * candidates also read the claims Snopes fact-checked (MATCHING_DATA_DIR/vclaims.jsonl).
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
import {
  ensembleLogit,
  hasContent,
  LOW_CONTENT_SCORE_CAP,
  rawScore,
  sigmoid,
  type Standardise,
  type StoredMember,
  type StoredModel,
  type WeightsFile,
} from '../text/scorer';
import {
  loadNeural,
  NeuralScorer,
  neuralLogit,
  quantiseNeural,
  trainNeural,
  type NeuralExample,
  type NeuralTrainOptions,
  type StoredNeural,
} from '../text/neural';
import { indicatorIndex, type SentenceContext } from '../text/features';
import { readFactCheckedClaims, readTranscriptTsv, resolveMatchingDataDir, type TranscriptLine } from '../text/dataset';
import { meanAndStandardError, meanAveragePrecision } from '../text/metrics';
import { documentSignals, type DocumentSignals } from '../text/salience';
import { linearScore, trainRanker, type LinearModel, type RankingExample } from '../text/ranker';
import {
  clusterWords,
  DEFAULT_EMBEDDING_OPTIONS,
  embeddingTokens,
  sentenceEmbedding,
  sentenceMaxEmbedding,
  trainEmbeddings,
  type WordEmbeddings,
} from '../text/embeddings';
import { readJsonlTexts } from '../text/dataset';
import { cnnLogit, cnnSentence, trainCnn, type CnnSentence, type CnnTrainOptions } from '../text/cnn';

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
  /**
   * Balance the transcripts: a transcript's lines weigh (mean positives per training transcript /
   * its positives)^balance, so that each transcript counts about the same in the pairwise loss, as
   * each counts the same in MAP (0 or absent = every line weight 1: a debate with 77 check-worthy
   * lines then weighs seven times one with 11).
   */
  transcriptBalance?: number;
  /** Hard negatives: each pair's negative is the highest-scoring of this many draws (ranker.ts). */
  hardNegativeDraws?: number;
  /** Listwise ranking loss instead of RankNet pairs (ranker.ts RankerOptions.listwise). */
  listwise?: 'softmax' | 'lambda';
  /** Negatives drawn per positive per epoch (8 when absent). */
  negativesPerPositive?: number;
  /**
   * Weak labels: claims Snopes fact-checked (vclaims.jsonl) as positives, ranked in a group of
   * their own above ClaimBuster's not-check-worthy sentences, each pair weighted `weight`;
   * `count` of them (evenly spaced in file order), with a source indicator when `indicator`;
   * `negatives: 'transcripts'` ranks them above the not-check-worthy lines of the training
   * transcripts (those at an even index) instead.
   */
  weak?: { weight: number; count: number; indicator: boolean; negatives?: 'claimbuster' | 'transcripts' };
  /** Dense sentence vectors from word embeddings trained here on unlabelled text (see EmbeddingBlock). */
  embedding?: EmbeddingBlock;
}

/**
 * Distributional word embeddings (embeddings.ts: PPMI + randomised SVD) trained on all the
 * unlabelled English text at hand, and the sentence's SIF-weighted mean vector (standardised per
 * dimension on the training sentences) appended to the hashed features as a dense block of weight
 * `scale`; with `context`, the previous and next lines' vectors too (half weight). With
 * `transcripts: false` the embeddings never see the transcripts' text (inside CV they otherwise see
 * the held-out transcript's unlabelled lines).
 */
interface EmbeddingBlock {
  /** 0 = no sentence vectors (clusters only). */
  scale: number;
  context: boolean;
  transcripts: boolean;
  dim?: number;
  /**
   * Word clusters of the embeddings (embeddings.ts clusterWords, k of them): the bag of the
   * sentence's cluster ids (and of adjacent pairs of them with `bigrams`), each 1/√tokens · scale.
   */
  clusters?: { k: number; scale: number; bigrams: boolean };
  /** The dense block alone, without the hashed features (a diagnostic: what the vectors carry by themselves). */
  only?: boolean;
  /** Also the component-wise maximum over the words (of the sentence and, with `context`, its neighbours). */
  max?: boolean;
  /**
   * Inside the cross-validation, train the embeddings (and the standardisation) again for each
   * fold without the held-out transcript's lines: as a deployed scorer meets a new article.
   */
  perFold?: boolean;
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

const PAIRWISE: EnglishCandidate = { ...BASE, options: WITH_CONTEXT, pairwise: 1 };
/** The committed model of the third round: every later candidate is compared with it, paired by transcript. */
const REFERENCE = 'pairwise, transcripts balanced';
const BALANCED: EnglishCandidate = { ...PAIRWISE, transcriptBalance: 1 };

/** Candidates in the order they were tried (docs/checkworthiness.md has their CV figures). */
const EN_CANDIDATES: Record<string, EnglishCandidate> = {
  'pointwise, + ClaimBuster (0.3)': BASE,
  'pointwise, + ClaimBuster, context + attribution': { ...BASE, options: WITH_CONTEXT },
  'pairwise, + ClaimBuster, context + attribution': { ...BASE, options: WITH_CONTEXT, pairwise: 1 },
  'mixed 0.5, + ClaimBuster, context + attribution': { ...BASE, options: WITH_CONTEXT, pairwise: 0.5 },
  // third round
  'pairwise, hard negatives (best of 4 draws)': { ...PAIRWISE, hardNegativeDraws: 4 },
  'pairwise, + claim-shape features': { ...PAIRWISE, options: { ...WITH_CONTEXT, claimShape: true } },
  'pairwise, + 4,000 fact-checked claims (weight 0.3)': { ...PAIRWISE, weak: { weight: 0.3, count: 4000, indicator: false } },
  'pairwise, + 2,000 fact-checked claims (weight 0.1, source indicator)': {
    ...PAIRWISE,
    weak: { weight: 0.1, count: 2000, indicator: true },
  },
  'pairwise, + 2,000 fact-checked claims (weight 0.1, source indicator) above transcript lines': {
    ...PAIRWISE,
    weak: { weight: 0.1, count: 2000, indicator: true, negatives: 'transcripts' },
  },
  'pairwise, ClaimBuster weight 0.6': { ...PAIRWISE, claimBusterWeight: 0.6 },
  'pairwise, ClaimBuster weight 0.15': { ...PAIRWISE, claimBusterWeight: 0.15 },
  'pairwise, transcripts balanced': { ...PAIRWISE, transcriptBalance: 1 },
  'pairwise, transcripts half-balanced': { ...PAIRWISE, transcriptBalance: 0.5 },
  'pairwise, transcripts balanced, 6 epochs': { ...PAIRWISE, transcriptBalance: 1, epochs: 6 },
  'three-quarters pairwise, transcripts balanced': { ...PAIRWISE, transcriptBalance: 1, pairwise: 0.75 },
  // fourth round: listwise losses, then document-level salience
  'listwise softmax (8 negatives), transcripts balanced': { ...BALANCED, listwise: 'softmax' },
  'listwise softmax (32 negatives), transcripts balanced': { ...BALANCED, listwise: 'softmax', negativesPerPositive: 32 },
  'LambdaRank (pairs weighted by delta-AP), transcripts balanced': { ...BALANCED, listwise: 'lambda' },
  'pairwise, transcripts balanced, + document salience': { ...BALANCED, options: { ...WITH_CONTEXT, salience: 1 } },
  // fifth round: dense sentence vectors from word embeddings trained here
  'balanced, + PPMI-SVD sentence vectors 64 (scale 1)': { ...BALANCED, embedding: { scale: 1, context: false, transcripts: true } },
  'balanced, + PPMI-SVD sentence and context vectors 64 (scale 1)': {
    ...BALANCED,
    embedding: { scale: 1, context: true, transcripts: true },
  },
  'balanced, + PPMI-SVD sentence and context vectors 64 (scale 0.3)': {
    ...BALANCED,
    embedding: { scale: 0.3, context: true, transcripts: true },
  },
  'balanced, + PPMI-SVD sentence and context vectors 64 (scale 3)': {
    ...BALANCED,
    embedding: { scale: 3, context: true, transcripts: true },
  },
  'balanced, + PPMI-SVD sentence and context vectors 64, embeddings without the transcripts (scale 1)': {
    ...BALANCED,
    embedding: { scale: 1, context: true, transcripts: false },
  },
  'balanced, PPMI-SVD sentence and context vectors 64 alone (no hashed features)': {
    ...BALANCED,
    embedding: { scale: 1, context: true, transcripts: true, only: true },
  },
  'balanced, PPMI-SVD mean and max vectors 64 of the line and its neighbours alone (no hashed features)': {
    ...BALANCED,
    embedding: { scale: 1, context: true, transcripts: true, only: true, max: true },
  },
  'balanced, PPMI-SVD mean and max vectors 64 alone, embeddings without the transcripts': {
    ...BALANCED,
    embedding: { scale: 1, context: true, transcripts: false, only: true, max: true },
  },
  'balanced, PPMI-SVD mean and max vectors 64 alone, embeddings per fold without the held-out transcript': {
    ...BALANCED,
    embedding: { scale: 1, context: true, transcripts: true, only: true, max: true, perFold: true },
  },
  'balanced, PPMI-SVD sentence and context vectors 100 alone (no hashed features)': {
    ...BALANCED,
    embedding: { scale: 1, context: true, transcripts: true, only: true, dim: 100 },
  },
  'balanced, + PPMI-SVD mean and max vectors 64 of the line and its neighbours (scale 1)': {
    ...BALANCED,
    embedding: { scale: 1, context: true, transcripts: true, max: true },
  },
  'balanced, + PPMI-SVD mean and max vectors 64 of the line and its neighbours (scale 2)': {
    ...BALANCED,
    embedding: { scale: 2, context: true, transcripts: true, max: true },
  },
  'balanced, + 256 embedding word clusters (uni + bigrams)': {
    ...BALANCED,
    embedding: { scale: 0, context: false, transcripts: true, clusters: { k: 256, scale: 1, bigrams: true } },
  },
  'balanced, + 256 embedding word clusters (unigrams)': {
    ...BALANCED,
    embedding: { scale: 0, context: false, transcripts: true, clusters: { k: 256, scale: 1, bigrams: false } },
  },
  'balanced, + 1,000 embedding word clusters (uni + bigrams)': {
    ...BALANCED,
    embedding: { scale: 0, context: false, transcripts: true, clusters: { k: 1000, scale: 1, bigrams: true } },
  },
};

/** A neural candidate (neural.ts): its own feature options (no context block: it embeds the neighbours itself). */
interface NeuralCandidate {
  options: EnglishFeatureOptions;
  train: Omit<NeuralTrainOptions, 'seed'>;
  claimBusterWeight: number;
  /**
   * Instead of the hashed features: only the standardised sentence vector of the embeddings (the
   * net's first layer is then a linear projection of it; the neighbours' vectors as usual).
   */
  embedding?: EmbeddingBlock;
}

const NEURAL_BASE: NeuralCandidate = {
  options: { sentCharScale: 1, sentCharMin: 3, sentCharMax: 5, attribution: true },
  train: { bits: 17, dim: 16, hidden: 16, epochs: 2, learningRate: 0.01, pairwise: 1, negativesPerPositive: 4 },
  claimBusterWeight: 0.3,
};

/** Neural candidates in the order they were tried. */
const NEURAL_CANDIDATES: Record<string, NeuralCandidate> = {
  'neural: hashed n-gram embeddings 16, context embeddings, ReLU 16, pairwise': NEURAL_BASE,
  // fifth round: a small MLP over the PPMI-SVD sentence vectors of the line and its neighbours
  'neural: PPMI-SVD sentence vectors 64 -> 32, context, ReLU 32, pairwise, 6 epochs': {
    ...NEURAL_BASE,
    train: { ...NEURAL_BASE.train, bits: 7, dim: 32, hidden: 32, epochs: 6 },
    embedding: { scale: 8, context: false, transcripts: true },
  },
  'neural: PPMI-SVD sentence vectors 64 -> 32, context, ReLU 32, half pointwise, 12 epochs, rate 0.03': {
    ...NEURAL_BASE,
    train: { ...NEURAL_BASE.train, bits: 7, dim: 32, hidden: 32, epochs: 12, learningRate: 0.03, pairwise: 0.5 },
    embedding: { scale: 8, context: false, transcripts: true },
  },
};

/** A CNN candidate (cnn.ts): trained and cross-validated only (the scorer cannot load a CNN member). */
interface CnnCandidate {
  train: Omit<CnnTrainOptions, 'seed'>;
  claimBusterWeight: number;
  /** As EnglishCandidate.transcriptBalance. */
  transcriptBalance?: number;
  /** Without the previous and next lines (an ablation). */
  noContext?: boolean;
}

const CNN_BASE: CnnCandidate = {
  train: { bits: 17, dim: 16, filters: 16, widths: [2, 3, 4], epochs: 3, learningRate: 0.02, negativesPerPositive: 4 },
  claimBusterWeight: 0.3,
  transcriptBalance: 1,
};

/** Sixth round: CNN candidates in the order they were tried. */
const CNN_CANDIDATES: Record<string, CnnCandidate> = {
  'cnn: hashed word + char 3-4-gram embeddings 16, widths 2-4 x 16 filters, max-pool, context, pairwise, balanced': CNN_BASE,
  'cnn: same, 6 epochs': { ...CNN_BASE, train: { ...CNN_BASE.train, epochs: 6 } },
  'cnn: same, learning rate 0.05': { ...CNN_BASE, train: { ...CNN_BASE.train, learningRate: 0.05 } },
  'cnn: same, without the previous and next lines': { ...CNN_BASE, noContext: true },
  'cnn: same, 32 filters per width': { ...CNN_BASE, train: { ...CNN_BASE.train, filters: 32 } },
  'cnn: same, transcripts not balanced': { ...CNN_BASE, transcriptBalance: 0 },
};
const CNN_NAME = Object.keys(CNN_CANDIDATES)[0];

/** Ensembles of a linear and a neural candidate: standardised logits, the neural one weighted `neuralWeight`. */
const ENSEMBLE_CANDIDATES: Record<string, { linear: string; neural: string; neuralWeight: number }> = {
  'ensemble: pairwise linear + neural (standardised mean)': {
    linear: 'pairwise, + ClaimBuster, context + attribution',
    neural: 'neural: hashed n-gram embeddings 16, context embeddings, ReLU 16, pairwise',
    neuralWeight: 0.5,
  },
  'ensemble: balanced linear + PPMI-SVD MLP, neural weight 0.25': {
    linear: 'pairwise, transcripts balanced',
    neural: 'neural: PPMI-SVD sentence vectors 64 -> 32, context, ReLU 32, pairwise, 6 epochs',
    neuralWeight: 0.25,
  },
  'ensemble: balanced linear + PPMI-SVD MLP, neural weight 0.4': {
    linear: 'pairwise, transcripts balanced',
    neural: 'neural: PPMI-SVD sentence vectors 64 -> 32, context, ReLU 32, pairwise, 6 epochs',
    neuralWeight: 0.4,
  },
  'ensemble: balanced linear + half-pointwise PPMI-SVD MLP, neural weight 0.3': {
    linear: 'pairwise, transcripts balanced',
    neural: 'neural: PPMI-SVD sentence vectors 64 -> 32, context, ReLU 32, half pointwise, 12 epochs, rate 0.03',
    neuralWeight: 0.3,
  },
  // two linear members (CV only: the weights file stores a linear and a neural member)
  'ensemble: balanced linear + linear on the PPMI-SVD vectors alone, weight 0.25': {
    linear: 'pairwise, transcripts balanced',
    neural: 'balanced, PPMI-SVD sentence and context vectors 64 alone (no hashed features)',
    neuralWeight: 0.25,
  },
  'ensemble: balanced linear + linear on the PPMI-SVD mean and max vectors alone, weight 0.25': {
    linear: 'pairwise, transcripts balanced',
    neural: 'balanced, PPMI-SVD mean and max vectors 64 of the line and its neighbours alone (no hashed features)',
    neuralWeight: 0.25,
  },
  'ensemble: balanced linear + linear on the PPMI-SVD mean and max vectors alone, weight 0.15': {
    linear: 'pairwise, transcripts balanced',
    neural: 'balanced, PPMI-SVD mean and max vectors 64 of the line and its neighbours alone (no hashed features)',
    neuralWeight: 0.15,
  },
  'ensemble: balanced linear + linear on the PPMI-SVD mean and max vectors alone, weight 0.35': {
    linear: 'pairwise, transcripts balanced',
    neural: 'balanced, PPMI-SVD mean and max vectors 64 of the line and its neighbours alone (no hashed features)',
    neuralWeight: 0.35,
  },
  'ensemble: balanced linear + linear on the PPMI-SVD mean and max vectors alone, weight 0.5': {
    linear: 'pairwise, transcripts balanced',
    neural: 'balanced, PPMI-SVD mean and max vectors 64 of the line and its neighbours alone (no hashed features)',
    neuralWeight: 0.5,
  },
  'ensemble: balanced linear + linear on the mean and max vectors alone (embeddings without the transcripts), weight 0.25': {
    linear: 'pairwise, transcripts balanced',
    neural: 'balanced, PPMI-SVD mean and max vectors 64 alone, embeddings without the transcripts',
    neuralWeight: 0.25,
  },
  'ensemble: balanced linear + linear on the mean and max vectors alone (embeddings per fold), weight 0.25': {
    linear: 'pairwise, transcripts balanced',
    neural: 'balanced, PPMI-SVD mean and max vectors 64 alone, embeddings per fold without the held-out transcript',
    neuralWeight: 0.25,
  },
  'ensemble: balanced linear + linear on the PPMI-SVD vectors 100 alone, weight 0.25': {
    linear: 'pairwise, transcripts balanced',
    neural: 'balanced, PPMI-SVD sentence and context vectors 100 alone (no hashed features)',
    neuralWeight: 0.25,
  },
  'ensemble: balanced linear + balanced linear with PPMI-SVD vectors (scale 1), weight 0.5': {
    linear: 'pairwise, transcripts balanced',
    neural: 'balanced, + PPMI-SVD sentence and context vectors 64 (scale 1)',
    neuralWeight: 0.5,
  },
  // sixth round (CV only: the scorer has no CNN member)
  'ensemble: balanced linear + CNN, weight 0.25': { linear: REFERENCE, neural: CNN_NAME, neuralWeight: 0.25 },
  'ensemble: balanced linear + CNN, weight 0.5': { linear: REFERENCE, neural: CNN_NAME, neuralWeight: 0.5 },
  'ensemble: balanced linear + CNN 6 epochs, weight 0.25': { linear: REFERENCE, neural: 'cnn: same, 6 epochs', neuralWeight: 0.25 },
  'ensemble: balanced linear + CNN 32 filters, weight 0.25': {
    linear: REFERENCE,
    neural: 'cnn: same, 32 filters per width',
    neuralWeight: 0.25,
  },
  'ensemble: balanced linear + CNN not balanced, weight 0.25': {
    linear: REFERENCE,
    neural: 'cnn: same, transcripts not balanced',
    neuralWeight: 0.25,
  },
  'ensemble: balanced linear + CNN rate 0.05, weight 0.25': {
    linear: REFERENCE,
    neural: 'cnn: same, learning rate 0.05',
    neuralWeight: 0.25,
  },
  'ensemble: pairwise linear + neural, neural weight 0.25': {
    linear: 'pairwise, + ClaimBuster, context + attribution',
    neural: 'neural: hashed n-gram embeddings 16, context embeddings, ReLU 16, pairwise',
    neuralWeight: 0.25,
  },
};

/**
 * Whether the scorer can load a candidate's weights: the embedding blocks (fifth round) and
 * ensembles of two linear members exist for the cross-validation only.
 */
function deployable(name: string): boolean {
  if (CNN_CANDIDATES[name]) return false;
  const ensemble = ENSEMBLE_CANDIDATES[name];
  if (ensemble) return deployable(ensemble.linear) && !!NEURAL_CANDIDATES[ensemble.neural] && deployable(ensemble.neural);
  return !(EN_CANDIDATES[name] ?? NEURAL_CANDIDATES[name])?.embedding;
}

/** Precision the default threshold is chosen for (out-of-fold, on whole transcripts). */
const TARGET_PRECISION = Number(process.env.CW_TARGET_PRECISION ?? 0.2);
const SEED = 20190901;

function contextOf(lines: TranscriptLine[], i: number, document: DocumentSignals[] | null): SentenceContext {
  const same = (j: number): string | null =>
    j >= 0 && j < lines.length && lines[j].transcript === lines[i].transcript ? lines[j].text : null;
  return { before: same(i - 1), after: same(i + 1), document: document?.[i] ?? null };
}

/** Document-level signals of every line, each transcript taken as one document (salience.ts). */
function transcriptSignals(lines: TranscriptLine[]): DocumentSignals[] {
  const signals = new Array<DocumentSignals>(lines.length);
  for (const transcript of transcriptsOf(lines)) {
    const at = lines.flatMap((l, i) => (l.transcript === transcript ? [i] : []));
    documentSignals(at.map((i) => lines[i].text)).forEach((s, k) => (signals[at[k]] = s));
  }
  return signals;
}

interface EnglishData {
  clef: TranscriptLine[];
  clefX: FeatureVector[];
  cb: LabelledSentence[];
  cbX: FeatureVector[];
  /** Fact-checked claims (weak positives), featurised without and with their source indicator. */
  factChecked: { plain: FeatureVector; marked: FeatureVector }[];
  /** ClaimBuster dev (reported, never tuned on). */
  devX: FeatureVector[];
  /** Buckets beyond the hashed ones (the dense block). */
  extraDim: number;
}

const withIndicator = (x: FeatureVector, index: number): FeatureVector => ({ idx: [...x.idx, index], val: [...x.val, 1] });

function featurizeEnglish(
  options: EnglishFeatureOptions,
  clef: TranscriptLine[],
  cb: LabelledSentence[],
  dev: LabelledSentence[],
  factChecked: string[],
  dense: DenseBlock | null,
): EnglishData {
  const source = indicatorIndex('source:claimbuster', BITS);
  const snopes = indicatorIndex('source:snopes', BITS);
  const document = options.salience ? transcriptSignals(clef) : null;
  const plus = (x: FeatureVector, text: string, context: SentenceContext = {}): FeatureVector =>
    dense ? dense.append(x, text, context) : x;
  return {
    clef,
    clefX: clef.map((l, i) => {
      const context = contextOf(clef, i, document);
      return plus(featurize(l.text, 'en', BITS, options, context), l.text, context);
    }),
    cb,
    cbX: cb.map((s) => plus(withIndicator(featurize(s.text, 'en', BITS, options), source), s.text)),
    factChecked: factChecked.map((text) => {
      const plain = plus(featurize(text, 'en', BITS, options), text);
      return { plain, marked: withIndicator(plain, snopes) };
    }),
    devX: dev.map((s) => plus(featurize(s.text, 'en', BITS, options), s.text)),
    extraDim: dense?.width ?? 0,
  };
}

interface DenseBlock {
  width: number;
  append(x: FeatureVector, text: string, context: SentenceContext): FeatureVector;
}

/** All the unlabelled English text at hand, in a fixed order (the transcripts' lines optional). */
function unlabelledTexts(clef: TranscriptLine[], cb: LabelledSentence[], transcripts: boolean): string[] {
  const dir = resolveMatchingDataDir();
  const texts = [...(transcripts ? clef.map((l) => l.text) : []), ...cb.map((s) => s.text)];
  texts.push(...readJsonlTexts(path.join(dir, 'vclaims.jsonl'), ['claimText', 'title']));
  for (const split of ['train', 'dev', 'devtest']) {
    const file = path.join(dir, `${split}.queries.jsonl`);
    if (fs.existsSync(file)) texts.push(...readJsonlTexts(file, ['text']));
  }
  return texts;
}

const embeddingsCache = new Map<string, WordEmbeddings>();

function embeddingsFor(block: EmbeddingBlock, clef: TranscriptLine[], cb: LabelledSentence[], heldOut: string | null): WordEmbeddings {
  const key = JSON.stringify([block.transcripts, block.dim, heldOut]);
  if (!embeddingsCache.has(key)) {
    const t0 = Date.now();
    const texts = unlabelledTexts(
      clef.filter((l) => l.transcript !== heldOut),
      cb,
      block.transcripts,
    );
    const e = trainEmbeddings(texts, { dim: block.dim ?? DEFAULT_EMBEDDING_OPTIONS.dim, seed: SEED });
    log(`[en] embeddings: ${e.words.length} words × ${e.dim} from ${texts.length} texts (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    embeddingsCache.set(key, e);
  }
  return embeddingsCache.get(key)!;
}

/** The dense block of a candidate: sentence (and neighbours') vectors, standardised on clef + ClaimBuster train. */
function denseBlock(
  block: EmbeddingBlock,
  clef: TranscriptLine[],
  cb: LabelledSentence[],
  base = 1 << BITS,
  heldOut: string | null = null,
): DenseBlock {
  const e = embeddingsFor(block, clef, cb, heldOut);
  const views = [sentenceEmbedding, ...(block.max ? [sentenceMaxEmbedding] : [])];
  const d = e.dim;
  const w = d * views.length;
  const mean = new Float64Array(w);
  const sq = new Float64Array(w);
  const texts = [...clef.filter((l) => l.transcript !== heldOut).map((l) => l.text), ...cb.map((s) => s.text)];
  const v = new Float64Array(d);
  for (const text of texts)
    views.forEach((view, at) => {
      view(e, text, v);
      for (let k = 0; k < d; k++) {
        mean[at * d + k] += v[k] / texts.length;
        sq[at * d + k] += (v[k] * v[k]) / texts.length;
      }
    });
  const std = mean.map((m, k) => Math.sqrt(Math.max(sq[k] - m * m, 1e-12)));
  const sides = block.scale > 0 ? (block.context ? 3 : 1) : 0;
  // the block's squared norm is about scale² (each dimension standardised, spread over w · sides values)
  const unit = block.scale / Math.sqrt(w * Math.max(sides, 1));
  const k = block.clusters?.k ?? 0;
  const cluster = k > 0 ? clusterWords(e, k, SEED) : null;
  const clusterBase = base + sides * w;
  const putClusters = (x: FeatureVector, text: string): void => {
    const ids = embeddingTokens(text).flatMap((t) => (e.index.has(t) ? [cluster![e.index.get(t)!]] : []));
    const value = block.clusters!.scale / Math.sqrt(Math.max(1, ids.length));
    const bag = new Map<number, number>();
    ids.forEach((c, i) => {
      bag.set(clusterBase + c, (bag.get(clusterBase + c) ?? 0) + value);
      if (block.clusters!.bigrams && i > 0)
        bag.set(clusterBase + k + ids[i - 1] * k + c, (bag.get(clusterBase + k + ids[i - 1] * k + c) ?? 0) + value);
    });
    for (const [index, v] of bag) {
      x.idx.push(index);
      x.val.push(v);
    }
  };
  const put = (x: FeatureVector, text: string | null | undefined, offset: number, weight: number): void => {
    if (!text || sides === 0) return;
    views.forEach((view, at) => {
      view(e, text, v);
      for (let k = 0; k < d; k++) {
        x.idx.push(base + offset + at * d + k);
        x.val.push((weight * unit * (v[k] - mean[at * d + k])) / std[at * d + k]);
      }
    });
  };
  return {
    width: sides * w + (k > 0 ? k + (block.clusters!.bigrams ? k * k : 0) : 0),
    append: (x, text, context) => {
      const out = block.only ? { idx: [] as number[], val: [] as number[] } : { idx: [...x.idx], val: [...x.val] };
      put(out, text, 0, 1);
      if (cluster) putClusters(out, text);
      if (block.context) {
        put(out, context.before, w, 0.5);
        put(out, context.after, 2 * w, 0.5);
      }
      return out;
    },
  };
}

/** `count` items evenly spaced over the list (deterministic). */
function evenlySpaced<T>(items: T[], count: number): T[] {
  const n = Math.min(count, items.length);
  return Array.from({ length: n }, (_, k) => items[Math.floor(k * (items.length / n))]);
}

/** Weight of each training transcript's lines (see EnglishCandidate.transcriptBalance). */
function transcriptWeights(clef: TranscriptLine[], heldOut: string | null, balance: number): Map<string, number> {
  const positives = new Map<string, number>();
  for (const l of clef) if (l.transcript !== heldOut) positives.set(l.transcript, (positives.get(l.transcript) ?? 0) + l.label);
  const mean = [...positives.values()].reduce((a, b) => a + b, 0) / positives.size;
  return new Map([...positives].map(([transcript, count]) => [transcript, balance > 0 ? Math.pow(mean / count, balance) : 1]));
}

function examplesOf(data: EnglishData, c: EnglishCandidate, heldOut: string | null): RankingExample[] {
  const examples: RankingExample[] = [];
  const weights = transcriptWeights(data.clef, heldOut, c.transcriptBalance ?? 0);
  data.clef.forEach((l, i) => {
    if (l.transcript !== heldOut) examples.push({ x: data.clefX[i], y: l.label, weight: weights.get(l.transcript)!, group: l.transcript });
  });
  if (c.claimBusterWeight > 0)
    data.cb.forEach((s, i) => examples.push({ x: data.cbX[i], y: s.label, weight: c.claimBusterWeight, group: 'claimbuster' }));
  if (c.weak) {
    const { weight, count, indicator } = c.weak;
    for (const claim of evenlySpaced(data.factChecked, count))
      examples.push({ x: indicator ? claim.marked : claim.plain, y: 1, weight, group: 'fact-checked' });
    if (c.weak.negatives === 'transcripts')
      data.clef.forEach((l, i) => {
        if (l.transcript !== heldOut && l.label === 0 && i % 2 === 0)
          examples.push({ x: data.clefX[i], y: 0, weight, group: 'fact-checked' });
      });
    else
      data.cb.forEach((s, i) => {
        if (s.label === 0) examples.push({ x: data.cbX[i], y: 0, weight, group: 'fact-checked' });
      });
  }
  return examples;
}

const trainCandidate = (data: EnglishData, c: EnglishCandidate, heldOut: string | null): LinearModel =>
  trainRanker(examplesOf(data, c, heldOut), {
    dim: (1 << BITS) + data.extraDim,
    epochs: c.epochs,
    learningRate: c.learningRate,
    l2: c.l2,
    pairwise: c.pairwise,
    negativesPerPositive: c.negativesPerPositive ?? 8,
    hardNegativeDraws: c.hardNegativeDraws,
    listwise: c.listwise,
    seed: SEED,
  });

interface EnglishResult {
  name: string;
  /** Out-of-fold logits of the clef lines (content gate not applied). */
  oof: number[];
  /** ClaimBuster dev logits: the mean of the fold models' logits. */
  devZ: number[];
  map: number;
  se: number;
  devAp: number;
}

/** Lines without content rank last, as the scorer's content gate puts them (capped score). */
function gated(z: number[], texts: string[]): number[] {
  return z.map((v, i) => (hasContent(texts[i]) ? v : -1e6));
}

/** MAP of out-of-fold logits over transcripts (after the content gate), and the dev AP of the fold models' mean. */
function summarise(
  name: string,
  oof: number[],
  devZ: number[],
  clef: TranscriptLine[],
  dev: LabelledSentence[],
  t0: number,
): EnglishResult {
  const { map, se } = meanAveragePrecision(
    gated(
      oof,
      clef.map((l) => l.text),
    ),
    clef.map((l) => l.label),
    clef.map((l) => l.transcript),
  );
  const devAp = averagePrecision(
    devZ,
    dev.map((s) => s.label),
  );
  log(
    `[en] ${name}: leave-one-transcript-out MAP ${map.toFixed(4)} ± ${se.toFixed(4)}, dev AP ${devAp.toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
  return { name, oof, devZ, map, se, devAp };
}

/** Optional cache of out-of-fold logits (CW_OOF_CACHE=dir): ensembles can be tried without retraining. */
function cached(name: string, config: unknown, compute: () => EnglishResult): EnglishResult {
  const dir = process.env.CW_OOF_CACHE;
  if (!dir) return compute();
  const key = JSON.stringify({ name, config, seed: SEED, bits: BITS });
  const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.json`);
  if (fs.existsSync(file)) {
    const hit = JSON.parse(fs.readFileSync(file, 'utf8')) as { key: string; result: EnglishResult };
    if (hit.key === key) {
      log(`[en] ${name}: out-of-fold logits from ${file}: MAP ${hit.result.map.toFixed(4)} ± ${hit.result.se.toFixed(4)}`);
      return hit.result;
    }
  }
  const result = compute();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ key, result }));
  return result;
}

/** Average precision of each transcript (content gate applied), in transcript order. */
function perTranscriptAp(r: EnglishResult, clef: TranscriptLine[]): number[] {
  const { perGroup } = meanAveragePrecision(
    gated(
      r.oof,
      clef.map((l) => l.text),
    ),
    clef.map((l) => l.label),
    clef.map((l) => l.transcript),
  );
  return transcriptsOf(clef).map((t) => perGroup.get(t)!);
}

/** Paired difference with the reference over the transcripts: mean ± s.e., and how many are better. */
function logPaired(r: EnglishResult, reference: EnglishResult, clef: TranscriptLine[]): void {
  const [a, b] = [perTranscriptAp(r, clef), perTranscriptAp(reference, clef)];
  const d = a.map((v, i) => v - b[i]);
  const { mean, se } = meanAndStandardError(d);
  const better = d.filter((v) => v > 1e-12).length;
  log(
    `[en] ${r.name} vs ${reference.name}: paired ${mean >= 0 ? '+' : ''}${mean.toFixed(4)} ± ${se.toFixed(4)}; better on ${better} of ${d.length} transcripts; per transcript ${d.map((v) => v.toFixed(3)).join(' ')}`,
  );
}

const transcriptsOf = (clef: TranscriptLine[]): string[] => [...new Set(clef.map((l) => l.transcript))];

function crossValidateEnglish(name: string, c: EnglishCandidate, data: EnglishData, dev: LabelledSentence[]): EnglishResult {
  const t0 = Date.now();
  const oof = new Array<number>(data.clef.length).fill(0);
  const devZ = new Array<number>(dev.length).fill(0);
  const transcripts = transcriptsOf(data.clef);
  for (const transcript of transcripts) {
    const fold = c.embedding?.perFold
      ? featurizeEnglish(c.options, data.clef, data.cb, dev, [], denseBlock(c.embedding, data.clef, data.cb, 1 << BITS, transcript))
      : data;
    const m = trainCandidate(fold, c, transcript);
    data.clef.forEach((l, i) => {
      if (l.transcript === transcript) oof[i] = linearScore(m, fold.clefX[i]);
    });
    fold.devX.forEach((x, i) => (devZ[i] += linearScore(m, x) / transcripts.length));
  }
  return summarise(name, oof, devZ, data.clef, dev, t0);
}

// ---- neural candidates --------------------------------------------------------------------------

interface NeuralData {
  /** Feature vectors: the clef lines, then ClaimBuster train, then ClaimBuster dev. */
  vectors: FeatureVector[];
  examples: NeuralExample[];
  devOffset: number;
}

/** One example per clef line (neighbours within its transcript) and per ClaimBuster sentence; vectors in that order. */
function lineExamples(clef: TranscriptLine[], cb: LabelledSentence[], claimBusterWeight: number): NeuralExample[] {
  const same = (i: number, j: number): number => (j >= 0 && j < clef.length && clef[j].transcript === clef[i].transcript ? j : -1);
  return [
    ...clef.map((l, i) => ({
      self: i,
      before: same(i, i - 1),
      after: same(i, i + 1),
      y: l.label,
      weight: 1,
      group: l.transcript,
      claimBuster: 0 as const,
    })),
    ...cb.map((s, i) => ({
      self: clef.length + i,
      before: -1,
      after: -1,
      y: s.label,
      weight: claimBusterWeight,
      group: 'claimbuster',
      claimBuster: 1 as const,
    })),
  ];
}

function neuralData(c: NeuralCandidate, clef: TranscriptLine[], cb: LabelledSentence[], dev: LabelledSentence[]): NeuralData {
  const dense = c.embedding ? denseBlock(c.embedding, clef, cb, 0) : null;
  const vectors = [...clef, ...cb, ...dev].map((s) =>
    dense ? dense.append({ idx: [], val: [] }, s.text, {}) : featurize(s.text, 'en', c.train.bits, c.options),
  );
  return { vectors, examples: lineExamples(clef, cb, c.claimBusterWeight), devOffset: clef.length + cb.length };
}

const neuralOptions = (c: NeuralCandidate): NeuralTrainOptions => ({ ...c.train, seed: SEED });

function neuralOf(m: ReturnType<typeof trainNeural>, d: NeuralData, e: NeuralExample): number {
  return neuralLogit(m, d.vectors[e.self], e.before >= 0 ? d.vectors[e.before] : null, e.after >= 0 ? d.vectors[e.after] : null);
}

function crossValidateNeural(
  name: string,
  c: NeuralCandidate,
  d: NeuralData,
  clef: TranscriptLine[],
  dev: LabelledSentence[],
): EnglishResult {
  const t0 = Date.now();
  const oof = new Array<number>(clef.length).fill(0);
  const devZ = new Array<number>(dev.length).fill(0);
  const transcripts = transcriptsOf(clef);
  for (const transcript of transcripts) {
    const m = trainNeural(
      d.vectors,
      d.examples.filter((e) => e.claimBuster === 1 || clef[e.self].transcript !== transcript),
      neuralOptions(c),
    );
    clef.forEach((l, i) => {
      if (l.transcript === transcript) oof[i] = neuralOf(m, d, d.examples[i]);
    });
    dev.forEach((_, i) => (devZ[i] += neuralLogit(m, d.vectors[d.devOffset + i], null, null) / transcripts.length));
  }
  return summarise(name, oof, devZ, clef, dev, t0);
}

/** Leave-one-transcript-out CV of a CNN candidate (cnn.ts); CV only: the scorer has no CNN member. */
function crossValidateCnn(
  name: string,
  c: CnnCandidate,
  clef: TranscriptLine[],
  cb: LabelledSentence[],
  dev: LabelledSentence[],
): EnglishResult {
  const t0 = Date.now();
  const sentences = [...clef, ...cb, ...dev].map((s) => cnnSentence(s.text, c.train.bits));
  const devOffset = clef.length + cb.length;
  const examples = lineExamples(clef, cb, c.claimBusterWeight).map((e) => (c.noContext ? { ...e, before: -1, after: -1 } : e));
  const oof = new Array<number>(clef.length).fill(0);
  const devZ = new Array<number>(dev.length).fill(0);
  const transcripts = transcriptsOf(clef);
  const at = (i: number): CnnSentence | null => (i >= 0 ? sentences[i] : null);
  for (const transcript of transcripts) {
    const weights = transcriptWeights(clef, transcript, c.transcriptBalance ?? 0);
    const fold = examples.flatMap((e) =>
      e.claimBuster === 1 ? [e] : clef[e.self].transcript !== transcript ? [{ ...e, weight: weights.get(clef[e.self].transcript)! }] : [],
    );
    const m = trainCnn(sentences, fold, { ...c.train, seed: SEED });
    clef.forEach((l, i) => {
      if (l.transcript === transcript) oof[i] = cnnLogit(m, sentences[i], at(examples[i].before), at(examples[i].after));
    });
    dev.forEach((_, i) => (devZ[i] += cnnLogit(m, sentences[devOffset + i], null, null) / transcripts.length));
    log(`[en] ${name}: fold ${transcript} done (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  return summarise(name, oof, devZ, clef, dev, t0);
}

/** Standardisation of a member's logits (out-of-fold mean and spread on the clef lines). */
function standardise(z: number[], weight: number): Standardise {
  const mean = z.reduce((a, b) => a + b, 0) / z.length;
  const std = Math.sqrt(z.reduce((a, b) => a + (b - mean) * (b - mean), 0) / z.length) || 1;
  return { mean: Number(mean.toPrecision(8)), std: Number(std.toPrecision(8)), weight };
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
  candidates: Record<string, { map: number; se: number; devAp: number }>;
  chosen: Record<string, unknown>;
}

function trainEnglish(
  clef: TranscriptLine[],
  train: LabelledSentence[],
  dev: LabelledSentence[],
  factChecked: () => string[],
): EnglishModel {
  const only = process.env.CW_CANDIDATES?.split('|').map((name) => name.trim());
  const wanted = (name: string): boolean => !only || only.includes(name);
  const ensembles = Object.entries(ENSEMBLE_CANDIDATES).filter(([name]) => wanted(name));
  const needed = (name: string): boolean => wanted(name) || ensembles.some(([, e]) => e.linear === name || e.neural === name);
  const weakNeeded = Object.entries(EN_CANDIDATES).some(([name, c]) => needed(name) && c.weak);
  const dataByOptions = new Map<string, EnglishData>();
  const linearData = (c: EnglishCandidate): EnglishData => {
    const key = JSON.stringify([c.options, c.embedding ?? null]);
    if (!dataByOptions.has(key))
      dataByOptions.set(
        key,
        featurizeEnglish(
          c.options,
          clef,
          train,
          dev,
          weakNeeded ? factChecked() : [],
          c.embedding ? denseBlock(c.embedding, clef, train) : null,
        ),
      );
    return dataByOptions.get(key)!;
  };
  const neuralByOptions = new Map<string, NeuralData>();
  const nData = (c: NeuralCandidate): NeuralData => {
    const key = JSON.stringify([c.options, c.train.bits, c.claimBusterWeight, c.embedding ?? null]);
    if (!neuralByOptions.has(key)) neuralByOptions.set(key, neuralData(c, clef, train, dev));
    return neuralByOptions.get(key)!;
  };
  const results = new Map<string, EnglishResult>();
  for (const [name, c] of Object.entries(EN_CANDIDATES).filter(([n]) => needed(n)))
    results.set(
      name,
      cached(name, c, () => crossValidateEnglish(name, c, linearData(c), dev)),
    );
  for (const [name, c] of Object.entries(NEURAL_CANDIDATES).filter(([n]) => needed(n)))
    results.set(
      name,
      cached(name, c, () => crossValidateNeural(name, c, nData(c), clef, dev)),
    );
  for (const [name, c] of Object.entries(CNN_CANDIDATES).filter(([n]) => needed(n)))
    results.set(
      name,
      cached(name, c, () => crossValidateCnn(name, c, clef, train, dev)),
    );
  const combination = new Map<string, { linear: Standardise; neural: Standardise }>();
  for (const [name, e] of ensembles) {
    const [lin, neu] = [results.get(e.linear)!, results.get(e.neural)!];
    const linear = standardise(lin.oof, 1 - e.neuralWeight);
    const neural = standardise(neu.oof, e.neuralWeight);
    combination.set(name, { linear, neural });
    const oof = lin.oof.map((z, i) => ensembleLogit(z, neu.oof[i], linear, neural));
    const devZ = lin.devZ.map((z, i) => ensembleLogit(z, neu.devZ[i], linear, neural));
    results.set(name, summarise(name, oof, devZ, clef, dev, Date.now()));
  }
  const reported = [...results.values()].filter((r) => wanted(r.name));
  const reference = results.get(REFERENCE);
  if (reference) for (const r of reported) if (r !== reference) logPaired(r, reference, clef);
  if (process.env.CW_CV_ONLY === '1') process.exit(0);
  const shippable = reported.filter((r) => deployable(r.name));
  for (const r of reported) if (!deployable(r.name)) log(`[en] ${r.name}: cross-validation only (the scorer cannot load it), not a choice`);
  if (shippable.length === 0) throw new Error('no candidate the scorer can load was cross-validated (CW_CANDIDATES)');
  const chosen = shippable.reduce((best, r) => (r.map > best.map + 1e-9 ? r : best));
  const labels = clef.map((l) => l.label as number);
  const texts = clef.map((l) => l.text);
  const platt = fitPlatt(chosen.oof, labels);
  const calibrated = (z: number, text: string): number => {
    const p = sigmoid(platt.a * z + platt.b);
    return hasContent(text) ? p : Math.min(p, LOW_CONTENT_SCORE_CAP);
  };
  const oofP = chosen.oof.map((z, i) => calibrated(z, texts[i]));
  for (const target of [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]) {
    const o = thresholdForPrecision(oofP, labels, target);
    log(`[en] out of fold: precision >= ${target} from ${o.threshold.toFixed(4)} (recall ${o.recall.toFixed(3)})`);
  }
  const operating = thresholdForPrecision(oofP, labels, TARGET_PRECISION);
  const threshold = Number(operating.threshold.toFixed(4));
  const atThreshold = prf(oofP, labels, threshold);

  // The chosen model trained on everything: its linear and/or neural member.
  const ensemble = ENSEMBLE_CANDIDATES[chosen.name];
  const linearName = ensemble ? ensemble.linear : EN_CANDIDATES[chosen.name] ? chosen.name : null;
  const neuralName = ensemble ? ensemble.neural : NEURAL_CANDIDATES[chosen.name] ? chosen.name : null;
  const linearCandidate = linearName ? EN_CANDIDATES[linearName] : null;
  const idx: number[] = [];
  const w: number[] = [];
  let bias = 0;
  if (linearCandidate) {
    const model = trainCandidate(linearData(linearCandidate), linearCandidate, null);
    bias = model.bias;
    for (let i = 0; i < model.w.length; i++) {
      if (Math.abs(model.w[i]) >= PRUNE) {
        idx.push(i);
        w.push(Number(model.w[i].toPrecision(5)));
      }
    }
  }
  let neural: StoredNeural | null = null;
  if (neuralName) {
    const c = NEURAL_CANDIDATES[neuralName];
    const d = nData(c);
    neural = quantiseNeural(trainNeural(d.vectors, d.examples, neuralOptions(c)), c.options);
  }
  const options = { ...DEFAULT_EN_OPTIONS, ...(linearCandidate?.options ?? {}) };
  const mix =
    combination.get(chosen.name) ??
    (neuralName ? { linear: { mean: 0, std: 1, weight: 0 }, neural: standardise(results.get(neuralName)!.oof, 1) } : null);
  const stored: StoredModel = {
    mode: 'en',
    bits: BITS,
    options,
    bias: Number(bias.toPrecision(8)),
    idx,
    w,
    ...(neural && mix ? { neural: { model: neural, ...mix } } : {}),
    platt: { a: Number(platt.a.toPrecision(8)), b: Number(platt.b.toPrecision(8)) },
  };
  // ClaimBuster dev through the scorer's own code (pruned, rounded, quantised weights), for the record.
  const dense = new Float64Array(1 << BITS);
  idx.forEach((j, k) => (dense[j] = w[k]));
  const loaded = { mode: 'en' as const, bits: BITS, members: [{ bias: stored.bias, dense, options }] };
  const neuralScorer = neural ? new NeuralScorer(loadNeural(neural), neural.options) : null;
  const devZ = dev.map((s) => {
    const zl = linearCandidate ? rawScore(loaded, s.text) : 0;
    return neuralScorer && mix ? ensembleLogit(zl, neuralScorer.logit(s.text), mix.linear, mix.neural) : zl;
  });
  const devY = dev.map((s) => s.label as number);
  const devP = dev.map((s, i) => calibrated(devZ[i], s.text));
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
    candidates: Object.fromEntries(reported.map((r) => [r.name, { map: r4(r.map), se: r4(r.se), devAp: r4(r.devAp) }])),
    chosen: {
      ...(linearName ? { linear: { name: linearName, ...EN_CANDIDATES[linearName] } } : {}),
      ...(neuralName ? { neural: { name: neuralName, ...NEURAL_CANDIDATES[neuralName] } } : {}),
      ...(ensemble ? { ensemble } : {}),
    },
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
  const en = trainEnglish(clef, train, dev, () => {
    const file = path.join(resolveMatchingDataDir(), 'vclaims.jsonl');
    if (!fs.existsSync(file)) throw new Error(`${file} not found (set MATCHING_DATA_DIR to the folder holding vclaims.jsonl)`);
    // shorter ones are cut-off fragments ("The", "ABC News’")
    const claims = readFactCheckedClaims(file).filter((text) => text.length > 20);
    log(`fact-checked claims (weak positives): ${claims.length} from ${file}`);
    return claims;
  });
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
        ...en.chosen,
        trainer:
          'AdaGrad SGD, pointwise logistic and/or pairwise (RankNet) loss within a transcript (linear: 8 negatives per positive; neural: see its train options), seeded',
        contentGate: `score capped at ${LOW_CONTENT_SCORE_CAP} for sentences with fewer than 2 content words and no number (scorer.ts hasContent)`,
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
