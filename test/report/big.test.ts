// Reports on the largest grids the settings allow: nothing may spread a grid onto the call stack.
import { describe, expect, it } from 'vitest';
import { chart } from '../../src/report/chart.js';

describe('charts of a 1e6-point grid', () => {
  it('draw a linear and a log chart without a RangeError', () => {
    const n = 1_000_000;
    const xs = new Float64Array(n).map((_, i) => -3 + (6 * i) / (n - 1));
    const ys = xs.map((x) => x * x);
    const loss = xs.map((x) => (x === 0 ? 0 : 1e-6 * x * x));
    const lin = chart(xs, [{ name: 'y', ys }], { width: 80, height: 8, color: false });
    const log = chart(xs, [{ name: 'loss', ys: loss }], { width: 80, height: 8, color: false, log: true });
    expect(lin).toContain('y');
    expect(log).toContain('(log scale)');
  });
});
