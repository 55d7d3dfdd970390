import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_EN_OPTIONS,
  dotFeaturesMany,
  scoredPart,
  type EnglishFeatureOptions,
  type FeatureMode,
  type SentenceContext,
} from './features';
import { primaryLanguage } from './language';
import { loadNeural, NeuralScorer, type StoredNeural } from './neural';

/** One logistic-regression model's weights as stored in the weights file (sparse). */
export interface StoredMember {
  /** Feature options the model was trained with (English feature set). */
  options?: Partial<EnglishFeatureOptions>;
  /** Intercept of the raw logistic model. */
  bias: number;
  /** Hash-bucket indices with non-zero weight, ascending. */
  idx: number[];
  /** Weights aligned with `idx` (rounded). */
  w: number[];
}

/** How a model's logit enters an ensemble: standardised with its out-of-fold mean and spread, then weighted. */
export interface Standardise {
  mean: number;
  std: number;
  weight: number;
}

/**
 * The English model's neural member (neural.ts) and how it is combined with the linear one: the
 * logit is `linear.weight · (z_linear − mean) / std + neural.weight · (z_neural − mean) / std`
 * (a rank average in effect: both standardised on their out-of-fold scores); a linear weight of 0
 * means the neural model alone (the linear weights are then empty).
 */
export interface StoredEnsemble {
  model: StoredNeural;
  linear: Standardise;
  neural: Standardise;
}

/** A scorer as stored: one model, or (with `also`) an ensemble whose members' logits are averaged. */
export interface StoredModel extends StoredMember {
  mode: FeatureMode;
  bits: number;
  /** Further members of an ensemble chosen by cross-validation; the logit is the members' mean. */
  also?: StoredMember[];
  /** English only: a neural member combined with the linear model (see StoredEnsemble). */
  neural?: StoredEnsemble;
  /** Platt calibration on held-out (out-of-fold) training predictions: p = sigmoid(a * z + b). */
  platt: { a: number; b: number };
}

export interface WeightsFile {
  format: 'claimflow-checkworthiness/1';
  createdBy: string;
  data: Record<string, unknown>;
  hyperparameters: Record<string, unknown>;
  /** English default threshold: the out-of-fold precision target on the transcripts (see threshold.ts). */
  threshold: number;
  /** Threshold maximising F1 on dev for the universal (non-English) model. */
  universalThreshold: number;
  metrics: Record<string, Record<string, number | string>>;
  models: { en: StoredModel; universal: StoredModel };
}

interface LoadedMember {
  options: EnglishFeatureOptions;
  bias: number;
  dense: Float32Array;
}

interface LoadedModel {
  mode: FeatureMode;
  bits: number;
  members: LoadedMember[];
  a: number;
  b: number;
  neural?: { scorer: NeuralScorer; linear: Standardise; neural: Standardise };
}

export const WEIGHTS_PATH = path.join(__dirname, 'model', 'checkworthiness-weights.json');

let cache: { file: WeightsFile; en: LoadedModel; universal: LoadedModel } | null = null;

function loadMember(m: StoredMember, bits: number): LoadedMember {
  const dense = new Float32Array(1 << bits);
  for (let i = 0; i < m.idx.length; i++) dense[m.idx[i]] = m.w[i];
  return { options: { ...DEFAULT_EN_OPTIONS, ...m.options }, bias: m.bias, dense };
}

function load(m: StoredModel): LoadedModel {
  const members = [m, ...(m.also ?? [])].map((member) => loadMember(member, m.bits));
  const neural = m.neural && {
    scorer: new NeuralScorer(loadNeural(m.neural.model), m.neural.model.options),
    linear: m.neural.linear,
    neural: m.neural.neural,
  };
  return { mode: m.mode, bits: m.bits, members, a: m.platt.a, b: m.platt.b, ...(neural ? { neural } : {}) };
}

/** Parse and cache the committed weights (loaded once, lazily). */
export function loadWeights(): WeightsFile {
  if (!cache) {
    const file = JSON.parse(fs.readFileSync(WEIGHTS_PATH, 'utf8')) as WeightsFile;
    cache = { file, en: load(file.models.en), universal: load(file.models.universal) };
  }
  return cache.file;
}

function models(): { en: LoadedModel; universal: LoadedModel } {
  if (!cache) loadWeights();
  return cache!;
}

/** Raw logit of a model (the mean of its members' logits) for a sentence; features are computed once. */
export function rawScore(
  m: { mode: FeatureMode; bits: number; members: { bias: number; dense: Float32Array | Float64Array; options?: EnglishFeatureOptions }[] },
  sentence: string,
  context: SentenceContext = {},
): number {
  const dots = dotFeaturesMany(
    sentence,
    m.mode,
    m.bits,
    m.members.map((member) => member.options ?? DEFAULT_EN_OPTIONS),
    m.members.map((member) => member.dense),
    context,
  );
  let sum = 0;
  m.members.forEach((member, i) => (sum += member.bias + dots[i]));
  return sum / m.members.length;
}

/** Logit of a loaded model: the linear members' mean, combined with the neural member when there is one. */
function modelLogit(m: LoadedModel, sentence: string, context: SentenceContext): number {
  if (!m.neural) return rawScore(m, sentence, context);
  const { scorer, linear, neural } = m.neural;
  let z = (neural.weight * (scorer.logit(sentence, context) - neural.mean)) / neural.std;
  if (linear.weight !== 0) z += (linear.weight * (rawScore(m, sentence, context) - linear.mean)) / linear.std;
  return z;
}

/** Combined logit from the two members' logits (the training script uses it on out-of-fold scores). */
export function ensembleLogit(zLinear: number, zNeural: number, linear: Standardise, neural: Standardise): number {
  return (linear.weight * (zLinear - linear.mean)) / linear.std + (neural.weight * (zNeural - neural.mean)) / neural.std;
}

/**
 * Sentences without content ("Fine.", "Thank you.", "OK, sir.") are not claims, whatever the model
 * says: their score is capped here. Content = words of two or more letters outside a short list of
 * fillers and courtesies, each number, and every two CJK characters (no spaces in those scripts).
 */
export const LOW_CONTENT_SCORE_CAP = 0.01;
const MIN_CONTENT_WORDS = 2;
const FILLERS = new Set(
  `ok okay fine yes yeah yep no nope well right sure good great thank thanks you please sir madam ma'am mr mrs ms
hi hello bye goodbye oh ah uh um hmm wow so and but or the an very much really indeed exactly gentlemen ladies everyone
everybody folks applause laughter crosstalk`.split(/\s+/),
);
const CONTENT_TOKEN_RE =
  /\p{N}+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
const CJK_RE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function hasContent(sentence: string): boolean {
  let content = 0;
  for (const [token] of scoredPartTokens(sentence)) {
    if (/^\p{N}/u.test(token)) return true;
    if (CJK_RE.test(token)) content += Math.floor(token.length / 2);
    else if (token.length >= 2 && !FILLERS.has(token.toLowerCase())) content++;
    if (content >= MIN_CONTENT_WORDS) return true;
  }
  return false;
}

function scoredPartTokens(sentence: string): IterableIterator<RegExpMatchArray> {
  return scoredPart(sentence).matchAll(CONTENT_TOKEN_RE);
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Which model scores a language: the full English model for 'en', the language-independent one otherwise. */
export function modelModeFor(language: string): FeatureMode {
  return primaryLanguage(language) === 'en' ? 'en' : 'universal';
}

/**
 * Calibrated probability (0..1) that the sentence is a check-worthy factual claim.
 * English uses the full model; any other language uses the language-independent model
 * (digits, %, currency, years, capitalised words, quotes, length), calibrated on the same data.
 */
export function scoreCheckworthiness(sentence: string, language: string, context: SentenceContext = {}): number {
  if (!sentence || !/[\p{L}\p{N}]/u.test(sentence)) return 0;
  const ms = models();
  const m = modelModeFor(language) === 'en' ? ms.en : ms.universal;
  const p = sigmoid(m.a * modelLogit(m, sentence, context) + m.b);
  return hasContent(sentence) ? p : Math.min(p, LOW_CONTENT_SCORE_CAP);
}

/** Default decision threshold for a language (chosen on dev to maximise F1). */
export function thresholdFor(language: string): number {
  const f = loadWeights();
  return modelModeFor(language) === 'en' ? f.threshold : f.universalThreshold;
}
