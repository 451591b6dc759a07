import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, ACTIVATION_NAMES } from '../../src/math/activations.js';
import { activationSeries, monomials, projectOnMonomials, unitTaylor } from '../../src/math/taylor.js';

describe('Taylor reading of smooth units', () => {
  it('expands sin exactly as the question does: sin z0, cos z0, −sin z0/2, −cos z0/6', () => {
    for (const z0 of [0, 0.7, -1.3]) {
      const d = activationSeries('sin', z0);
      expect(d[0]).toBeCloseTo(Math.sin(z0), 15);
      expect(d[1]).toBeCloseTo(Math.cos(z0), 15);
      expect(d[2]).toBeCloseTo(-Math.sin(z0) / 2, 15);
      expect(d[3]).toBeCloseTo(-Math.cos(z0) / 6, 15);
    }
  });

  it('gives every activation the derivatives its own f and df have (value, slope, and finite differences of df)', () => {
    const h = 1e-4;
    for (const name of ACTIVATION_NAMES) {
      const { f, df } = ACTIVATIONS[name];
      for (const z0 of [-1.7, -0.4, 0.3, 1.2]) {
        const d = activationSeries(name, z0);
        expect(d[0], name).toBeCloseTo(f(z0), 12);
        expect(d[1], name).toBeCloseTo(df(z0), 12);
        expect(d[2], `${name} f''/2 at ${z0}`).toBeCloseTo((df(z0 + h) - df(z0 - h)) / (2 * h) / 2, 6);
        const d3 = (df(z0 + h) - 2 * df(z0) + df(z0 - h)) / (h * h) / 6;
        expect(d[3], `${name} f'''/6 at ${z0}`).toBeCloseTo(d3, 4);
      }
    }
  });

  it('gives an oblique unit an x1·x2 term and an axis-aligned one none', () => {
    const names = monomials(2).map((m) => m.name);
    expect(names).toEqual(['1', 'x1', 'x2', 'x1²', 'x1·x2', 'x2²', 'x1³', 'x1²·x2', 'x1·x2²', 'x2³']);
    const cross = names.indexOf('x1·x2');
    const oblique = unitTaylor('tanh', [0.8, -0.5], 0.3, 2, [0, 0]);
    const d = activationSeries('tanh', 0.3);
    expect(oblique[cross]).toBeCloseTo(2 * 2 * d[2] * 0.8 * -0.5, 14);
    expect(unitTaylor('tanh', [0.8, 0], 0.3, 2, [0, 0])[cross]).toBe(-0);
  });

  it('projects a cubic on the monomials exactly, and reports what a unit leaves unexplained', () => {
    const xs = Float64Array.from({ length: 201 }, (_, i) => -3 + (6 * i) / 200);
    const ys = xs.map((x) => 1 - 2 * x + 0.5 * x * x + 0.25 * x ** 3);
    const { coef, unexplained } = projectOnMonomials(xs, 1, ys, [0]);
    [1, -2, 0.5, 0.25].forEach((c, k) => expect(coef[k]).toBeCloseTo(c, 10));
    expect(unexplained).toBeLessThan(1e-20);
    const relu = projectOnMonomials(xs, 1, xs.map((x) => Math.max(x - 1, 0)), [0]);
    expect(relu.unexplained).toBeGreaterThan(1e-3);
  });
  it('reads a unit saturated over the whole grid as a constant, nothing unexplained', () => {
    const xs = Array.from({ length: 201 }, (_, j) => -3 + (6 * j) / 200);
    // 30·tanh(0.5x + 18.5): 30 up to round-off on [-3, 3] (1 − tanh(17) ≈ 3e-15)
    const { coef, unexplained } = projectOnMonomials(xs, 1, xs.map((x) => 30 * Math.tanh(0.5 * x + 18.5)), [0]);
    expect(coef[0]).toBeCloseTo(30, 12);
    expect(unexplained).toBe(0);
  });
});
