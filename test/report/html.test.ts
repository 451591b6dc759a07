import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { runInput, runPage } from '../../src/report/html-run.js';
import { sweepPage } from '../../src/report/html-sweep.js';
import { esc } from '../../src/report/html.js';
import { sentences } from '../../src/report/text.js';
import { run, tempDir } from '../helpers.js';
import { record, sweepRuns, writeRunFolder, writeSweepFolder } from './html-fixtures.js';

/** The page's inline data: every chart's spec (and the grids lazily filled charts use). */
function pageData(html: string): { charts: Record<string, { spec: Record<string, unknown>; lazy: boolean }> } {
  const m = html.match(/<script type="application\/json" id="relu-lab-data">([\s\S]*?)<\/script>/);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]);
}

/** Nothing on the page points off it: no external script, style, image or link (the inlined bundles' own code aside). */
function expectSelfContained(html: string) {
  expect(html.match(/<script>/g)?.length).toBe(4); // vega, vega-lite, vega-embed, the page's own
  const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
  for (const re of [/<(script|img|iframe)[^>]*\ssrc=/i, /<link\b/i, /href="(?!#)/, /@import/, /url\(/]) expect(re.test(markup), String(re)).toBe(false);
}

function expectSpecsCompile(html: string) {
  const warnings: string[] = [];
  const logger = { level: () => logger, error: (m: string) => void warnings.push(m), warn: (m: string) => void warnings.push(m), info: () => logger, debug: () => logger };
  for (const [id, c] of Object.entries(pageData(html).charts)) {
    expect(() => compile(c.spec as never, { logger: logger as never }), id).not.toThrow();
    expect(String(c.spec.description ?? ''), `${id} has a text alternative`).not.toBe('');
  }
  expect(warnings).toEqual([]);
}

describe('report page of a run', () => {
  const r = record({ hidden: 4 });
  const html = runPage(runInput(r, 'test'));

  it('is self-contained, with a compiling spec and a text alternative per chart', () => {
    expectSelfContained(html);
    expectSpecsCompile(html);
    expect(Object.keys(pageData(html).charts)).toEqual(['chart-fit', 'chart-loss', 'chart-training']);
    expect(html).toMatch(/<figcaption>Line chart of x² \(target\), h2 \(hand-built\), best possible, width 4, learned, width 4/);
    expect(html).toContain('@media print');
  });

  it('carries the hinge table (one row per unit), the knots, the optimum line and the terminal sentences', () => {
    const rows = html.match(/<tr data-chart="chart-fit" data-unit="\d+"/g) ?? [];
    expect(rows).toHaveLength(4);
    expect(html).toContain(esc(sentences(r)));
    const fit = pageData(html).charts['chart-fit'].spec as { layer: { data?: { values: { unit?: number; x: number }[] } }[] };
    const knots = fit.layer[fit.layer.length - 1].data!.values;
    const expected = r.hinges.filter((h) => h.kind === 'hinge').map((h) => Number((h.knot as number).toPrecision(6)));
    expect(knots.map((k) => k.x)).toEqual(expected);
    const training = JSON.stringify(pageData(html).charts['chart-training'].spec);
    expect(training).toContain(`best possible, width 4: ${r.optimum!.mse.toPrecision(4)}`);
  });

  it('shows what applies to a record without a one-hidden-layer network, and to a diverged run', () => {
    const deep = JSON.parse(JSON.stringify(r));
    delete deep.network;
    delete deep.hinges;
    const page = runPage(runInput(deep, 'deep'));
    expect(Object.keys(pageData(page).charts)).toEqual(['chart-training']);
    expect(page).toContain('no one-hidden-layer network');
    const diverged = { ...r, status: 'diverged', divergedAt: 40, comparison: null, ratio: null } as typeof r;
    const dpage = runPage(runInput(diverged, 'diverged'));
    expect(dpage).toContain('training diverged at epoch 40');
    expectSpecsCompile(dpage);
  });
});

describe('report page of a sweep', () => {
  const runs = sweepRuns();
  const html = sweepPage({ name: 'test', dir: 'x', runs });

  it('links every summary row to sections that exist, one per run', () => {
    expectSelfContained(html);
    expectSpecsCompile(html);
    const targets = [...html.matchAll(/href="#(run-[^"]+)"/g)].map((m) => m[1]);
    expect(new Set(targets).size).toBe(runs.length);
    for (const t of targets) expect(html).toContain(`<details class="run" id="${t}">`);
    const charts = pageData(html).charts;
    expect(Object.keys(charts).filter((id) => charts[id].lazy)).toHaveLength(runs.length);
    for (const id of ['chart-width-square', 'chart-spread-square', 'chart-dead-square']) expect(charts[id]).toBeDefined();
  });

  it('names the reference each table compares with: best possible for relu, best found under its bound for other activations', () => {
    expect(html).toContain('<th scope="col">best possible</th>');
    const found = runs.map(({ id, record: r }) => ({ id, record: { ...r, config: { ...r.config, activation: 'tanh' as const }, optimum: { ...r.optimum!, label: 'best found' as const, bound: 30 } } }));
    const page = sweepPage({ name: 'test', dir: 'x', runs: found });
    expect(page).toContain('<th scope="col">best found (|w| ≤ 30)</th>');
    expect(page).not.toContain('<th scope="col">best possible</th>');
  });
});

describe('report page of a depth sweep', () => {
  it('adds MSE against parameters, and lists deep runs without knots (records with layer widths and no shallow network)', async () => {
    const deep = [0, 1].map((seed) => {
      const r = JSON.parse(JSON.stringify(record({ hidden: 3, seed })));
      r.config.hidden = [3, 3];
      delete r.network;
      delete r.hinges;
      r.optimum = null;
      r.ratio = null;
      return { id: `square-w3x3-s${seed}`, record: r };
    });
    const runs = [...sweepRuns(), ...deep];
    const html = sweepPage({ name: 'depth', dir: 'x', runs });
    expectSpecsCompile(html);
    const charts = pageData(html).charts;
    const depth = JSON.stringify(charts['chart-depth-square'].spec);
    expect(depth).toContain('trained depth 2 (median)');
    expect(depth).toContain('best shallow (optimum)');
    expect(html).toContain('<td>3,3</td>');
    expect(html).toContain('A network of layers 3,3');
    expect(charts['chart-run-square-w3x3-s0']).toBeUndefined();
    const dir = tempDir();
    writeSweepFolder(dir, runs);
    const r = await run(['report', dir]);
    expect(r.code, r.stderr).toBe(0);
  }, 30_000);
});

describe('relu-lab report (in-process)', () => {
  async function expectUsage(args: string[], pattern: RegExp, page: string) {
    const r = await run(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(existsSync(page)).toBe(false);
  }

  it('writes a run folder\'s page to DIR/report.html and a sweep\'s to --out', async () => {
    const dir = tempDir();
    writeRunFolder(join(dir, 'run'), record({ hidden: 3 }));
    const a = await run(['report', join(dir, 'run')]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/run page, 1 run, \d+ KB/);
    expect(readFileSync(join(dir, 'run', 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    writeSweepFolder(join(dir, 'sweep'), sweepRuns().slice(0, 2));
    const b = await run(['report', join(dir, 'sweep'), '--out', join(dir, 'sweep.html'), '--json']);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ page: join(dir, 'sweep.html'), kind: 'sweep', runs: 2 });
  });

  it('refuses a folder that is neither, a damaged run file, and --out naming a folder: one line, exit 2, no page', async () => {
    const dir = tempDir();
    await expectUsage(['report', dir], /report: ".*" is neither a run folder nor a sweep folder; expected a run folder/, join(dir, 'report.html'));
    await expectUsage(['report', join(dir, 'nope')], /report: ".*nope" is not a folder/, join(dir, 'nope', 'report.html'));
    const bad = join(dir, 'bad');
    writeRunFolder(bad, record({ hidden: 2 }));
    writeFileSync(join(bad, 'run.json'), '{"config": ');
    await expectUsage(['report', bad], /report: .*bad\/run\.json is not valid JSON/, join(bad, 'report.html'));
    const r = JSON.parse(JSON.stringify(record({ hidden: 2 })));
    delete r.history;
    writeFileSync(join(bad, 'run.json'), JSON.stringify(r));
    await expectUsage(['report', bad], /report: .*run\.json: missing key history; expected an object/, join(bad, 'report.html'));
    const sweep = join(dir, 'sweep');
    writeSweepFolder(sweep, sweepRuns().slice(0, 2));
    writeFileSync(join(sweep, 'runs', 'square-w2-s1.json'), '{"config": {"target": "square"}}');
    await expectUsage(['report', sweep], /report: .*square-w2-s1\.json: bad value for config\.hidden|missing key config\.hidden/, join(sweep, 'report.html'));
    mkdirSync(join(dir, 'afolder'));
    writeRunFolder(join(dir, 'ok'), record({ hidden: 2 }));
    await expectUsage(['report', join(dir, 'ok'), '--out', join(dir, 'afolder')], /--out: ".*afolder" is a folder; expected the path of the HTML file/, join(dir, 'ok', 'report.html'));
    // train checks --report before it trains or writes anything
    await expectUsage(['train', '--epochs', '5', '--out', join(dir, 'trained'), '--report', join(dir, 'afolder')], /--report: ".*afolder" is a folder/, join(dir, 'trained', 'run.json'));
  });
});
