import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CONSOLE_DIST_DIR } from '../../src/console/console-assets';
import { type Stack } from './stack';

/** Debian's Chromium (.ci/run installs it); no browser is ever downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  if (!existsSync(join(CONSOLE_DIST_DIR, 'index.html'))) throw new Error('console/dist is missing: npm run build builds the console');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export function baseUrl(stack: Stack): string {
  return `http://127.0.0.1:${(stack.api.getHttpServer().address() as AddressInfo).port}`;
}

/** A tab in its own context (its own sessionStorage), recording every dialog it was asked to show. */
export interface ConsoleTab {
  page: Page;
  context: BrowserContext;
  dialogs: string[];
  close(): Promise<void>;
}

export async function openConsole(browser: Browser, stack: Stack): Promise<ConsoleTab> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${baseUrl(stack)}/console`);
  return { page, context, dialogs, close: () => context.close() };
}

export async function signIn(page: Page, apiKey: string): Promise<void> {
  await page.getByTestId('api-key').fill(apiKey);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('sign-out').waitFor();
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core's serious and critical findings on the page as it is now. Its source goes in through the
 * DevTools protocol (the page's CSP rightly refuses an inline script tag).
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    if (result.passes.length === 0) throw new Error('axe-core checked nothing');
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target }) => ({ target })) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Screenshots for docs/console/, written only when CONSOLE_SCREENSHOTS names a folder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.CONSOLE_SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: false });
}
