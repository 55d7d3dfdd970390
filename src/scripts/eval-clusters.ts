/**
 * `npm run build:tools && node dist-tools/scripts/eval-clusters.js`: precision and recall of the claim
 * clusters' near-duplicate rule (src/workflow/near-duplicate.ts) on pairs built from the CheckThat! 2A
 * fact-checks (MATCHING_DATA_DIR, default ../shared/data/matching):
 * - near-duplicates: each fact-check's claim text and a light edit of it (case, quotes and
 *   punctuation; a reporting verb's tense or "said that"; an article dropped; a trailing phrase moved
 *   to the front; a synonym; a typo);
 * - not near-duplicates: a number changed, a negation added, an entity swapped, a word swapped for its
 *   opposite, a content word swapped for another claim's, two different fact-checks that share
 *   numbers, entities and negations (what the candidate index returns), a tweet and the fact-check
 *   that checks it (related, not the same text).
 * Thresholds are chosen on the even-numbered fact-checks (the loosest thresholds with no false merge)
 * and reported on the odd-numbered ones. Prints markdown tables.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  fingerprint,
  NEAR_DUPLICATE,
  nearDuplicateGuard,
  nearDuplicateScore,
  passes,
  type NearDuplicateScore,
  type NearDuplicateThresholds,
} from '../workflow/near-duplicate';
import { loadSplit, matchingDataDir, type VerifiedClaim } from './matching-experiment';

interface Pair {
  kind: string;
  same: boolean;
  a: string;
  b: string;
  half: 0 | 1;
}

const STOP = new Set(
  'a an the this that these those some many of in on at to for by with and or is was are were be been has have had'.split(' '),
);
const SYNONYMS: [RegExp, string][] = [
  [/\bphotograph\b/, 'photo'],
  [/\bphoto\b/, 'picture'],
  [/\bpicture\b/, 'photo'],
  [/\bvideo\b/, 'clip'],
  [/\bchildren\b/, 'kids'],
  [/\bmovie\b/, 'film'],
  [/\bpurchased\b/, 'bought'],
  [/\bbought\b/, 'purchased'],
  [/\blarge\b/, 'big'],
  [/\bbig\b/, 'large'],
  [/\bstated\b/, 'said'],
  [/\bdepicts\b/, 'shows'],
  [/\bshows\b/, 'depicts'],
  [/\bimage\b/, 'picture'],
  [/\bpeople\b/, 'persons'],
];
const OPPOSITE_SWAPS: [RegExp, string][] = [
  [/\bincreased\b/, 'decreased'],
  [/\brose\b/, 'fell'],
  [/\bmore\b/, 'less'],
  [/\bhigher\b/, 'lower'],
  [/\bbanned\b/, 'allowed'],
  [/\bsupports\b/, 'opposes'],
  [/\bwon\b/, 'lost'],
  [/\bbefore\b/, 'after'],
  [/\bfirst\b/, 'last'],
  [/\bdied\b/, 'lived'],
  [/\bmen\b/, 'women'],
  [/\bwomen\b/, 'men'],
  [/\bDemocrats\b/, 'Republicans'],
  [/\bRepublicans\b/, 'Democrats'],
];

const replaceFirst = (text: string, rules: [RegExp, string][]): string | null => {
  for (const [pattern, to] of rules) if (pattern.test(text)) return text.replace(pattern, to);
  return null;
};

/** Light edits that keep the claim (near-duplicates). `common` words are lower-cased when they stop opening the sentence. */
function positives(text: string, common: ReadonlySet<string>): [string, string | null][] {
  const words = text.split(' ');
  const typoAt = words.findIndex((word, i) => i > 0 && /^[a-z]{6,}$/.test(word));
  const trailing = /^(.*\S)\s+((?:in|during|since|on|at|after|before)\s+[^,]{2,25})\.$/.exec(text);
  const lowerStart = (s: string) => (common.has(s.split(' ')[0].toLowerCase()) ? s[0].toLowerCase() + s.slice(1) : s);
  return [
    ['format: case, quotes, punctuation', `“${text.toLowerCase().replace(/\.$/, '')}”!`],
    [
      'reporting verb tense / "that"',
      replaceFirst(text, [
        [/\b(said|says|claimed|claims|reported) (?!that)/, '$1 that '],
        [/\bshows\b/, 'showed'],
        [/\bsays\b/, 'said'],
        [/\bclaims\b/, 'claimed'],
      ]),
    ],
    ['article dropped', / (the|a|an) /.test(text) ? text.replace(/ (the|a|an) /, ' ') : null],
    [
      'trailing phrase moved to the front',
      trailing ? `${trailing[2][0].toUpperCase()}${trailing[2].slice(1)}, ${lowerStart(trailing[1])}.` : null,
    ],
    ['synonym', replaceFirst(text, SYNONYMS)],
    [
      'typo (two letters swapped)',
      typoAt > 0
        ? words.map((word, i) => (i === typoAt ? `${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}` : word)).join(' ')
        : null,
    ],
  ];
}

/** Edits that change the claim (not near-duplicates). */
function negatives(text: string, other: string): [string, string | null][] {
  const number = /\d+/.exec(text);
  const entity = / ([A-Z][a-z]{2,})\b/.exec(text);
  const otherEntity = / ([A-Z][a-z]{2,})\b/.exec(other);
  const content = text.split(' ').findIndex((word, i) => i > 0 && /^[a-z]{5,}$/.test(word) && !STOP.has(word));
  const otherContent = other.split(' ').find((word, i) => i > 0 && /^[a-z]{5,}$/.test(word) && !text.includes(word));
  return [
    ['number changed', number ? text.replace(/\d+/, String(Number(number[0]) + 1)) : null],
    [
      'negation added',
      replaceFirst(text, [
        [/ (is|was|are|were|has|have|will|did|does|can) /, ' $1 not '],
        [/ (shows|says) /, ' does not $1 '],
      ])?.replace(/does not (show|say)s/, 'does not $1') ?? null,
    ],
    ['entity swapped', entity && otherEntity && entity[1] !== otherEntity[1] ? text.replace(` ${entity[1]}`, ` ${otherEntity[1]}`) : null],
    ['word swapped for its opposite', replaceFirst(text, OPPOSITE_SWAPS)],
    [
      'content word swapped for another',
      content > 0 && otherContent
        ? text
            .split(' ')
            .map((word, i) => (i === content ? otherContent : word))
            .join(' ')
        : null,
    ],
  ];
}

function buildPairs(dir: string): Pair[] {
  const vclaims = fs
    .readFileSync(path.join(dir, 'vclaims.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as VerifiedClaim);
  // Words seen in lower case inside sentences more often than capitalised: not names.
  const cased = new Map<string, number>();
  for (const item of vclaims) {
    for (const word of item.claimText.split(' ').slice(1)) {
      const lower = word.toLowerCase();
      if (/^\p{L}+$/u.test(word)) cased.set(lower, (cased.get(lower) ?? 0) + (word === lower ? 1 : -1));
    }
  }
  const common = new Set([...cased].filter(([, balance]) => balance > 0).map(([word]) => word));
  const pairs: Pair[] = [];
  const indexOf = new Map(vclaims.map((item, index) => [item.id, index]));
  vclaims.forEach((item, index) => {
    const half = (index % 2) as 0 | 1;
    const other = vclaims[(index * 7919 + 13) % vclaims.length].claimText;
    for (const [kind, b] of positives(item.claimText, common))
      if (b && b !== item.claimText) pairs.push({ kind, same: true, a: item.claimText, b, half });
    for (const [kind, b] of negatives(item.claimText, other))
      if (b && b !== item.claimText) pairs.push({ kind, same: false, a: item.claimText, b, half });
  });
  // Different fact-checks the candidate index would compare: same guard.
  const byGuard = new Map<string, number[]>();
  vclaims.forEach((item, index) => {
    const guard = nearDuplicateGuard(fingerprint(item.claimText, 'en'));
    if (guard) byGuard.set(guard, [...(byGuard.get(guard) ?? []), index]);
  });
  for (const members of byGuard.values()) {
    for (let i = 0; i < members.length && i < 20; i++) {
      for (let j = i + 1; j < members.length && j < 20; j++) {
        const [a, b] = [vclaims[members[i]].claimText, vclaims[members[j]].claimText];
        if (a !== b) pairs.push({ kind: 'two fact-checks with the same guard', same: false, a, b, half: (members[i] % 2) as 0 | 1 });
      }
    }
  }
  for (const name of ['train', 'dev'] as const) {
    for (const query of loadSplit(dir, name).queries) {
      for (const id of query.relevant) {
        const index = indexOf.get(id);
        if (index !== undefined)
          pairs.push({
            kind: 'tweet and its fact-check (related)',
            same: false,
            a: query.text,
            b: vclaims[index].claimText,
            half: (index % 2) as 0 | 1,
          });
      }
    }
  }
  return pairs;
}

interface Scored extends Pair {
  identical: boolean;
  score: NearDuplicateScore;
}

const decide = (pair: Scored, thresholds: NearDuplicateThresholds) => pair.identical || passes(pair.score, thresholds);

function figures(pairs: Scored[], thresholds: NearDuplicateThresholds) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const pair of pairs) {
    const merged = decide(pair, thresholds);
    if (merged && pair.same) tp++;
    else if (merged) fp++;
    else if (pair.same) fn++;
  }
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

function main(): void {
  const sample = fs
    .readFileSync(path.join(matchingDataDir(), 'vclaims.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .slice(0, 2000)
    .map((line) => (JSON.parse(line) as VerifiedClaim).claimText);
  const timing = performance.now();
  const prints = sample.map((text) => fingerprint(text, 'en'));
  const printMicros = ((performance.now() - timing) * 1000) / sample.length;
  const comparing = performance.now();
  for (let i = 1; i < prints.length; i++) nearDuplicateScore(prints[i - 1], prints[i]);
  const scoreMicros = ((performance.now() - comparing) * 1000) / (prints.length - 1);
  const started = performance.now();
  const scored: Scored[] = buildPairs(matchingDataDir()).map((pair) => {
    const [a, b] = [fingerprint(pair.a, 'en'), fingerprint(pair.b, 'en')];
    return { ...pair, identical: a.normalized === b.normalized, score: nearDuplicateScore(a, b) };
  });
  const perPair = (performance.now() - started) / scored.length;
  const choose = scored.filter((pair) => pair.half === 0);
  const report = scored.filter((pair) => pair.half === 1);

  // Grid on the choosing half: among thresholds with no false merge, the best recall.
  const grid: { thresholds: NearDuplicateThresholds; recall: number; fp: number }[] = [];
  for (let c = 0.6; c <= 0.951; c += 0.05) {
    for (let t = 0.4; t <= 0.901; t += 0.05) {
      const thresholds = {
        minCharNgrams: Math.round(c * 100) / 100,
        minTermJaccard: Math.round(t * 100) / 100,
        minLengthRatio: NEAR_DUPLICATE.minLengthRatio,
      };
      const { recall, fp } = figures(choose, thresholds);
      grid.push({ thresholds, recall, fp });
    }
  }
  const out: string[] = [];
  out.push(`fingerprint ${printMicros.toFixed(0)} µs per claim, score ${scoreMicros.toFixed(0)} µs per pair (fact-check claim texts)`);
  out.push(`pairs: ${scored.length} (${choose.length} to choose, ${report.length} to report), ${(perPair * 1000).toFixed(1)} µs per pair`);
  out.push('', '| charNgrams ≥ | termJaccard ≥ | false merges (choose half) | recall (choose half) |', '| ---: | ---: | ---: | ---: |');
  for (const row of grid.sort((a, b) => a.fp - b.fp || b.recall - a.recall).slice(0, Number(process.env.GRID_ROWS ?? 12))) {
    out.push(`| ${row.thresholds.minCharNgrams} | ${row.thresholds.minTermJaccard} | ${row.fp} | ${row.recall.toFixed(3)} |`);
  }

  for (const [label, thresholds] of [['the rule (NEAR_DUPLICATE)', NEAR_DUPLICATE]] as const) {
    const all = figures(report, thresholds);
    const chosen = figures(choose, thresholds);
    out.push('', `${label} on the choose half: ${chosen.fp} false merges, recall ${chosen.recall.toFixed(3)}`);
    out.push(
      '',
      `${label} ${JSON.stringify(thresholds)} on the report half: precision ${all.precision.toFixed(4)}, recall ${all.recall.toFixed(3)}`,
    );
    out.push('', '| pairs | near-duplicate? | count | merged |', '| --- | --- | ---: | ---: |');
    const kinds = [...new Set(report.map((pair) => pair.kind))];
    for (const kind of kinds) {
      const ofKind = report.filter((pair) => pair.kind === kind);
      const merged = ofKind.filter((pair) => decide(pair, thresholds)).length;
      out.push(
        `| ${kind} | ${ofKind[0].same ? 'yes' : 'no'} | ${ofKind.length} | ${merged} (${((100 * merged) / ofKind.length).toFixed(1)}%) |`,
      );
    }
    if (process.env.SHOW_ERRORS) {
      for (const pair of report.filter((item) => decide(item, thresholds) !== item.same).slice(0, Number(process.env.SHOW_ERRORS))) {
        out.push(`${pair.same ? 'MISSED' : 'FALSE MERGE'} [${pair.kind}] ${JSON.stringify(pair.score)}\n  ${pair.a}\n  ${pair.b}`);
      }
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
