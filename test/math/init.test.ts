import { describe, expect, it } from 'vitest';
import { curvatureKnots, glorot, restartSeed, solveOutputLayer, spread } from '../../src/math/init.js';
import { optimumCurve } from '../../src/math/optimum/index.js';
import { hinges, predict } from '../../src/math/hinges.js';
import { metrics } from '../../src/math/compare.js';
import { grid, sample } from '../../src/math/targets.js';

const xs = grid([-3, 3], 500);
const ys = sample('square', xs);

describe('initialisation', () => {
  it('glorot draws kernels within ±√(6/(1+n)) and zero biases, the same for the same seed', () => {
    const net = glorot(8, 3);
    const limit = Math.sqrt(6 / 9);
    for (const v of [...net.a, ...net.c]) expect(Math.abs(v)).toBeLessThanOrEqual(limit);
    expect(net.b.every((b) => b === 0)).toBe(true);
    expect(net.d).toBe(0);
    expect(glorot(8, 3)).toEqual(net);
    expect(glorot(8, 4)).not.toEqual(net);
  });

  it('spread puts one knot in each cell of the domain and every unit bends inside it', () => {
    const net = spread(6, 0, [-3, 3], xs, ys);
    const hs = hinges(net, xs);
    expect(hs.every((h) => h.kind === 'hinge')).toBe(true);
    const knots = hs.map((h) => h.knot as number).sort((p, q) => p - q);
    knots.forEach((k, i) => {
      expect(k).toBeGreaterThanOrEqual(-3 + i);
      expect(k).toBeLessThanOrEqual(-3 + i + 1);
    });
  });

  it('spread solves the output layer: no other (c, d) does better for its knots', () => {
    const net = spread(4, 1, [-3, 3], xs, ys);
    const base = metrics(ys, predict(net, xs)).mse;
    for (const i of [0, 1, 2, 3]) {
      for (const dc of [-1e-3, 1e-3]) {
        const c = net.c.slice();
        c[i] += dc;
        expect(metrics(ys, predict({ ...net, c }, xs)).mse).toBeGreaterThan(base);
      }
    }
    expect(solveOutputLayer(net.a, net.b, xs, ys).sse / xs.length).toBeCloseTo(base, 12);
  });

  it('curvature knots cut the measure into n + 1 equal shares, end pieces included: for x² they are the optimum\'s knots', () => {
    const g = grid([-3, 3], 1000);
    const sq = sample('square', g);
    for (const n of [4, 8]) {
      const knots = curvatureKnots(g, sq, n);
      const best = optimumCurve(g, sq, [-3, 3], n)[n - 1].network;
      const bestKnots = best.a.map((a, i) => -best.b[i] / a).sort((p, q) => p - q);
      // x² bends the same everywhere: n knots evenly spaced with end pieces as long as the others
      knots.forEach((k, i) => expect(k).toBeCloseTo(-3 + (6 * (i + 1)) / (n + 1), 1));
      knots.forEach((k, i) => expect(Math.abs(k - bestKnots[i])).toBeLessThan(0.02));
    }
  });

  it('gives restarts seeds of their own', () => {
    expect(new Set([0, 1, 2].map((r) => restartSeed(5, r))).size).toBe(3);
    expect(restartSeed(5, 0)).toBe(5);
  });
});
