// The best-found search's moves for units that face a way (patterns.ts) and its rounded kinks
// (lm.ts `smooth`), its lopsided dropped starts, against brute force, finite differences and the
// exact ReLU optimum.
import { describe, expect, it } from 'vitest';
import { activation } from '../../src/math/activations.js';
import { bestFound } from '../../src/math/best-found/index.js';
import { evaluate, jacobian, unitActivation, type Problem } from '../../src/math/best-found/lm.js';
import { bestPatterns, mirrored } from '../../src/math/best-found/patterns.js';
import { startsFor } from '../../src/math/best-found/starts.js';
import { curvatureKnots } from '../../src/math/init.js';
import { optimumCurve } from '../../src/math/optimum/index.js';
import { rng, uniform } from '../../src/math/rng.js';
import { grid, sample } from '../../src/math/targets.js';

const D: [number, number] = [-3, 3];

/** A ReLU problem whose inner weights are the exact optimum's knots with the listed units turned round. */
function scrambledOptimum(target: string, points: number, width: number, turn: number[]) {
  const X = grid(D, points);
  const y = sample(target, X);
  const exact = optimumCurve(X, y, D, width)[width - 1];
  const { a, b } = exact.network;
  const theta = Float64Array.from(a.flatMap((ai, i) => {
    const dir = Math.sign(ai) * (turn.includes(i) ? -1 : 1);
    return [2 * dir, 2 * dir * (b[i] / ai)]; // same knot −b/a, facing dir, slope 2
  }));
  const p: Problem = { X, inputs: 1, y, activation: 'relu', width, bound: 1000 };
  return { p, theta, exactSse: exact.mse * points };
}

describe('mirror patterns (which way every unit faces, chosen at once)', () => {
  it.each(['relu', 'leaky-relu', 'softplus', 'gelu'] as const)('%s: the best pattern is the least-squares best of all 2ⁿ, by brute force', (act) => {
    const X = grid(D, 61);
    const y = sample('cube', X);
    const next = rng(3);
    const theta = Float64Array.from({ length: 12 }, (_, i) => (i % 2 ? uniform(next, -2, 2) : uniform(next, 0.5, 2)));
    const p: Problem = { X, inputs: 1, y, activation: act, width: 6, bound: 1e6 };
    const own = evaluate(p, theta).lsq.sse;
    let brute = own;
    for (let mask = 1; mask < 64; mask++) {
      const units = [0, 1, 2, 3, 4, 5].filter((i) => (mask >> i) & 1);
      brute = Math.min(brute, evaluate(p, mirrored(p, theta, units)).lsq.sse);
    }
    const [first] = bestPatterns(p, evaluate(p, theta), 3, 1);
    expect(brute).toBeLessThan(own); // the start is not already the best pattern, or the test proves nothing
    expect(evaluate(p, mirrored(p, theta, first)).lsq.sse).toBeCloseTo(brute, 8);
  });
  it.each([10, 16])('turns six or more units of the exact ReLU optimum back (width %i: every pattern priced to 12, a local search beyond)', (width) => {
    const { p, theta, exactSse } = scrambledOptimum('sin', 200, width, [0, 2, 4, 5, 8, 9, 13, 15]);
    expect(evaluate(p, theta).lsq.sse).toBeGreaterThan(2 * exactSse);
    const [first] = bestPatterns(p, evaluate(p, theta), 3, width);
    expect(evaluate(p, mirrored(p, theta, first)).lsq.sse / exactSse).toBeCloseTo(1, 4);
  });
  it('offers nothing when no pattern beats the network’s own', () => {
    const { p, theta } = scrambledOptimum('square', 200, 6, []);
    expect(bestPatterns(p, evaluate(p, theta), 3, 1)).toEqual([]);
  });
});

describe('rounded kinks (lm.ts smooth)', () => {
  it.each(['relu', 'leaky-relu', 'abs'] as const)('%s: rounds only the kink, within k·β/2 and nowhere else, with the derivative of the rounded function', (act) => {
    const p: Problem = { X: grid(D, 11), inputs: 1, y: new Float64Array(11), activation: act, width: 1, bound: 10, smooth: 0.05 };
    const theta = Float64Array.from([2, 0.3]); // β = 0.05 · |2| = 0.1
    const { f, df } = unitActivation(p, theta, 0);
    const raw = activation(act);
    const k = (raw.df(1) - raw.df(-1)) / 2;
    for (let z = -3; z <= 3; z += 0.01) {
      expect(Math.abs(f(z) - raw.f(z))).toBeLessThanOrEqual((k * 0.1) / 2 + 1e-12);
      expect(df(z)).toBeCloseTo((f(z + 1e-6) - f(z - 1e-6)) / 2e-6, 5); // 5 digits: at z = ±β the second derivative jumps
    }
    for (const z of [-3, -0.1, 0.1, 0.5]) expect(f(z)).toBe(raw.f(z)); // beyond β from the kink: untouched (no tail to build features from)
    expect(f(0) - raw.f(0)).toBeCloseTo((k * 0.1) / 2, 12); // at the kink: k·β/2
  });
  it('leaves smooth activations as they are', () => {
    const p: Problem = { X: grid(D, 11), inputs: 1, y: new Float64Array(11), activation: 'tanh', width: 1, bound: 10, smooth: 0.05 };
    expect(unitActivation(p, Float64Array.from([2, 0.3]), 0)).toBe(activation('tanh'));
  });
  it.each(['relu', 'leaky-relu', 'abs'] as const)('%s: LM gets the gradient of the rounded error, the rounding’s dependence on the weights included', (act) => {
    const X = grid(D, 61);
    const p: Problem = { X, inputs: 1, y: sample('sin', X), activation: act, width: 3, bound: 100, smooth: 0.1 };
    const theta = Float64Array.from([1.2, -1, -0.8, 0.37, 1.5, 1.1]); // knots −b/w off the grid's points
    const e = evaluate(p, theta);
    const J = jacobian(p, e);
    for (let k = 0; k < 6; k++) {
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[k] += 1e-6;
      down[k] -= 1e-6;
      const fd = (evaluate(p, up).lsq.sse - evaluate(p, down).lsq.sse) / 2e-6;
      const g = -2 * J[k].reduce((s, v, j) => s + v * e.lsq.residual[j], 0);
      expect(Math.abs(fd - g)).toBeLessThan(1e-5 * Math.max(1, Math.abs(g)));
    }
  });
});

describe('soundness beyond the small widths', () => {
  it('finds the exact ReLU optimum of sin at width 10 from scratch (the search before patterns and rounding: 1.59×)', () => {
    const X = grid(D, 1000);
    const y = sample('sin', X);
    const exact = optimumCurve(X, y, D, 10)[9].mse;
    const found = bestFound({ X, inputs: 1, y, activation: 'relu', width: 10, bound: 1000 });
    expect(found.mse64 / exact).toBeLessThan(1.001);
    expect(found.mse64 / exact).toBeGreaterThan(0.999);
  });
});

describe('the dropped starts (piecewise-linear units, one input)', () => {
  const X = grid(D, 200);
  const y = sample('square', X);
  const knotsOf = (theta: Float64Array) => Array.from({ length: theta.length / 2 }, (_, i) => -theta[2 * i + 1] / theta[2 * i]);

  it('lay out the curvature knots of one unit more with either end left out, each unit facing outward; on top of the listed starts', () => {
    for (const n of [1, 4, 9]) {
      const p: Problem = { X, inputs: 1, y, activation: 'relu', width: n, bound: 30 };
      const starts = startsFor(p, 10, n);
      const dropped = starts.filter((s) => s.kind === 'dropped');
      expect(dropped).toHaveLength(2);
      expect(starts).toHaveLength(12);
      const all = curvatureKnots(X, y, n + 1);
      const [left, right] = dropped.map((s) => knotsOf(s.theta));
      all.slice(1).forEach((k, i) => expect(left[i]).toBeCloseTo(k, 9));
      all.slice(0, -1).forEach((k, i) => expect(right[i]).toBeCloseTo(k, 9));
      // lopsided: one side has a unit more than the other
      if (n % 2) expect(left.filter((k) => k > 0).length).not.toBe(left.filter((k) => k < 0).length);
      for (const s of dropped) knotsOf(s.theta).forEach((k, i) => expect(Math.sign(s.theta[2 * i])).toBe(k < 0 ? -1 : 1));
    }
  });

  it('are for units with kinks only: smooth units get the listed starts alone', () => {
    for (const act of ['tanh', 'softplus'] as const) {
      const starts = startsFor({ X, inputs: 1, y, activation: act, width: 5, bound: 30 }, 10, 5);
      expect(starts.map((s) => s.kind)).not.toContain('dropped');
      expect(starts).toHaveLength(10);
    }
    for (const act of ['leaky-relu', 'abs'] as const) expect(startsFor({ X, inputs: 1, y, activation: act, width: 5, bound: 30 }, 10, 5).filter((s) => s.kind === 'dropped')).toHaveLength(2);
  });
});
