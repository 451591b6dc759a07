// Degenerate but valid runs read sensibly: fits exact up to round-off say "exact", not a ratio of
// two round-off numbers; log charts stop a bounded number of decades below their largest value.
import { describe, expect, it } from 'vitest';
import { isExact, ratioText } from '../../src/math/roundoff.js';
import { chart, LOG_DECADES } from '../../src/report/chart.js';
import { run, tempDir } from '../helpers.js';

process.env.RELU_LAB_CACHE ??= tempDir('relu-lab-degenerate-cache-');

describe('exact fits', () => {
  it('ratioText says exact only when both are round-off, and gives no ratio when one is', () => {
    const f = (v: number) => v.toPrecision(3);
    expect(ratioText(3e-18, 7e-22, f)).toBe('exact');
    expect(ratioText(0, 0, f)).toBe('exact');
    expect(ratioText(1e-3, 1e-30, f)).toMatch(/best is exact/);
    // a finished smooth network in float64 (1e-29) against a best found in float32 (2e-12): no 5e-18
    expect(ratioText(1e-29, 2e-12, f)).toMatch(/learned is exact/);
    expect(ratioText(2e-3, 1e-3, f)).toBe('2.00');
    expect(ratioText(null, 1, f)).toBeNull();
    expect(isExact(1e-11)).toBe(false);
    expect(isExact(1e-11, 100)).toBe(true);
  });
  it('a relu target at width 1 reports "both exact", never a ratio or ∞×', async () => {
    const r = await run(['train', '--target', 'relu', '--hidden', '1', '--epochs', '300', '--samples', '201', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/both exact/);
    expect(r.stdout).not.toMatch(/∞×|learned \/ best = [0-9]/);
  });
});

describe('log-scale charts', () => {
  it(`span at most ${LOG_DECADES} decades below the largest value`, () => {
    const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const ys = [1, 1e-32, 1e-20, 0.5, 1e-32, 1e-3, 1e-32, 0.1, 1e-32, 1];
    const text = chart(xs, [{ name: 'loss', ys }], { width: 60, height: 10, color: false, log: true });
    const labels = [...text.matchAll(/^\s*([0-9.]+e-?[0-9]+|[0-9.]+)\s*┤/gm)].map((m) => Number(m[1]));
    expect(labels.length).toBeGreaterThan(2);
    expect(Math.min(...labels)).toBeGreaterThanOrEqual(10 ** -(LOG_DECADES + 0.5));
  });
});
