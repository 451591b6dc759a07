import { describe, expect, it } from 'vitest';
import { matchKnots, metrics, pointwiseLoss } from '../../src/math/compare.js';
import { hinges } from '../../src/math/hinges.js';
import { hk } from '../../src/math/handbuilt.js';
import { grid } from '../../src/math/targets.js';

describe('compare', () => {
  it('computes MSE, max |error| and the mean of 0.5·(y − ŷ)²', () => {
    const m = metrics([0, 1, 2, 3], [0, 2, 2, 1]);
    expect(m.mse).toBeCloseTo((0 + 1 + 0 + 4) / 4, 15);
    expect(m.maxAbsError).toBe(2);
    expect(m.meanLoss).toBeCloseTo(m.mse / 2, 15);
    expect(Array.from(pointwiseLoss([1, 3], [0, 0]))).toEqual([0.5, 4.5]);
  });

  it('lets NaN through rather than reporting a clean max error', () => {
    expect(metrics([0, 1], [0, NaN]).maxAbsError).toBeNaN();
  });

  it('matches learned knots to hand-built ones facing the same way, with the least total distance', () => {
    const xs = grid([-3, 3], 100);
    // knots at -1.8, -0.6 (left) and 0.6, 1.8 (right) against h2's -1, 0 (left) and 0, 1 (right)
    const net = { a: [-1, -1, 1, 1], b: [-1.8, -0.6, -0.6, -1.8], c: [2, 2, 2, 2], d: 0 };
    const ms = matchKnots(hinges(net, xs), hk(2).terms);
    expect(ms.map((m) => [m.learnedKnot, m.handKnot])).toEqual([
      [-1.8, -1],
      [-0.6, 0],
      [0.6, 0],
      [1.8, 1],
    ]);
    expect(ms[0].knotDifference).toBeCloseTo(-0.8, 12);
    expect(ms[0].slopeDifference).toBeCloseTo(0, 12);
  });

  it('leaves dead and linear units and spare hand-built terms unpaired', () => {
    const xs = grid([-3, 3], 100);
    const net = { a: [1, 1, -1], b: [-1, 10, -10], c: [1, 1, 1], d: 0 }; // hinge at 1, linear, dead
    const ms = matchKnots(hinges(net, xs), hk(2).terms);
    expect(ms.filter((m) => m.unit !== null && m.term !== null)).toHaveLength(1);
    expect(ms.filter((m) => m.unit === null)).toHaveLength(3);
    expect(ms.some((m) => m.unit === 1 || m.unit === 2)).toBe(false);
  });
});
