/**
 * Evaluate claim extraction:
 *  - check-worthiness on the ClaimBuster dev split: precision/recall/F1 of the positive class at the
 *    default threshold, average precision, ROC AUC (English model and the language-independent fallback);
 *  - check-worthiness on CLEF-2019 CheckThat! Task 1 (clef2019-train.tsv): leave-one-transcript-out
 *    cross-validated MAP (AP per transcript, mean over transcripts, with its standard error), and
 *    precision/recall at the default threshold;
 *  - scoring speed (sentences/s on one core);
 *  - segmentation: the cases in test/fixtures/segmentation/<lang>.json (exact sentence lists), and
 *    boundary F1 per language on segmentation-ud-dev.jsonl beside plain Intl.Segmenter.
 *
 *   npm run build && npm run eval:extraction
 *   CHECKWORTHINESS_DATA_DIR=... SEGMENTATION_DEV_FILE=... npm run eval:extraction
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CHECKWORTHY_THRESHOLD, extractClaims, scoreCheckworthiness, segmentSentences } from '../text';
import {
  findRepoRoot,
  readLabelledTsv,
  readSegmentationJsonl,
  readTranscriptTsv,
  resolveDataDir,
  resolveSegmentationFile,
} from '../text/dataset';
import { averagePrecision, bestF1Threshold, boundaryF1, meanAveragePrecision, prf, rocAuc } from '../text/metrics';
import { loadWeights } from '../text/scorer';

interface SegCase {
  name: string;
  text: string;
  sentences: string[];
}

const out = (s = ''): void => {
  process.stdout.write(`${s}\n`);
};
const f3 = (v: number): string => v.toFixed(3);

/** Percentile bootstrap interval of F1 at a fixed threshold (deterministic PRNG). */
function bootstrapF1(scores: number[], labels: number[], threshold: number, rounds = 1000): [number, number] {
  let seed = 12345;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const f1s: number[] = [];
  const s = new Array<number>(scores.length);
  const l = new Array<number>(scores.length);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < scores.length; i++) {
      const k = Math.floor(rnd() * scores.length);
      s[i] = scores[k];
      l[i] = labels[k];
    }
    f1s.push(prf(s, l, threshold).f1);
  }
  f1s.sort((a, b) => a - b);
  return [f1s[Math.floor(rounds * 0.025)], f1s[Math.floor(rounds * 0.975)]];
}

/** The file, or null after a message saying which variable points at it. */
function dataFile(file: string, variable: string): string | null {
  if (fs.existsSync(file)) return file;
  out(`\n${file} not found: set ${variable} to evaluate on it (see docs/checkworthiness.md). Skipped.`);
  return null;
}

function evalScorer(): void {
  const dataDir = resolveDataDir();
  const devFile = dataFile(path.join(dataDir, 'dev.tsv'), 'CHECKWORTHINESS_DATA_DIR (the folder of train.tsv and dev.tsv)');
  if (!devFile) return;
  const dev = readLabelledTsv(devFile);
  const labels = dev.map((s) => s.label);
  const weights = loadWeights();
  out(`Check-worthiness on dev (${dev.length} sentences, ${labels.filter((l) => l === 1).length} positive) from ${dataDir}`);
  for (const [name, lang] of [
    ['English model', 'en'],
    ['language-independent fallback', 'und'],
  ] as const) {
    const scores = dev.map((s) => scoreCheckworthiness(s.text, lang));
    const r = prf(scores, labels, DEFAULT_CHECKWORTHY_THRESHOLD);
    const best = bestF1Threshold(scores, labels);
    out(`  ${name}:`);
    out(`    threshold ${DEFAULT_CHECKWORTHY_THRESHOLD} (default)  precision ${f3(r.precision)}  recall ${f3(r.recall)}  F1 ${f3(r.f1)}`);
    out(
      `    average precision ${f3(averagePrecision(scores, labels))}  ROC AUC ${f3(rocAuc(scores, labels))}  (best F1 ${f3(best.f1)} at ${best.threshold})`,
    );
    const ci = bootstrapF1(scores, labels, DEFAULT_CHECKWORTHY_THRESHOLD);
    out(`    F1 95% bootstrap interval (1,000 resamples of dev): ${f3(ci[0])}–${f3(ci[1])}`);
  }
  out(`  recorded in weights: ${JSON.stringify(weights.metrics.dev)}`);

  // speed: score every dev sentence repeatedly on this core
  for (const lang of ['en', 'und']) {
    const sentences = dev.map((s) => s.text);
    for (let i = 0; i < 200; i++) scoreCheckworthiness(sentences[i], lang); // warm-up
    const rounds = 5;
    const t0 = process.hrtime.bigint();
    let sink = 0;
    for (let r = 0; r < rounds; r++) for (const s of sentences) sink += scoreCheckworthiness(s, lang);
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    out(
      `  scoring speed (${lang === 'en' ? 'English' : 'fallback'} model): ${Math.round((rounds * sentences.length) / secs)} sentences/s (checksum ${sink.toFixed(2)})`,
    );
  }
}

function evalSegmentation(): void {
  const dir = path.join(findRepoRoot(process.cwd()), 'test', 'fixtures', 'segmentation');
  out(`\nSegmentation cases (${dir}):`);
  let total = 0;
  let passed = 0;
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const lang = file.replace(/\.json$/, '');
    const cases = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as SegCase[];
    let ok = 0;
    const failures: string[] = [];
    for (const c of cases) {
      const got = segmentSentences(c.text, lang);
      const exact = got.every((s) => c.text.slice(s.start, s.end) === s.text);
      if (exact && JSON.stringify(got.map((s) => s.text)) === JSON.stringify(c.sentences)) ok++;
      else failures.push(c.name);
    }
    total += cases.length;
    passed += ok;
    out(`  ${lang}: ${ok}/${cases.length} (${f3(ok / cases.length)})${failures.length ? `  failing: ${failures.join('; ')}` : ''}`);
  }
  out(`  all: ${passed}/${total} (${f3(passed / total)})`);
}

/**
 * CLEF-2019 transcripts. A model trained on them (the committed one is) cannot be scored on them
 * out of fold without retraining, so the leave-one-transcript-out figures are the ones the training
 * script measured (retraining per transcript: `npm run train:checkworthiness`) and recorded in the
 * weights file; the figures computed here are in-sample for such a model and labelled so.
 */
function evalTranscripts(): void {
  const file = dataFile(path.join(resolveDataDir(), 'clef2019-train.tsv'), 'CHECKWORTHINESS_DATA_DIR (the folder of clef2019-train.tsv)');
  if (!file) return;
  const lines = readTranscriptTsv(file);
  const labels = lines.map((l) => l.label);
  const same = (j: number, i: number): string | null => (lines[j]?.transcript === lines[i].transcript ? lines[j].text : null);
  const scores = lines.map((l, i) => scoreCheckworthiness(l.text, 'en', { before: same(i - 1, i), after: same(i + 1, i) }));
  const { map, se, perGroup } = meanAveragePrecision(
    scores,
    labels,
    lines.map((l) => l.transcript),
  );
  const weights = loadWeights();
  const trainedOnTranscripts = 'clef2019Train' in weights.data;
  const cv = weights.metrics.cv;
  const r = prf(scores, labels, DEFAULT_CHECKWORTHY_THRESHOLD);
  out(
    `\nCLEF-2019 CheckThat! Task 1, clef2019-train (${lines.length} lines, ${labels.filter((l) => l === 1).length} check-worthy, ${perGroup.size} transcripts)`,
  );
  if (trainedOnTranscripts) {
    out(
      `  leave-one-transcript-out MAP ${cv.map} ± ${cv.mapStandardError} (standard error over transcripts; measured by the training script)`,
    );
    out(`  out of fold at the default threshold: precision ${cv.precisionAtThreshold}  recall ${cv.recallAtThreshold}`);
  }
  const label = trainedOnTranscripts
    ? 'in-sample (the model was trained on these transcripts)'
    : 'leave-one-transcript-out (the model never saw them)';
  out(`  ${label}: MAP ${f3(map)} ± ${f3(se)}`);
  out(
    `  ${label}, default threshold ${DEFAULT_CHECKWORTHY_THRESHOLD}: precision ${f3(r.precision)}  recall ${f3(r.recall)}  (${r.tp + r.fp} of ${lines.length} lines pass)`,
  );
  out(`  AP per transcript: ${[...perGroup].map(([name, ap]) => `${name} ${f3(ap)}`).join(', ')}`);
}

/** Sentence ends (trimmed) of plain ICU sentence segmentation. */
function icuEnds(text: string, language: string): number[] {
  const ends: number[] = [];
  for (const s of new Intl.Segmenter(language, { granularity: 'sentence' }).segment(text)) {
    let end = s.index + s.segment.length;
    while (end > s.index && /\s/.test(text[end - 1])) end--;
    if (end > s.index) ends.push(end);
  }
  return ends;
}

function evalSegmentationDev(): void {
  const file = dataFile(resolveSegmentationFile(), 'SEGMENTATION_DEV_FILE (segmentation-ud-dev.jsonl)');
  if (!file) return;
  const chunks = readSegmentationJsonl(file);
  const f1 = (c: { tp: number; predicted: number; gold: number }): number => (2 * c.tp) / (c.predicted + c.gold || 1);
  const byLanguage = new Map<
    string,
    { ours: { tp: number; predicted: number; gold: number }; icu: { tp: number; predicted: number; gold: number } }
  >();
  for (const chunk of chunks) {
    const gold = chunk.sentences.map((s) => s.end);
    const ours = boundaryF1(
      segmentSentences(chunk.text, chunk.language).map((s) => s.end),
      gold,
    );
    const icu = boundaryF1(icuEnds(chunk.text, chunk.language), gold);
    let acc = byLanguage.get(chunk.language);
    if (!acc) byLanguage.set(chunk.language, (acc = { ours: { tp: 0, predicted: 0, gold: 0 }, icu: { tp: 0, predicted: 0, gold: 0 } }));
    for (const [sum, c] of [
      [acc.ours, ours],
      [acc.icu, icu],
    ] as const) {
      sum.tp += c.tp;
      sum.predicted += c.predicted;
      sum.gold += c.gold;
    }
  }
  out(`\nSegmentation dev set (${file}): boundary F1, ours vs plain Intl.Segmenter`);
  let sumOurs = 0;
  let sumIcu = 0;
  for (const [language, acc] of [...byLanguage].sort()) {
    const o = f1(acc.ours);
    const i = f1(acc.icu);
    sumOurs += o;
    sumIcu += i;
    out(
      `  ${language}: ${f3(o)} vs ${f3(i)}  (${acc.ours.gold} gold ends; ours ${acc.ours.predicted - acc.ours.tp} false, ${acc.ours.gold - acc.ours.tp} missed)`,
    );
  }
  const n = byLanguage.size;
  const macroOurs = sumOurs / n;
  const macroIcu = sumIcu / n;
  out(`  macro: ${f3(macroOurs)} vs ${f3(macroIcu)}; error removed: ${(100 * (1 - (1 - macroOurs) / (1 - macroIcu))).toFixed(0)}%`);
}

function evalEndToEnd(): void {
  const article = path.join(findRepoRoot(process.cwd()), 'samples', 'article-iraq-trafficking.txt');
  if (!fs.existsSync(article)) return;
  const text = fs.readFileSync(article, 'utf8');
  const t0 = process.hrtime.bigint();
  const rounds = 50;
  let n = 0;
  for (let i = 0; i < rounds; i++) n += extractClaims({ text }, DEFAULT_CHECKWORTHY_THRESHOLD).claims.length;
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  out(
    `\nextractClaims end to end (sample article, ${n / rounds} sentences): ${Math.round(n / secs)} sentences/s, ${((secs / rounds) * 1000).toFixed(2)} ms/article`,
  );
  const r = extractClaims({ text }, DEFAULT_CHECKWORTHY_THRESHOLD);
  for (const c of r.claims)
    out(`  ${c.checkworthiness.toFixed(3)} ${c.checkworthy ? '*' : ' '} ${c.text.length > 100 ? `${c.text.slice(0, 97)}...` : c.text}`);
}

evalScorer();
evalTranscripts();
evalSegmentation();
evalSegmentationDev();
evalEndToEnd();
