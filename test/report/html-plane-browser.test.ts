// Two-input report pages in a real browser (Debian's chromium via playwright-core, as
// html-browser.test.ts): a run page's heatmaps with one map cell per grid point in each panel and
// one fold line per fold, its fold table; a sweep page's MSE-against-width chart with the
// constructions. No console error, no network request. Skipped without chromium unless CI=true.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, CI, HAVE, launch, openPage } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers.js';


async function cli(args: string[]) {
  const r = await run(args);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

describe.runIf(HAVE || CI)('two-input report pages in headless Chromium', () => {
  let context: BrowserContext;
  const work = tempDir('relu-lab-plane-pages-');

  beforeAll(async () => {
    if (!HAVE) throw new Error(`no Chromium at ${CHROMIUM}: CI must run the browser tests`);
    await cli(['train', '--target', 'product', '--hidden', '4', '--samples', '11', '--epochs', '40', '--restarts', '1', '--quiet', '--out', join(work, 'run')]);
    await cli(['report', join(work, 'run'), '--quiet']);
    const cfg = join(work, 'pw.json');
    await import('node:fs').then((fs) => fs.writeFileSync(cfg, JSON.stringify({ target: 'product', hidden: [2, 4], seed: [1, 2], epochs: 20, samples: 11, restarts: 1 })));
    await cli(['sweep', cfg, '--out', join(work, 'sweep'), '--quiet']);
    await cli(['report', join(work, 'sweep'), '--quiet']);
    context = await launch();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });

  const open = (file: string) => openPage(context, file);

  /** Map cells (rect marks) and fold lines (rule marks) drawn in a chart. */
  const count = (page: Page, id: string, mark: 'rect' | 'rule') => page.locator(`#${id} g.mark-${mark}.role-mark > ${mark === 'rect' ? 'path' : 'line'}`).count();

  it('a run page: heatmaps with every grid cell and every fold line, the fold table, the interaction numbers', async () => {
    const { page, problems } = await open(join(work, 'run', 'report.html'));
    const rec = JSON.parse(readFileSync(join(work, 'run', 'run.json'), 'utf8'));
    const ids = await page.$$eval('.vis[data-drawn]', (els) => els.map((e) => e.id).sort());
    expect(ids).toEqual(['chart-heat-best-4', 'chart-heat-h1-sums', 'chart-heat-learned', 'chart-training']);
    // three panels of 11×11 cells; the learned panel carries one line per fold that cuts the domain
    expect(await count(page, 'chart-heat-learned', 'rect')).toBe(3 * 121);
    const html = readFileSync(join(work, 'run', 'report.html'), 'utf8');
    const foldRows = (html.match(/<tr><td>\d+<\/td><td>fold<\/td>/g) ?? []).length;
    expect(foldRows).toBeGreaterThan(0);
    expect(await count(page, 'chart-heat-learned', 'rule')).toBe(foldRows);
    // the construction with hₖ parts folds along both diagonals: 4 lines
    expect(await count(page, 'chart-heat-h1-sums', 'rule')).toBe(4);
    expect(await page.locator('#folds table tbody tr').count()).toBe(rec.net.layers[0].b.length);
    expect(await page.locator('#interaction table').textContent()).toMatch(/f12 share.*learned.*best 4.*h1 sums/s);
    expect(problems).toEqual([]);
  }, 60_000);

  it('a sweep page: the summary and MSE against width with the constructions', async () => {
    const { page, problems } = await open(join(work, 'sweep', 'report.html'));
    expect(await page.locator('#summary table tbody tr').count()).toBe(2);
    // learned median, best-squares and hₖ constructions (h1 at width 4 only) as points
    const points = await page.locator('#chart-width-product g.mark-symbol.role-mark > path').count();
    expect(points).toBe(2 + 2 + 1);
    expect(problems).toEqual([]);
  }, 60_000);
});
