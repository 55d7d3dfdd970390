import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_EN_OPTIONS, dotFeaturesMany, type EnglishFeatureOptions, type FeatureMode, type SentenceContext } from './features';
import { primaryLanguage } from './language';

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

/** A scorer as stored: one model, or (with `also`) an ensemble whose members' logits are averaged. */
export interface StoredModel extends StoredMember {
  mode: FeatureMode;
  bits: number;
  /** Further members of an ensemble chosen by cross-validation; the logit is the members' mean. */
  also?: StoredMember[];
  /** Platt calibration on held-out (out-of-fold) training predictions: p = sigmoid(a * z + b). */
  platt: { a: number; b: number };
}

export interface WeightsFile {
  format: 'claimflow-checkworthiness/1';
  createdBy: string;
  data: Record<string, unknown>;
  hyperparameters: Record<string, unknown>;
  /** Threshold maximising F1 of the positive class on dev (English model). */
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
  return { mode: m.mode, bits: m.bits, members, a: m.platt.a, b: m.platt.b };
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
  const z = rawScore(m, sentence, context);
  return sigmoid(m.a * z + m.b);
}

/** Default decision threshold for a language (chosen on dev to maximise F1). */
export function thresholdFor(language: string): number {
  const f = loadWeights();
  return modelModeFor(language) === 'en' ? f.threshold : f.universalThreshold;
}
