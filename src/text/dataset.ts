import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LabelledSentence {
  text: string;
  label: 0 | 1;
  source: string;
}

/**
 * Directory holding train.tsv/dev.tsv: env CHECKWORTHINESS_DATA_DIR, else ../shared/data/checkworthiness
 * relative to the repo root (process.cwd() for npm scripts and jest).
 */
export function resolveDataDir(cwd: string = process.cwd()): string {
  const env = process.env.CHECKWORTHINESS_DATA_DIR;
  if (env && env.trim()) return path.resolve(cwd, env);
  return path.resolve(cwd, '..', 'shared', 'data', 'checkworthiness');
}

/** Rows of a TSV with a header line, no quoting (split on \t): `{ column: value }` per line. */
function readTsvRows(file: string): Record<string, string>[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const header = lines[0].replace(/\r$/, '').split('\t');
  const rows: Record<string, string>[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (!line) continue;
    const cols = line.split('\t');
    rows.push(Object.fromEntries(header.map((name, k) => [name, cols[k] ?? ''])));
  }
  return rows;
}

/** Read a TSV with header `text<TAB>label<TAB>source`, no quoting (split on \t). */
export function readLabelledTsv(file: string): LabelledSentence[] {
  const rows = readTsvRows(file);
  if (rows.length > 0 && (!('text' in rows[0]) || !('label' in rows[0])))
    throw new Error(`${file}: expected a header with text and label columns`);
  return rows.map((row, i) => {
    const label = row.label.trim();
    if (label !== '0' && label !== '1') throw new Error(`${file}:${i + 2}: bad label ${JSON.stringify(label)}`);
    return { text: row.text, label: label === '1' ? 1 : 0, source: row.source ?? '' };
  });
}

/** Walk up from `start` to the directory holding package.json (the repo root). */
export function findRepoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'src'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** A line of a CLEF-2019 CheckThat! Task 1 transcript (`source` = `clef2019-train:<transcript>:<line>`). */
export interface TranscriptLine extends LabelledSentence {
  transcript: string;
  line: number;
  speaker: string;
}

/** Read clef2019-train.tsv (header `text<TAB>label<TAB>source<TAB>speaker`), keeping transcript order. */
export function readTranscriptTsv(file: string): TranscriptLine[] {
  const speakers = readTsvRows(file).map((row) => row.speaker ?? '');
  return readLabelledTsv(file).map((row, i) => {
    const m = /^[^:]*:(.*):(\d+)$/.exec(row.source);
    if (!m) throw new Error(`${file}:${i + 2}: source ${JSON.stringify(row.source)} is not <set>:<transcript>:<line>`);
    return { ...row, transcript: m[1], line: Number(m[2]), speaker: speakers[i] };
  });
}

/** A chunk of running text with gold sentence spans (segmentation-ud-dev.jsonl). */
export interface SegmentationChunk {
  id: string;
  language: string;
  text: string;
  sentences: { start: number; end: number }[];
}

/**
 * The segmentation dev file: $SEGMENTATION_DEV_FILE, default
 * ../shared/data/segmentation/segmentation-ud-dev.jsonl from the repo root ($SEGMENTATION_DEV_FILE overrides).
 */
export function resolveSegmentationFile(cwd: string = process.cwd()): string {
  const env = process.env.SEGMENTATION_DEV_FILE;
  if (env && env.trim()) return path.resolve(cwd, env);
  return path.resolve(cwd, '..', 'shared', 'data', 'segmentation', 'segmentation-ud-dev.jsonl');
}

export function readSegmentationJsonl(file: string): SegmentationChunk[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as SegmentationChunk);
}

/**
 * Folder of the CheckThat! 2A matching data (vclaims.jsonl: claims Snopes fact-checked):
 * $MATCHING_DATA_DIR, default ../shared/data/matching from the repo root.
 */
export function resolveMatchingDataDir(cwd: string = process.cwd()): string {
  const env = process.env.MATCHING_DATA_DIR;
  if (env && env.trim()) return path.resolve(cwd, env);
  return path.resolve(cwd, '..', 'shared', 'data', 'matching');
}

/** The `claimText` of every line of vclaims.jsonl (claims as a fact-checker states them), in file order. */
export function readFactCheckedClaims(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { claimText?: string }).claimText ?? '')
    .filter((text) => text.trim().length > 0);
}

/** The string values of the given fields of every line of a JSONL file (non-empty ones, in file order). */
export function readJsonlTexts(file: string, fields: string[]): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .flatMap((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      return fields.map((field) => row[field]).filter((v): v is string => typeof v === 'string' && v.trim().length > 0);
    });
}
