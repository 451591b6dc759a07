// The browser the report-page tests drive: Debian's chromium through playwright-core (never a
// download), one persistent context per test file, and pages opened from disk with every console
// error, page error and request that leaves the file collected. Without chromium the tests skip,
// except under CI=true, where they must run.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { tempDir } from '../helpers.js';

export const CHROMIUM = process.env.RELU_LAB_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const CI = process.env.CI === 'true' || process.env.CI === '1';
export const HAVE = existsSync(CHROMIUM);

/** A fresh-profile headless Chromium. */
export function launch(viewport = { width: 1100, height: 900 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(tempDir('relu-lab-chromium-'), { executablePath: CHROMIUM, args: ARGS, headless: true, viewport });
}

/** Open a report page from disk and wait until its charts are drawn, collecting what went wrong. */
export async function openPage(context: BrowserContext, file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console error: ${m.text()}`)));
  page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => void problems.push(`failed request: ${r.url()}`));
  page.on('request', (r) => void (!/^(file|data|about|blob):/.test(r.url()) && problems.push(`network request: ${r.url()}`)));
  await page.goto(pathToFileURL(file).href);
  await page.evaluate(() => (window as unknown as { reluLab: { ready: Promise<unknown> } }).reluLab.ready.then(() => true));
  return { page, problems };
}
