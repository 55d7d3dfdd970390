import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ConsoleAsset {
  body: Buffer;
  /** The same bytes gzipped once at start (text assets only), for clients that accept gzip. */
  gzipped: Buffer | null;
  contentType: string;
  /** Vite's hashed file names change with their content, so they can be cached for good. */
  immutable: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;

/** Where `npm run build` writes the console (console/dist at the repository root). */
export const CONSOLE_DIST_DIR = join(__dirname, '..', '..', 'console', 'dist');

/**
 * The built console, read once at start (it is a few small files): path relative to the build
 * folder, with '/' separators -> asset. Source maps and unknown file types are not served.
 */
export function loadConsoleAssets(dir: string = CONSOLE_DIST_DIR): Map<string, ConsoleAsset> | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const assets = new Map<string, ConsoleAsset>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const contentType = CONTENT_TYPES[extname(entry.name)];
    if (!contentType) continue;
    const key = relative(dir, path).split(sep).join('/');
    const body = readFileSync(path);
    const gzipped = COMPRESSIBLE.test(contentType) ? gzipSync(body, { level: 9 }) : null;
    assets.set(key, { body, gzipped, contentType, immutable: key.startsWith('assets/') });
  }
  return assets;
}
