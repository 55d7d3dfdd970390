import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const DOCUMENTS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((name) => `docs/${name}`)].filter((name) => name.endsWith('.md'));

/** A clone of the repository alone must have every page its documents link to. */
describe('documentation links', () => {
  it.each(DOCUMENTS)('%s links only to files inside the repository that exist', (document) => {
    const text = readFileSync(join(ROOT, document), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map(([, target]) => target)
      .filter((target) => !/^(https?:|mailto:|#)/.test(target));
    const broken = targets.filter((target) => {
      const path = resolve(dirname(join(ROOT, document)), target.split('#')[0]);
      return relative(ROOT, path).startsWith('..') || !existsSync(path);
    });
    expect(broken).toEqual([]);
  });
});
