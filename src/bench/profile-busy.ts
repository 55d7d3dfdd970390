/**
 * `node dist-tools/bench/profile-busy.js <file.cpuprofile> [files]`: how long a process's main thread
 * was busy in a V8 CPU profile (BENCH_CPU_PROF), its longest busy stretches (the time an event loop
 * answered nothing else) and the busy time under each of our source files (inclusive: a file counts
 * when any frame of the sample's stack is in it). `files`: comma-separated path parts to report
 * (default: every file of dist/ and every package).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PIPELINE_WINDOW_FILE } from './bench-support';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const IDLE = '(idle)';

/** Only the samples between startUs and endUs (the profile's clock) count, when given. */
export interface Window {
  startUs: number;
  endUs: number;
}

export function busyReport(profile: Profile, only: string[] = [], window?: Window): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const fileOf = (url: string) => {
    const modules = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (modules) return `node_modules/${modules[1]}`;
    const at = /\/dist(?:-tools)?\//.exec(url);
    return at ? url.slice(at.index + at[0].length) : null;
  };
  const filesOfStack = new Map<number, Set<string>>();
  const stackFiles = (id: number): Set<string> => {
    const known = filesOfStack.get(id);
    if (known) return known;
    const files = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const file = fileOf(byId.get(at)!.callFrame.url);
      if (file && (only.length === 0 || only.some((part) => file.includes(part)))) files.add(file);
    }
    filesOfStack.set(id, files);
    return files;
  };

  let busyUs = 0;
  let stretchUs = 0;
  const stretches: number[] = [];
  const perFile = new Map<string, number>();
  const special = new Map<string, number>();
  let at = profile.startTime;
  let spanUs = 0;
  // A sample lasts until the next one.
  for (let index = 0; index < profile.samples.length; index += 1) {
    at += profile.timeDeltas[index];
    if (window && (at < window.startUs || at > window.endUs)) continue;
    const duration = profile.timeDeltas[index + 1] ?? 0;
    spanUs += duration;
    const node = byId.get(profile.samples[index])!;
    const name = node.callFrame.functionName;
    if (name === IDLE) {
      if (stretchUs > 0) stretches.push(stretchUs);
      stretchUs = 0;
      continue;
    }
    busyUs += duration;
    stretchUs += duration;
    if (name.startsWith('(')) special.set(name, (special.get(name) ?? 0) + duration);
    for (const file of stackFiles(node.id)) perFile.set(file, (perFile.get(file) ?? 0) + duration);
  }
  if (stretchUs > 0) stretches.push(stretchUs);
  stretches.sort((a, b) => b - a);
  const ms = (us: number) => Math.round(us / 1000);
  const s = (us: number) => (us / 1e6).toFixed(1);
  return [
    `${window ? 'pipeline' : 'profiled'} ${s(spanUs)} s, main thread busy ${s(busyUs)} s`,
    `longest busy stretches ms: ${stretches.slice(0, 10).map(ms).join(', ')}`,
    `busy stretches over 50 ms: ${stretches.filter((us) => us > 50_000).length}, over 100 ms: ${stretches.filter((us) => us > 100_000).length}`,
    `native: ${[...special].map(([name, us]) => `${name} ${ms(us)} ms`).join(', ')}`,
    'busy ms under each file (inclusive):',
    ...[...perFile]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([file, us]) => `  ${String(ms(us)).padStart(6)}  ${file}`),
  ];
}

if (require.main === module) {
  const [file, files] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-busy <file.cpuprofile> [comma-separated path parts]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const only = files ? files.split(',') : [];
  console.log(busyReport(profile, only).join('\n'));
  const windowFile = join(dirname(file), PIPELINE_WINDOW_FILE);
  if (existsSync(windowFile))
    console.log(['', ...busyReport(profile, only, JSON.parse(readFileSync(windowFile, 'utf8')) as Window)].join('\n'));
}
