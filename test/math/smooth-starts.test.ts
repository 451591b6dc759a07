import { describe, expect, it } from 'vitest';
import { curvatureKnots, heOrGlorot } from '../../src/math/init.js';
import { plusUnit, VARIED_KINDS, variedKind, variedNet } from '../../src/math/smooth-starts.js';
import { grid, sample } from '../../src/math/targets.js';
import { forward, type Net } from '../../src/math/net.js';

const xs = grid([-3, 3], 300);
const square = sample('square', xs);
const centres = (net: Net) => net.layers[0].W.map((w, i) => -net.layers[0].b[i] / w[0]);
const weights = (net: Net) => [...net.layers[0].W.flat(), ...net.layers[0].b];

describe('varied starts of smooth units', () => {
  it('restart r takes the kinds he, curvature, knots, taylor in turn; deep networks start from he on every restart', () => {
    expect([0, 1, 2, 3, 4, 5].map((r) => variedKind(r, [4]))).toEqual(['he', 'curvature', 'knots', 'taylor', 'he', 'he']);
    expect(VARIED_KINDS[0]).toBe('he');
    for (let r = 0; r < 4; r++) expect(variedKind(r, [4, 4])).toBe('he');
    expect(variedKind(1, [4], 2)).toBe('he');
    expect(variedNet('tanh', [4, 3], 7, xs, square, 30, 1)).toEqual(heOrGlorot('he', 1, [4, 3], ['tanh', 'tanh'], 7));
  });

  it('restart 0 is the He start itself', () => {
    expect(variedNet('gelu', [5], 3, xs, square, 30, 0)).toEqual(heOrGlorot('he', 1, [5], ['gelu'], 3));
  });

  it('is deterministic for a seed; the taylor start changes with it', () => {
    for (let r = 1; r < 4; r++) expect(variedNet('sigmoid', [6], 11, xs, square, 30, r)).toEqual(variedNet('sigmoid', [6], 11, xs, square, 30, r));
    expect(weights(variedNet('sigmoid', [6], 11, xs, square, 30, 3))).not.toEqual(weights(variedNet('sigmoid', [6], 12, xs, square, 30, 3)));
  });

  it('the curvature start centres its units at the curvature quantiles of the target, directions alternating, slopes one spacing wide', () => {
    const n = 6;
    const net = variedNet('tanh', [n], 0, xs, square, 30, 1);
    const want = curvatureKnots(xs, square, n);
    centres(net).forEach((c, i) => expect(c).toBeCloseTo(want[i], 12));
    // both halves of the domain get units (the search's outward pattern mirrors them to one side)
    expect(centres(net).filter((c) => c < 0)).toHaveLength(3);
    expect(net.layers[0].W.map((w) => Math.sign(w[0]))).toEqual([1, -1, 1, -1, 1, -1]);
    for (const [w] of net.layers[0].W) expect(Math.abs(w)).toBeCloseTo(n / 3, 12);
  });

  it('the knots start spreads the centres evenly over the domain', () => {
    const n = 4;
    const net = variedNet('softplus', [n], 0, xs, square, 30, 2);
    centres(net).forEach((c, i) => expect(c).toBeCloseTo(-3 + (6 * (i + 0.5)) / n, 12));
    expect(net.layers[0].W.map((w) => Math.sign(w[0]))).toEqual([1, -1, 1, -1]);
  });

  it('the taylor start keeps every unit near the linear part of its curve over the domain', () => {
    const net = variedNet('tanh', [5], 0, xs, square, 30, 3);
    for (const [w] of net.layers[0].W) expect(Math.abs(w) * 3).toBeLessThan(0.5);
  });

  it('every weight and bias lies inside the bound, also where a wide start would leave it', () => {
    for (const n of [2, 16, 32]) {
      for (let r = 0; r < 4; r++) {
        const net = variedNet('elu', [n], 5, xs, square, 30, r);
        expect(net.layers[0].b).toHaveLength(n);
        for (const v of weights(net)) expect(Math.abs(v)).toBeLessThanOrEqual(30);
      }
    }
    for (const v of weights(variedNet('tanh', [32], 5, xs, square, 4, 1))) expect(Math.abs(v)).toBeLessThanOrEqual(4);
  });

  it('refuses piecewise-linear units (they have the knot starts)', () => {
    expect(() => variedNet('abs', [4], 0, xs, square, 30, 1)).toThrow(/piecewise-linear/);
  });
});

describe('plusUnit', () => {
  it('adds a unit bending where asked, with output weight 0: one unit wider, the same function', () => {
    const net = variedNet('elu', [3], 0, xs, square, 30, 1);
    const fitted: Net = { ...net, output: { w: [0.5, -1.25, 2], d: 0.1 } };
    const grown = plusUnit(fitted, 0.5);
    expect(grown.layers[0].b).toHaveLength(4);
    expect(-grown.layers[0].b[3] / grown.layers[0].W[3][0]).toBe(0.5);
    expect(grown.output.w).toEqual([0.5, -1.25, 2, 0]);
    expect(Array.from(forward(grown, xs))).toEqual(Array.from(forward(fitted, xs)));
    expect(fitted.layers[0].b).toHaveLength(3); // not changed in place
  });
});
