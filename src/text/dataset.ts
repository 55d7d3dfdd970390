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

/** Read a TSV with header `text<TAB>label<TAB>source`, no quoting (split on \t). */
export function readLabelledTsv(file: string): LabelledSentence[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const header = lines[0].replace(/\r$/, '').split('\t');
  const ti = header.indexOf('text');
  const li = header.indexOf('label');
  const si = header.indexOf('source');
  if (ti < 0 || li < 0) throw new Error(`${file}: expected a header with text and label columns`);
  const out: LabelledSentence[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (!line) continue;
    const cols = line.split('\t');
    const label = cols[li]?.trim();
    if (label !== '0' && label !== '1') throw new Error(`${file}:${i + 1}: bad label ${JSON.stringify(label)}`);
    out.push({ text: cols[ti], label: label === '1' ? 1 : 0, source: si >= 0 ? (cols[si] ?? '') : '' });
  }
  return out;
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
