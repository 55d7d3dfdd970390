import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

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

/** Only config and database are global: every other dependency between modules is an explicit import. */
const ALLOWED_GLOBAL = ['config/config.module.ts', 'database/database.module.ts'];

describe('module graph', () => {
  it('has @Global only on the config and database modules', () => {
    expect(globalModuleFiles(sources()).sort()).toEqual(ALLOWED_GLOBAL);
  });

  it('notices a deliberate @Global elsewhere', () => {
    const probe = new Map([['auth/auth.module.ts', '@Global()\n@Module({ providers: [] })\nexport class AuthModule {}\n']]);
    expect(globalModuleFiles(probe)).toEqual(['auth/auth.module.ts']);
  });
});
