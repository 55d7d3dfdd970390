import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadConsoleAssets } from './console-assets';

describe('loadConsoleAssets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is null when the console was not built', () => {
    expect(loadConsoleAssets(dir)).toBeNull();
  });

  it('keeps the built files by relative path; hashed assets are immutable, source maps not served', () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'index-abc.js.map'), '{}');
    const assets = loadConsoleAssets(dir)!;
    expect([...assets.keys()].sort()).toEqual(['assets/index-abc.js', 'index.html']);
    expect(assets.get('index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', immutable: false });
    expect(assets.get('assets/index-abc.js')).toMatchObject({ contentType: 'text/javascript; charset=utf-8', immutable: true });
    expect(gunzipSync(assets.get('assets/index-abc.js')!.gzipped!).toString()).toBe('console.log(1)');
  });
});
