// The MSE-vs-width figure: legend swatches fully opaque although the min–max band under them is
// drawn at 0.2, and whole-number widths ticked at whole numbers.
import { describe, expect, it } from 'vitest';
import { figure } from '../../src/report/figures.js';

describe('MSE-vs-width figure', () => {
  it('has opaque legend swatches and integer x ticks', { timeout: 60_000 }, async () => {
    const f = await figure('w', [{ name: 'learned', xs: [1, 2, 3], ys: [0.1, 0.01, 0.001] }, { name: 'best', xs: [1, 2, 3], ys: [0.05, 0.005, 0.0005] }], {
      title: 't', xTitle: 'width', yTitle: 'mse', log: true, points: true,
      bands: [{ series: 'learned', x: 1, lo: 0.05, hi: 0.2 }, { series: 'learned', x: 2, lo: 0.005, hi: 0.02 }, { series: 'learned', x: 3, lo: 0.0005, hi: 0.002 }],
    });
    const symbols = [...f.svg.matchAll(/role-legend-symbol[^]*?<\/g>/g)].map((m) => m[0]);
    expect(symbols.length).toBeGreaterThan(0);
    for (const g of symbols) expect(g).not.toMatch(/opacity="0\.2"/);
    const ticks = [...f.svg.matchAll(/role-axis-label[^]*?<\/g>/g)][0][0];
    const labels = [...ticks.matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['1', '2', '3']);
  });
});
