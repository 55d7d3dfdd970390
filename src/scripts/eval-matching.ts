/**
 * `npm run eval:matching`: the CheckThat! 2A collection (14,231 fact-checks) imported into a scratch
 * database through the real library service; train (5-fold cross-validated re-ranker, out-of-fold),
 * dev and dev-test queries searched through FactCheckLibrary.search, the code the API and automated
 * verification run. Prints MAP@5, MAP@1, P@1, R@5, precision and recall of suggestions at the
 * threshold (MATCH_THRESHOLD, default from the model file), and ms per search.
 * MATCHING_DATA_DIR overrides ../shared/data/matching.
 */
import { MATCHING_MODEL } from '../text/matching';
import {
  candidateLists,
  crossValidate,
  loadSplit,
  matchingDataDir,
  rankingFigures,
  scratchLibrary,
  suggestionFigures,
  type Split,
} from './matching-experiment';

const SUGGESTIONS = 10;

async function main(): Promise<void> {
  const dir = matchingDataDir();
  const threshold = process.env.MATCH_THRESHOLD ? Number(process.env.MATCH_THRESHOLD) : MATCHING_MODEL.threshold;
  const scratch = await scratchLibrary(dir);
  const rows: string[] = [];
  const line = (cells: (string | number)[]) => rows.push(`| ${cells.join(' | ')} |`);
  const f3 = (value: number) => value.toFixed(3);
  try {
    process.stderr.write(`eval: ${scratch.vclaimOf.size} fact-checks imported in ${scratch.loadSeconds.toFixed(1)} s\n`);
    line(['split', 'queries', 'MAP@5', 'MAP@1', 'P@1', 'R@5', `precision @${threshold}`, `recall @${threshold}`, 'ms/search p50', 'p99']);
    line(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);

    const train = loadSplit(dir, 'train');
    const trainLists = await candidateLists(scratch, train);
    const trainCounts = train.queries.map((query) => query.relevant.size);
    const cv = crossValidate(trainLists, trainCounts, [(MATCHING_MODEL as { training?: { l2?: number } }).training?.l2 ?? 1e-3]);
    const o = cv.outOfFold;
    line([
      'train (5-fold CV, out-of-fold)',
      train.queries.length,
      `${f3(o.map5)} ± ${f3(cv.map5StandardError)}`,
      f3(o.map1),
      f3(o.p1),
      f3(o.r5),
      '',
      '',
      '',
      '',
    ]);

    for (const name of ['dev', 'devtest'] as const) {
      const split: Split = loadSplit(dir, name);
      const latencies: number[] = [];
      const results: { score: number; relevant: boolean }[][] = [];
      for (const query of split.queries) {
        const started = performance.now();
        const matches = await scratch.library.search(query.text, { language: 'en', limit: SUGGESTIONS });
        latencies.push(performance.now() - started);
        results.push(
          matches.map((match) => ({ score: match.score, relevant: query.relevant.has(scratch.vclaimOf.get(match.row.id) ?? '') })),
        );
      }
      const counts = split.queries.map((query) => query.relevant.size);
      const figures = rankingFigures(
        results.map((items) => items.map((item) => item.relevant)),
        counts,
      );
      const at = suggestionFigures(results, counts, threshold);
      latencies.sort((a, b) => a - b);
      const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
      line([
        name,
        split.queries.length,
        f3(figures.map5),
        f3(figures.map1),
        f3(figures.p1),
        f3(figures.r5),
        f3(at.precision),
        f3(at.recall),
        percentile(50).toFixed(1),
        percentile(99).toFixed(1),
      ]);
    }
    process.stdout.write(`${rows.join('\n')}\n`);
  } finally {
    await scratch.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
