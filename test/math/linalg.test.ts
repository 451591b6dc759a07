import { describe, expect, it } from 'vitest';
import { lstsq, solveSpd } from '../../src/math/linalg.js';

describe('least squares', () => {
  it('recovers exact coefficients of a consistent system', () => {
    const xs = Float64Array.from({ length: 50 }, (_, i) => i / 10);
    const cols = [xs.map(() => 1), xs.map((x) => x), xs.map((x) => x * x)];
    const y = xs.map((x) => 2 - 3 * x + 0.5 * x * x);
    const { coef, sse } = lstsq(cols, y);
    expect(Array.from(coef).map((c) => +c.toFixed(10))).toEqual([2, -3, 0.5]);
    expect(sse).toBeLessThan(1e-20);
  });

  it('leaves a residual orthogonal to every column', () => {
    const xs = Float64Array.from({ length: 40 }, (_, i) => -2 + i / 10);
    const cols = [xs.map(() => 1), xs.map((x) => Math.max(x - 0.3, 0))];
    const { residual } = lstsq(cols, xs.map(Math.sin));
    for (const c of cols) expect(Math.abs(c.reduce((s, v, i) => s + v * residual[i], 0))).toBeLessThan(1e-10);
  });

  it('gives a duplicate column weight 0 instead of blowing up', () => {
    const xs = Float64Array.from({ length: 20 }, (_, i) => i);
    const c = xs.map((x) => x);
    const { coef } = lstsq([xs.map(() => 1), c, Float64Array.from(c)], xs.map((x) => 3 * x + 1));
    expect(coef[2]).toBe(0);
    expect(coef[1]).toBeCloseTo(3, 10);
  });

  it('stays exact on nearly dependent columns, where one Gram–Schmidt pass cancels (hinges 1e-6 apart, condition ~1e8)', () => {
    const xs = Float64Array.from({ length: 400 }, (_, i) => -3 + (6 * i) / 399);
    const hinge = (k: number) => xs.map((x) => Math.max(0, x - k));
    // columns whose first pass keeps just over and just under 1/√2 of their norm, and a near twin
    const cols = [xs.map(() => 1), xs.map((x) => x), hinge(0.5), hinge(0.5 + 1e-6), hinge(1.7), xs.map((x) => x + 0.7 * Math.max(0, x - 1.7))];
    const truth = [0.3, -1.2, 2, -1.5, 0.8, 0.4];
    const y = xs.map((_, t) => cols.reduce((s, c, j) => s + truth[j] * c[t], 0));
    const { coef, sse, residual } = lstsq(cols, y);
    // the fit itself is exact (coefficients of the twins are not separately identifiable, their sum is)
    expect(sse).toBeLessThan(1e-18);
    const fit = xs.map((_, t) => cols.reduce((s, c, j) => s + coef[j] * c[t], 0));
    fit.forEach((f, t) => expect(f).toBeCloseTo(y[t], 9));
    // the residual of a noisy target stays orthogonal to every column
    const noisy = y.map((v, t) => v + Math.sin(37 * t));
    const r = lstsq(cols, noisy).residual;
    for (const c of cols) expect(Math.abs(c.reduce((s, v, t) => s + v * r[t], 0))).toBeLessThan(1e-8);
    expect(residual.length).toBe(400);
  });

  it('solves a symmetric positive definite system', () => {
    const x = solveSpd(Float64Array.from([4, 1, 1, 3]), Float64Array.from([1, 2]))!;
    expect(4 * x[0] + x[1]).toBeCloseTo(1, 12);
    expect(x[0] + 3 * x[1]).toBeCloseTo(2, 12);
    expect(solveSpd(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]))).toBeNull();
  });
});
