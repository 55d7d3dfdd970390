/**
 * `npm run train:matching`: trains the prior fact-check re-ranker (src/text/matching/ranker.ts) on the
 * CheckThat! 2A train split through the real retrieval code, chooses l2 by 5-fold cross-validation on
 * train, calibrates on the out-of-fold scores, picks MATCH_THRESHOLD's default on dev (suggestions right
 * at least 90% of the time) and writes src/text/model/matching-ranker.json. Deterministic. dev-test is
 * not read. MATCHING_DATA_DIR overrides ../shared/data/matching.
 */
import * as fs from 'node:fs';
import { calibrated, rankScore } from '../text/matching/ranker';
import {
  candidateLists,
  chooseThreshold,
  crossValidate,
  fitModel,
  loadSplit,
  matchingDataDir,
  MODEL_PATH,
  rankLists,
  rankingFigures,
  scratchLibrary,
  suggestionFigures,
} from './matching-experiment';

const SUGGESTIONS = 10;

async function main(): Promise<void> {
  const dir = matchingDataDir();
  const train = loadSplit(dir, 'train');
  const dev = loadSplit(dir, 'dev');
  const scratch = await scratchLibrary(dir);
  try {
    const trainLists = await candidateLists(scratch, train);
    const trainCounts = train.queries.map((query) => query.relevant.size);
    const bm25Only = rankingFigures(
      trainLists.map((list) =>
        list.features
          .map((features, index) => ({ index, bm25: features[0] }))
          .sort((a, b) => b.bm25 - a.bm25 || a.index - b.index)
          .map(({ index }) => list.relevant[index]),
      ),
      trainCounts,
    );
    const cv = crossValidate(trainLists, trainCounts);
    const model = fitModel(trainLists, cv);
    const devLists = await candidateLists(scratch, dev);
    const devCounts = dev.queries.map((query) => query.relevant.size);
    const devResults = devLists.map((list) =>
      list.features
        .map((features, index) => ({ score: calibrated(model, rankScore(model, features)), relevant: list.relevant[index] }))
        .sort((a, b) => b.score - a.score)
        .slice(0, SUGGESTIONS),
    );
    const threshold = chooseThreshold(devResults, devCounts);
    const atThreshold = suggestionFigures(devResults, devCounts, threshold);
    const devFigures = rankingFigures(rankLists(model, devLists), devCounts);
    const recallOfCandidates = trainLists.filter((list) => list.relevant.some(Boolean)).length / trainLists.length;
    const round = (value: number) => Math.round(value * 1e6) / 1e6;
    const stored = {
      ...model,
      mean: model.mean.map(round),
      std: model.std.map(round),
      weights: model.weights.map(round),
      calibration: { a: round(model.calibration.a), c: round(model.calibration.c) },
      threshold,
      training: {
        l2: cv.l2,
        cvMap5ByL2: Object.fromEntries(Object.entries(cv.map5ByL2).map(([key, value]) => [key, round(value)])),
        trainBm25Map5: round(bm25Only.map5),
        trainCvMap5: round(cv.outOfFold.map5),
        trainCvMap5StandardError: round(cv.map5StandardError),
        trainCandidateRecall: round(recallOfCandidates),
        devMap5: round(devFigures.map5),
        devPrecisionAtThreshold: round(atThreshold.precision),
        devRecallAtThreshold: round(atThreshold.recall),
      },
    };
    fs.writeFileSync(MODEL_PATH, `${JSON.stringify(stored, null, 1)}\n`);
    process.stdout.write(`${JSON.stringify(stored.training, null, 2)}\nthreshold ${threshold}\nwrote ${MODEL_PATH}\n`);
  } finally {
    await scratch.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
