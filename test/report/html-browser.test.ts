// The report pages in a real browser: Debian's chromium driven by playwright-core (no browser
// download). Opened from file:// with no network; every chart drawn, hovers show the unit, a
// screenshot for a person to look at, and A4 print without cut-off charts. Without chromium the
// tests are skipped with a plain message, except under CI=true, where they fail.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, CI, HAVE, launch, openPage } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/experiment/run.js';
import { run, tempDir } from '../helpers.js';
import { sweepRuns, writeSweepFolder } from './html-fixtures.js';

/** Screenshots and PDFs land here, outside the repository. */
const SHOTS = join(tmpdir(), 'relu-lab-screens');
/** A4 (210 mm) less the page's 12 mm margins each side, at 96 px per inch. */
const A4_PRINTABLE_PX = Math.floor(((210 - 2 * 12) / 25.4) * 96);

if (!HAVE && !CI) console.warn(`report browser tests skipped: no Chromium at ${CHROMIUM}; install Debian's "chromium" package (apt-get install chromium) to run them`);

async function cli(args: string[]) {
  const r = await run(args);
  expect(r.code, r.stderr).toBe(0);
}

describe.runIf(HAVE || CI)('report pages in headless Chromium', () => {
  let context: BrowserContext;
  const work = tempDir('relu-lab-pages-');
  const runPage = join(work, 'run.html');
  const sweepPage = join(work, 'sweep.html');
  let run: RunRecord;

  beforeAll(async () => {
    if (!HAVE) throw new Error(`no Chromium at ${CHROMIUM}: CI must run the browser tests; install Debian's "chromium" package (apt-get install -y chromium)`);
    mkdirSync(SHOTS, { recursive: true });
    await cli(['train', '--hidden', '4', '--samples', '200', '--epochs', '200', '--restarts', '1', '--quiet', '--out', join(work, 'run'), '--report', runPage]);
    run = JSON.parse(readFileSync(join(work, 'run', 'run.json'), 'utf8'));
    writeSweepFolder(join(work, 'sweep'), sweepRuns());
    await cli(['report', join(work, 'sweep'), '--out', sweepPage, '--quiet']);
    // one browser for the file, with a fresh profile
    context = await launch();
  }, 120_000);
  afterAll(async () => {
    await context?.close();
  });

  const open = (file: string) => openPage(context, file);

  /** Data marks (not axes or legends) in each drawn chart's SVG. */
  const marks = (page: Page) =>
    page.$$eval('.vis[data-drawn] svg', (svgs) => Object.fromEntries(svgs.map((s) => [s.closest('.vis')!.id, s.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-mark > text').length])));

  async function expectPrintsOnA4(page: Page, name: string) {
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: A4_PRINTABLE_PX, height: 1000 });
    const widths = await page.$$eval('.vis[data-drawn] svg', (svgs) => svgs.map((s) => s.getBoundingClientRect().right));
    expect(widths.length).toBeGreaterThan(0);
    for (const right of widths) expect(right).toBeLessThanOrEqual(A4_PRINTABLE_PX + 0.5);
    const pdf = join(SHOTS, `${name}.pdf`);
    const bytes = await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    console.log(`report ${name}: PDF ${pdf} (${statSync(pdf).size} bytes)`);
  }

  it('draws a run page from train --report: every chart, knots and units that answer the hover, no network', async () => {
    const { page, problems } = await open(runPage);
    const m = await marks(page);
    expect(Object.keys(m).sort()).toEqual(['chart-fit', 'chart-loss', 'chart-training']);
    for (const [id, k] of Object.entries(m)) expect(k, id).toBeGreaterThan(0);
    const bending = run.hinges.filter((h) => h.kind === 'hinge');
    const knots = page.locator('#chart-fit g.mark-symbol.role-mark > path');
    expect(await knots.count()).toBe(bending.length);
    // hovering a knot: the tooltip names the unit and its numbers; its table row lights up
    await knots.first().hover();
    const tip = page.locator('#vg-tooltip-element.visible');
    await tip.waitFor({ timeout: 5000 });
    expect(await tip.textContent()).toMatch(/unit\s*\d+.*slope change/s);
    expect(await page.locator('tr.active').count()).toBe(1);
    // hovering a row: that unit's line and knot are picked out on the chart
    const row = page.locator('tr[data-unit="2"]');
    await row.hover();
    expect(await page.evaluate(() => (window as unknown as { reluLab: { views: Record<string, { signal: (n: string) => number }> } }).reluLab.views['chart-fit'].signal('unit'))).toBe(2);
    expect(await page.locator('.unit-line').textContent()).toMatch(/^unit 2: a /);
    const shot = join(SHOTS, 'run.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`report run page: screenshot ${shot}`);
    await expectPrintsOnA4(page, 'run');
    expect(problems).toEqual([]);
  }, 30_000);

  it('draws a sweep page: its charts, a run section opened from the summary, seed tooltips, no network', async () => {
    const { page, problems } = await open(sweepPage);
    const m = await marks(page);
    for (const id of ['chart-width-square', 'chart-spread-square', 'chart-dead-square']) expect(m[id], id).toBeGreaterThan(0);
    await page.click('a[href="#run-square-w3-s1"]');
    await page.waitForSelector('#chart-run-square-w3-s1[data-drawn]', { timeout: 10_000 });
    expect(await page.locator('#run-square-w3-s1').getAttribute('open')).not.toBeNull();
    expect((await marks(page))['chart-run-square-w3-s1']).toBeGreaterThan(0);
    await page.locator('#chart-spread-square g.role-mark > path').first().hover();
    const tip = page.locator('#vg-tooltip-element.visible');
    await tip.waitFor({ timeout: 5000 });
    expect(await tip.textContent()).toMatch(/square-w\d-s\d/);
    const shot = join(SHOTS, 'sweep.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`report sweep page: screenshot ${shot}`);
    await expectPrintsOnA4(page, 'sweep');
    expect(problems).toEqual([]);
  }, 30_000);
});
