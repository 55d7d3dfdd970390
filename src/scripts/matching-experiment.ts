/**
 * What `npm run train:matching` and `npm run eval:matching` share: the CLEF-2022 CheckThat! 2A data
 * (from MATCHING_DATA_DIR, default ../shared/data/matching), a scratch database loaded through the real
 * library service, candidates and features through the real retrieval code, metrics and CV folds.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createDatabase, dropDatabase } from '../bench/bench-support';
import { dataSourceOptions } from '../database/data-source-options';
import { TransactionHost } from '../database/transaction-host';
import { candidateText, FactCheckLibrary } from '../fact-checks/fact-check-library.service';
import { FactCheckRepository } from '../fact-checks/fact-check.repository';
import { findRepoRoot } from '../text/dataset';
import { candidateFeatures, prepareQuery } from '../text/matching/features';
import { trainListwise, standardisation, rankScore, fitPlatt, type RankerModel, type TrainingList } from '../text/matching/ranker';
import { FEATURE_NAMES } from '../text/matching/features';

export interface Query {
  id: string;
  text: string;
  relevant: Set<string>;
}

export interface Split {
  name: 'train' | 'dev' | 'devtest';
  queries: Query[];
}

export interface VerifiedClaim {
  id: string;
  claimText: string;
  title?: string;
  url?: string;
}

export function matchingDataDir(): string {
  const env = process.env.MATCHING_DATA_DIR;
  const dir = env && env.trim() ? path.resolve(process.cwd(), env) : path.resolve(findRepoRoot(), '..', 'shared', 'data', 'matching');
  if (!fs.existsSync(path.join(dir, 'vclaims.jsonl'))) {
    throw new Error(`matching data not found in ${dir} (vclaims.jsonl): set MATCHING_DATA_DIR to the CheckThat! 2A folder`);
  }
  return dir;
}

const jsonl = <T>(file: string): T[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

export function loadSplit(dir: string, name: Split['name']): Split {
  const relevant = new Map<string, Set<string>>();
  for (const line of fs.readFileSync(path.join(dir, `${name}.qrels.tsv`), 'utf8').split('\n')) {
    const [queryId, vclaimId] = line.trim().split('\t');
    if (!queryId || !vclaimId) continue;
    if (!relevant.has(queryId)) relevant.set(queryId, new Set());
    relevant.get(queryId)!.add(vclaimId);
  }
  const queries = jsonl<{ id: string; text: string }>(path.join(dir, `${name}.queries.jsonl`)).map((query) => ({
    ...query,
    relevant: relevant.get(query.id) ?? new Set<string>(),
  }));
  return { name, queries };
}

export interface Scratch {
  library: FactCheckLibrary;
  /** Library item id -> vclaim id. */
  vclaimOf: Map<string, string>;
  close(): Promise<void>;
  loadSeconds: number;
}

/** A fresh migrated database with the collection imported through FactCheckLibrary.add, 1000 per request. */
export async function scratchLibrary(dir: string): Promise<Scratch> {
  const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const name = `claimflow_matching_${randomBytes(3).toString('hex')}`;
  const url = await createDatabase(adminUrl, name);
  const dataSource = new DataSource(dataSourceOptions(url, 4));
  await dataSource.initialize();
  const tx = new TransactionHost(dataSource);
  const library = new FactCheckLibrary(tx, new FactCheckRepository(tx));
  const vclaims = jsonl<VerifiedClaim>(path.join(dir, 'vclaims.jsonl'));
  const vclaimOf = new Map<string, string>();
  const started = performance.now();
  for (let i = 0; i < vclaims.length; i += 1000) {
    const batch = vclaims.slice(i, i + 1000);
    const rows = await library.add(
      batch.map((item) => ({
        claimText: item.claimText,
        title: item.title ?? null,
        rating: 'see fact-check',
        url: item.url ?? null,
        publisher: 'Snopes',
        language: 'en',
        reviewedAt: null,
        claimReview: null,
      })),
    );
    rows.forEach((row, index) => vclaimOf.set(row.id, batch[index].id));
  }
  const loadSeconds = (performance.now() - started) / 1000;
  // What autovacuum does soon after a big import in production (visibility map, planner statistics).
  await dataSource.query('VACUUM ANALYZE');
  return {
    library,
    vclaimOf,
    loadSeconds,
    close: async () => {
      await dataSource.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}

/** Every query's candidates through the real retrieval code, with their features and labels. */
export async function candidateLists(scratch: Scratch, split: Split): Promise<TrainingList[]> {
  const lists: TrainingList[] = [];
  for (let i = 0; i < split.queries.length; i += 50) {
    const queries = split.queries.slice(i, i + 50);
    const retrieved = await scratch.library.retrieve(queries.map((query) => ({ text: query.text, language: 'en', limit: 10 })));
    retrieved.forEach(({ search, terms, bodyTerms, rows, collection }, index) => {
      const prepared = prepareQuery(search.text, terms, collection, bodyTerms);
      lists.push({
        features: candidateFeatures(prepared, rows.map(candidateText), collection),
        relevant: rows.map((row) => queries[index].relevant.has(scratch.vclaimOf.get(row.id) ?? '')),
      });
    });
  }
  return lists;
}

/** Average precision of the top k (relevant items missing from the list count as misses). */
export function averagePrecisionAt(ranked: boolean[], relevantCount: number, k: number): number {
  let hits = 0;
  let sum = 0;
  ranked.slice(0, k).forEach((relevant, index) => {
    if (relevant) {
      hits += 1;
      sum += hits / (index + 1);
    }
  });
  return relevantCount > 0 ? sum / Math.min(relevantCount, k) : 0;
}

export interface RankingFigures {
  map5: number;
  map1: number;
  p1: number;
  r5: number;
}

export function rankingFigures(rankings: boolean[][], relevantCounts: number[]): RankingFigures {
  const n = Math.max(rankings.length, 1);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / n;
  return {
    map5: mean(rankings.map((ranked, i) => averagePrecisionAt(ranked, relevantCounts[i], 5))),
    map1: mean(rankings.map((ranked, i) => averagePrecisionAt(ranked, relevantCounts[i], 1))),
    p1: mean(rankings.map((ranked) => (ranked[0] ? 1 : 0))),
    r5: mean(rankings.map((ranked, i) => ranked.slice(0, 5).filter(Boolean).length / Math.max(relevantCounts[i], 1))),
  };
}

/** Rankings of candidate lists under a model (best first), as relevance flags. */
export function rankLists(model: Pick<RankerModel, 'mean' | 'std' | 'weights'>, lists: TrainingList[]): boolean[][] {
  return lists.map((list) =>
    list.features
      .map((features, index) => ({ index, score: rankScore({ ...model, features: [], calibration: { a: 1, c: 0 } }, features) }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .map(({ index }) => list.relevant[index]),
  );
}

export const FOLDS = 5;
export const TRAIN_OPTIONS = { iterations: 300, learningRate: 0.05 };
export const L2_GRID = [1e-3, 1e-2];

export interface CrossValidation {
  l2: number;
  map5ByL2: Record<string, number>;
  outOfFoldScores: number[][];
  outOfFold: RankingFigures;
  /** The standard error of MAP@5 over the folds (the spread of the five folds' MAP@5 / sqrt 5). */
  map5StandardError: number;
}

/** Folds by query position (query i is in fold i mod 5): deterministic, no shuffling. */
export function crossValidate(lists: TrainingList[], relevantCounts: number[], grid = L2_GRID): CrossValidation {
  const width = FEATURE_NAMES.length;
  let best: CrossValidation | null = null;
  const map5ByL2: Record<string, number> = {};
  for (const l2 of grid) {
    const scores: number[][] = lists.map(() => []);
    for (let fold = 0; fold < FOLDS; fold += 1) {
      const trainLists = lists.filter((_, i) => i % FOLDS !== fold);
      const scaling = standardisation(trainLists, width);
      const weights = trainListwise(trainLists, scaling, { ...TRAIN_OPTIONS, l2 });
      const model = { ...scaling, weights, features: FEATURE_NAMES, calibration: { a: 1, c: 0 } };
      lists.forEach((list, i) => {
        if (i % FOLDS === fold) scores[i] = list.features.map((features) => rankScore(model, features));
      });
    }
    const rankings = lists.map((list, i) =>
      scores[i]
        .map((score, index) => ({ score, index }))
        .sort((a, b) => b.score - a.score || a.index - b.index)
        .map(({ index }) => list.relevant[index]),
    );
    const figures = rankingFigures(rankings, relevantCounts);
    map5ByL2[String(l2)] = figures.map5;
    const folds = Array.from({ length: FOLDS }, (_, fold) => {
      const inFold = (_: unknown, i: number) => i % FOLDS === fold;
      return rankingFigures(rankings.filter(inFold), relevantCounts.filter(inFold)).map5;
    });
    const mean = folds.reduce((sum, value) => sum + value, 0) / FOLDS;
    const map5StandardError = Math.sqrt(folds.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (FOLDS - 1) / FOLDS);
    if (!best || figures.map5 > best.outOfFold.map5 + 1e-9)
      best = { l2, map5ByL2, outOfFoldScores: scores, outOfFold: figures, map5StandardError };
  }
  return { ...best!, map5ByL2 };
}

/** The final model: all of train with the chosen l2, calibrated on the out-of-fold scores. */
export function fitModel(lists: TrainingList[], cv: CrossValidation): RankerModel {
  const scaling = standardisation(lists, FEATURE_NAMES.length);
  const weights = trainListwise(lists, scaling, { ...TRAIN_OPTIONS, l2: cv.l2 });
  const calibration = fitPlatt(
    cv.outOfFoldScores.flat(),
    lists.flatMap((list) => list.relevant),
  );
  return { features: [...FEATURE_NAMES], ...scaling, weights, calibration };
}

/**
 * Precision and recall of suggestions (the top `limit` items scoring at least the threshold), over
 * all (query, item) pairs: what a reviewer sees.
 */
export function suggestionFigures(
  results: { score: number; relevant: boolean }[][],
  relevantCounts: number[],
  threshold: number,
): { precision: number; recall: number; suggested: number } {
  let suggested = 0;
  let correct = 0;
  results.forEach((items) => {
    for (const item of items) {
      if (item.score < threshold) continue;
      suggested += 1;
      if (item.relevant) correct += 1;
    }
  });
  const totalRelevant = relevantCounts.reduce((a, b) => a + b, 0);
  return { precision: suggested > 0 ? correct / suggested : 1, recall: totalRelevant > 0 ? correct / totalRelevant : 0, suggested };
}

/** The lowest threshold (to 0.01) at which suggestions are right at least `target` of the time. */
export function chooseThreshold(results: { score: number; relevant: boolean }[][], relevantCounts: number[], target = 0.9): number {
  for (let t = 1; t <= 99; t += 1) {
    const threshold = t / 100;
    const figures = suggestionFigures(results, relevantCounts, threshold);
    // Every higher threshold must hold the target too, or a lucky dip would be chosen.
    let holds = figures.precision >= target;
    for (let u = t + 1; holds && u <= 99; u += 1) holds = suggestionFigures(results, relevantCounts, u / 100).precision >= target;
    if (holds) return threshold;
  }
  return 0.99;
}

export const MODEL_PATH = path.join(findRepoRoot(), 'src', 'text', 'model', 'matching-ranker.json');
