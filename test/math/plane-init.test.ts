// The 'bends' start of two-input networks: the Hessian by second differences is exact for
// quadratics; folds go along the directions the target bends (product: the diagonals, saddle: the
// axes, ridge: its one oblique direction), in proportion, spread along each; a target that bends
// alike every way (bowl) gets stratified angles; same seed, same start; the output layer is the
// least-squares one (an independent solve gives the same MSE).
import { describe, expect, it } from 'vitest';
import { bendDirections, bendsInit, hessianOnGrid, BEND_ANGLES } from '../../src/math/plane-init.js';
import { planeGrid, sample2, onGrid } from '../../src/math/targets2.js';
import { forward } from '../../src/math/net.js';
import { lstsq } from '../../src/math/linalg.js';

const D = [[-3, 3], [-3, 3]] as const;
const g = planeGrid(D, 41);
/** Fold directions as angles of the line's normal modulo 180°, in degrees. */
const angles = (net: ReturnType<typeof bendsInit>) => net.layers[0].W.map(([a1, a2]) => ((Math.atan2(a2, a1) * 180) / Math.PI + 360) % 180);
const near = (a: number, b: number, tol = 1) => Math.min(Math.abs(a - b), 180 - Math.abs(a - b)) <= tol;

describe('hessianOnGrid', () => {
  it('is exact for a quadratic (second differences of a quadratic are exact), edges included', () => {
    const y = onGrid(g, (x1, x2) => 3 * x1 * x1 - 2 * x1 * x2 + 0.5 * x2 * x2 + x1 - 4);
    const h = hessianOnGrid(g, y);
    for (const j of [0, 20, 840, y.length - 1]) {
      expect(h.h11[j]).toBeCloseTo(6, 9);
      expect(h.h12[j]).toBeCloseTo(-2, 9);
      expect(h.h22[j]).toBeCloseTo(1, 9);
    }
  });
});

describe('bendsInit', () => {
  it('product: half the folds on each diagonal, spread along it symmetrically', () => {
    const net = bendsInit(8, 1, g, sample2('product', g));
    const a = angles(net);
    expect(a.filter((t) => near(t, 45)).length).toBe(4);
    expect(a.filter((t) => near(t, 135)).length).toBe(4);
    // offsets (the line n·x = −b/|a| along its own normal) differ: no two folds on one line
    const lines = net.layers[0].W.map(([a1, a2], i) => Math.abs(net.layers[0].b[i] / Math.hypot(a1, a2)));
    expect(new Set(lines.map((v) => v.toFixed(2))).size).toBeGreaterThan(2);
  });

  it('saddle: folds parallel to the axes; ridge: all along its one oblique direction', () => {
    const s = angles(bendsInit(6, 2, g, sample2('saddle', g)));
    expect(s.filter((t) => near(t, 0)).length).toBe(3);
    expect(s.filter((t) => near(t, 90)).length).toBe(3);
    // ridge (x1 − 2·x2)²/5 bends along the normal (1, −2): 116.6° modulo 180
    const r = angles(bendsInit(6, 2, g, sample2('ridge', g)));
    expect(r.every((t) => near(t, (Math.atan2(-2, 1) * 180) / Math.PI + 180))).toBe(true);
  });

  it('bowl bends alike every way: no direction stands out, so the folds go along the axes, half each; a plane has no direction', () => {
    expect(bendDirections(new Float64Array(BEND_ANGLES).fill(1))).toEqual([0, BEND_ANGLES / 2]);
    expect(bendDirections(new Float64Array(BEND_ANGLES))).toEqual([]);
    const a = angles(bendsInit(8, 3, g, sample2('bowl', g)));
    expect(a.filter((t) => near(t, 0)).length).toBe(4);
    expect(a.filter((t) => near(t, 90)).length).toBe(4);
    // a plane: stratified angles, none repeated
    const flat = angles(bendsInit(6, 3, g, onGrid(g, (x1, x2) => x1 - 2 * x2))).sort((p, q) => p - q);
    for (let i = 1; i < flat.length; i++) expect(flat[i] - flat[i - 1]).toBeGreaterThan(5);
  });

  it('the same seed gives the same start, another seed another; the output layer is least squares', () => {
    const y = sample2('product', g);
    const net = bendsInit(8, 5, g, y);
    expect(bendsInit(8, 5, g, y)).toEqual(net);
    expect(bendsInit(8, 6, g, y)).not.toEqual(net);
    const N = y.length;
    const cols = net.layers[0].W.map(([a1, a2], i) => Float64Array.from({ length: N }, (_, j) => Math.max(0, a1 * g.X[2 * j] + a2 * g.X[2 * j + 1] + net.layers[0].b[i])));
    cols.push(new Float64Array(N).fill(1));
    const { coef } = lstsq(cols, y);
    const yhat = forward(net, g.X);
    let sse = 0;
    let sse2 = 0;
    for (let j = 0; j < N; j++) {
      sse += (yhat[j] - y[j]) ** 2;
      let v = coef[cols.length - 1];
      for (let i = 0; i < cols.length - 1; i++) v += coef[i] * cols[i][j];
      sse2 += (v - y[j]) ** 2;
    }
    expect(sse / N).toBeCloseTo(sse2 / N, 10);
  });
});
