import { describe, expect, it } from 'vitest';
import { summaryMd, widthRows } from '../../src/report/summary.js';
import { DEFAULTS } from '../../src/settings.js';
import type { RunRecord } from '../../src/experiment/run.js';

/** A tanh run on x² measured against its best found. */
const rec = (hidden: number, mse: number, best: number): { id: string; record: RunRecord } => ({
  id: `square-w${hidden}-s0`,
  record: {
    config: { ...DEFAULTS, hidden, activation: 'tanh', init: 'varied' },
    backend: 'wasm',
    status: 'ok',
    metrics: { mse, maxAbsError: 1, meanLoss: mse / 2 },
    deadUnits: 0,
    optimum: { mse: best, maxAbsError: 1, label: 'best found', bound: 30, boundActive: false, network: null },
    ratio: mse / best,
    largestWeight: 12,
    comparison: null,
    seconds: 1,
  } as unknown as RunRecord,
});

describe('the sweep summary', () => {
  it('says a run beat the best found only where the run is above round-off', () => {
    // width 4: a record at 1e-29 (a float64 MSE, as records before 2026-11-30 held) against the best found's 4e-12; width 8: a real 2× below
    const md = summaryMd('t', widthRows([rec(4, 1e-29, 4e-12), rec(8, 1e-8, 2e-8)]));
    expect(md).toContain('At width 8 a trained run beat the best found by more than 0.1%: the search is not exhaustive.');
    expect(md).toContain('At width 4 a trained run reached round-off (MSE ≤ 1e-12) below the best found: a ratio there compares rounding errors.');
    expect(md).not.toMatch(/widths 4, 8 a trained run beat/);
    // its row gives no ratio either, as the activations table does
    expect(md).toMatch(/^\| 4 \| 1\/1 \|.*\| round-off \| round-off \|/m);
    expect(md).toMatch(/^\| 8 \| 1\/1 \|.*\| 0\.5 \| 0\.5 \|/m);
  });
});
