import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRecord } from '../../src/experiment/check.js';
import type { RunRecord } from '../../src/experiment/run.js';
import { readRuns } from '../../src/experiment/store.js';
import { cascadeTable } from '../../src/math/cascade.js';
import { parameterCount } from '../../src/math/net.js';
import { grid } from '../../src/math/targets.js';
import { archRows, depthFigures, depthMd, depthPoints, depthScatter, hasDepth } from '../../src/report/depth-summary.js';
import { summaryMd, widthRows } from '../../src/report/summary.js';
import { ROOT, run, tempDir } from '../helpers.js';

/** A run record as a deep sweep writes it: only what summaries read is real; the rest is shaped like it. */
function record(hidden: number | number[], seed: number, mse: number, optimum: { hidden?: number; mse: number } | null) {
  // deep records carry the general net; the first deep one folds x twice (|x| then ||x| − 1|) for a known piece count
  const net = Array.isArray(hidden) && hidden[0] === 4 && hidden.length === 2 ? FOLD : zeroNet(Array.isArray(hidden) ? hidden : [hidden]);
  const config = { target: 'square', domain: [-3, 3], samples: 1000, hidden, seed, init: 'he', optimizer: 'adam', lr: 0.01, schedule: 'cosine', epochs: 2000, batchSize: 0, restarts: 1, refit: 'during', compare: 'none', backend: 'auto' };
  return {
    tool: 'relu-lab 0.1.0', config, backend: 'wasm', seed, status: 'ok', divergedAt: null, target: { name: 'square', formula: 'x²' },
    metrics: { mse, maxAbsError: Math.sqrt(mse) * 3, meanLoss: mse / 2 }, network: null, history: { epoch: [2000], loss: [mse] }, hinges: [],
    deadUnits: 1, restarts: { best: 0, losses: [mse] }, comparison: null,
    optimum: optimum ? { maxAbsError: 0, network: { a: [], b: [], c: [], d: 0 }, ...optimum } : null, ratio: optimum ? mse / optimum.mse : null, seconds: 1,
    net,
  };
}

/** A zero net of the right shape (one linear piece): only the 4,4 records carry a real one. */
function zeroNet(widths: number[]) {
  let fanIn = 1;
  const layers = widths.map((w) => {
    const layer = { activation: 'relu', W: Array.from({ length: w }, () => new Array(fanIn).fill(0)), b: new Array(w).fill(0) };
    fanIn = w;
    return layer;
  });
  return { inputs: 1, layers, output: { w: new Array(fanIn).fill(0), d: 0 } };
}

/** widths 4,4: layer 1 gives relu(±x) (and two dead units), layer 2 relu(±(|x| − 1)): |(|x| − 1)| has 4 pieces on [-3, 3]. */
const FOLD = {
  inputs: 1,
  layers: [
    { activation: 'relu', W: [[1], [-1], [0], [0]], b: [0, 0, 0, 0] },
    { activation: 'relu', W: [[1, 1, 0, 0], [-1, -1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], b: [-1, 1, 0, 0] },
  ],
  output: { w: [1, 1, 0, 0], d: 0 },
};

const SYNTHETIC: [number | number[], number, { hidden?: number; mse: number } | null][] = [
  [4, 0.02, { mse: 0.0116 }],
  [8, 0.004, { mse: 0.0012 }],
  [[4, 4], 0.003, { hidden: 10, mse: 0.0008, basis: 'same parameter count' } as never],
  [[4, 4, 4], 0.002, { hidden: 15, mse: 0.0003 }],
];

/** The synthetic sweep in memory: the run files' checker refuses deep records until deep training lands, so the report is tested on records directly. */
function syntheticRuns(): { id: string; record: RunRecord }[] {
  return SYNTHETIC.flatMap(([hidden, mse, opt], i) => [0, 1, 2].map((seed) => ({ id: `r${i}-s${seed}`, record: record(hidden, seed, mse * (1 + seed), opt) as unknown as RunRecord })));
}

function synthetic(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'runs'));
  for (const { id, record: r } of syntheticRuns()) writeFileSync(join(dir, 'runs', `${id}.json`), JSON.stringify(r));
  return dir;
}

/** Whether run files of deep networks are read yet (the deep trainer's record check). */
const deepRecordsRead = (() => {
  try {
    checkRecord(syntheticRuns()[6].record, 'probe');
    return true;
  } catch {
    return false;
  }
})();

describe('depth against width in a sweep summary', () => {
  it('pools seeds per architecture and counts parameters and units', () => {
    const runs = syntheticRuns();
    expect(hasDepth(runs)).toBe(true);
    const rows = archRows(runs);
    expect(rows.map((r) => r.pieces)).toEqual([1, 1, 4, 1]);
    expect(rows.map((r) => r.bound)).toEqual([5, 9, 25, 125]);
    expect(rows.map((r) => [r.widths.join(','), r.depth, r.units, r.parameters, r.ok, r.median])).toEqual([
      ['4', 1, 4, 13, 3, 0.04],
      ['8', 1, 8, 25, 3, 0.008],
      ['4,4', 2, 8, parameterCount(1, [4, 4]), 3, 0.006],
      ['4,4,4', 3, 12, parameterCount(1, [4, 4, 4]), 3, 0.004],
    ]);
  });

  it('sets the trained medians beside the best shallow net, hₖ and the cascade computed from the grid', () => {
    const points = depthPoints(syntheticRuns(), 'square');
    const fam = (f: string) => points.filter((p) => p.family === f);
    expect(fam('trained depth 3 (median)')).toEqual([{ family: 'trained depth 3 (median)', label: '4,4,4', units: 12, parameters: 53, mse: 0.004 }]);
    // the optimum at the records' widths: shallow runs name their own width, deep runs the width they were matched with
    expect(fam('best shallow (optimum)').map((p) => [p.units, p.parameters, p.mse])).toEqual([[4, 13, 0.0116], [8, 25, 0.0012], [10, 31, 0.0008], [15, 46, 0.0003]]);
    expect(fam('hₖ (hand-built, shallow)').map((p) => p.label)).toEqual(['h1', 'h2', 'h3']);
    const cascade = fam('cascade (hand-built, deep)');
    const ref = cascadeTable(5, 3, grid([-3, 3], 1000), (x) => x * x);
    expect(cascade.map((p) => p.mse)).toEqual(ref.map((r) => r.mse));
    expect(cascade.at(-1)!.parameters).toBeGreaterThanOrEqual(53);
    const md = depthMd(syntheticRuns());
    expect(md).toContain('| 4,4,4 | 3 | 12 | 53 | 3/3 | 0.004 | 0.002 | 0.006 | 1 | 125 |');
    expect(md).toContain('| 4,4 | 2 | 8 | 33 | 3/3 | 0.006 | 0.003 | 0.009 | 4 | 25 |');
    expect(md).toContain('| cascade (hand-built, deep) | m = 3 | 10 | 35 | 6.585e-4 |');
    const text = depthScatter(points, 'parameters', { width: 80, height: 10, color: false }, 'square: MSE against parameters');
    expect(text.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    expect(text).toMatch(/o trained shallow \(median\)/);
  });

  it('draws MSE against parameters and against units as figures', async () => {
    const figs = await depthFigures(syntheticRuns());
    expect(figs.map((f) => f.name)).toEqual(['depth-mse-vs-parameters-square', 'depth-mse-vs-units-square']);
    expect(figs[0].svg).toContain('<svg');
    expect(JSON.stringify(figs[0].spec)).toContain('trained depth 3 (median)');
  }, 60_000);

  // Runs as soon as run files of deep networks pass the record check (the deep trainer's change).
  it.skipIf(!deepRecordsRead)('summarize writes the depth section and figures for a folder with deep runs', async () => {
    const dir = synthetic();
    const r = await run(['summarize', dir]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md).toContain('# Depth against width');
    expect(md).toContain('| 4,4 | 3/3 |');
    expect(r.stdout).toContain('square: MSE against parameters');
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['depth-mse-vs-parameters-square.svg', 'depth-mse-vs-units-square.svg', 'mse-vs-width-square.svg']));
  }, 60_000);

  it('leaves the summaries of shallow sweeps exactly as they were', () => {
    for (const name of ['square-widths', 'answer']) {
      const dir = join(ROOT, 'results', name);
      if (!existsSync(join(dir, 'summary.md'))) continue;
      const runs = readRuns(dir);
      expect(hasDepth(runs)).toBe(false);
      const title = readFileSync(join(dir, 'summary.md'), 'utf8').split('\n')[0].replace(/^# (.*): MSE by width$/, '$1');
      expect(summaryMd(title, widthRows(runs))).toBe(readFileSync(join(dir, 'summary.md'), 'utf8'));
    }
  });
});
