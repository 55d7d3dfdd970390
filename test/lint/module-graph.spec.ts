import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const src = join(__dirname, '..', '..', 'src');

/** Every .ts source file under src (tests and migrations left out), as path relative to src -> text. */
function sources(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'migrations') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        files.set(relative(src, path), readFileSync(path, 'utf8'));
      }
    }
  };
  walk(src);
  return files;
}

/** Files declaring a Nest module with @Global(). */
function globalModuleFiles(files: Map<string, string>): string[] {
  return [...files].filter(([, text]) => /@Global\(\)/.test(text)).map(([path]) => path);
}

/** Top-level folder of a path relative to src ('' for the entrypoints at src/). */
function folderOf(path: string): string {
  return path.includes('/') ? path.split('/')[0] : '';
}

/** Folder pairs "a <-> b" (a < b) where a file of each imports a file of the other. */
function twoWayFolderImports(files: Map<string, string>): string[] {
  const edges = new Set<string>();
  for (const [path, text] of files) {
    for (const [, specifier] of text.matchAll(/from '(\.[^']+)'/g)) {
      const from = folderOf(path);
      const to = folderOf(normalize(join(dirname(path), specifier)));
      if (from && to && from !== to && !to.startsWith('..')) edges.add(`${from} -> ${to}`);
    }
  }
  return [...edges]
    .map((edge) => edge.split(' -> '))
    .filter(([from, to]) => from < to && edges.has(`${to} -> ${from}`))
    .map(([from, to]) => `${from} <-> ${to}`)
    .sort();
}

/** Only config and database are global: every other dependency between modules is an explicit import. */
const ALLOWED_GLOBAL = ['config/config.module.ts', 'database/database.module.ts'];

describe('module graph', () => {
  it('has @Global only on the config and database modules', () => {
    expect(globalModuleFiles(sources()).sort()).toEqual(ALLOWED_GLOBAL);
  });

  // A piece two folders both need lives in the lower one (or in src/workflow, the rows, repositories and
  // state machines the features share), never half in each.
  it('has no two-way import between folders', () => {
    expect(twoWayFolderImports(sources())).toEqual([]);
  });

  it('notices a deliberate two-way import between folders', () => {
    const probe = new Map([
      ['claims/claims.service.ts', "import { ArticleDto } from '../articles/article.dto';\n"],
      ['articles/articles.service.ts', "import { ClaimsService } from '../claims/claims.service';\n"],
      ['workflow/claim.repository.ts', "import { TransactionHost } from '../database/transaction-host';\n"],
    ]);
    expect(twoWayFolderImports(probe)).toEqual(['articles <-> claims']);
  });

  it('notices a deliberate @Global elsewhere', () => {
    const probe = new Map([['auth/auth.module.ts', '@Global()\n@Module({ providers: [] })\nexport class AuthModule {}\n']]);
    expect(globalModuleFiles(probe)).toEqual(['auth/auth.module.ts']);
  });
});
