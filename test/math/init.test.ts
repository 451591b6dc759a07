import { describe, expect, it } from 'vitest';
import { curvatureKnots, glorot, heOrGlorot, initialNet, initialNetwork, initRefusal, restartSeed, solveNetOutput, solveOutputLayer, spread } from '../../src/math/init.js';
import { forward } from '../../src/math/net.js';
import { cascadeNet } from '../../src/math/cascade.js';
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

describe('initialisation of any architecture', () => {
  it('he draws each layer within ±√(6/fan_in), zero biases, the same for the same seed; glorot within ±√(6/(fan_in + fan_out))', () => {
    const he = heOrGlorot('he', 2, [5, 3], ['relu', 'relu'], 1);
    he.layers.forEach((l, i) => {
      const fanIn = i === 0 ? 2 : 5;
      for (const row of l.W) for (const v of row) expect(Math.abs(v)).toBeLessThanOrEqual(Math.sqrt(6 / fanIn));
      expect(l.b.every((b) => b === 0)).toBe(true);
    });
    expect(Math.max(...he.layers[1].W.flat().map(Math.abs))).toBeGreaterThan(Math.sqrt(6 / 8)); // wider than glorot's limit
    const gl = heOrGlorot('glorot', 2, [5, 3], ['tanh', 'tanh'], 1);
    for (const v of gl.layers[1].W.flat()) expect(Math.abs(v)).toBeLessThanOrEqual(Math.sqrt(6 / 8));
    expect(heOrGlorot('he', 2, [5, 3], ['relu', 'relu'], 1)).toEqual(he);
  });

  it('stacks a curvature first layer under near-identity layers: the deep net starts as the shallow one', () => {
    const deep = initialNet('curvature', 1, [6, 6, 6], ['relu', 'relu', 'relu'], 2, [-3, 3], xs, ys);
    const shallow = initialNetwork('curvature', 6, 2, [-3, 3], xs, ys);
    const deepMse = metrics(ys, forward(deep, xs)).mse;
    const shallowMse = metrics(ys, predict(shallow, xs)).mse;
    expect(Math.abs(deepMse - shallowMse) / shallowMse).toBeLessThan(0.05);
    expect(deep.layers[0].W.map((r) => r[0])).toEqual(shallow.a);
  });

  it('solves the output layer of any net by least squares: no other output layer does better', () => {
    const net = heOrGlorot('he', 1, [5, 4], ['relu', 'relu'], 3);
    net.layers[0].b = [0.5, -1, 1.5, -2, 0.2];
    const best = solveNetOutput(net, xs, ys);
    expect(best.sse / xs.length).toBeCloseTo(metrics(ys, forward(best.net, xs)).mse, 10);
    const nudged = { ...best.net, output: { w: best.net.output.w.map((w, i) => w + (i === 1 ? 1e-3 : 0)), d: best.net.output.d } };
    expect(metrics(ys, forward(nudged, xs)).mse).toBeGreaterThan(best.sse / xs.length);
  });

  it('refuses knot-placing inits where they do not apply, in one line naming a way out', () => {
    expect(initRefusal('curvature', 2, [4], ['relu'])).toMatch(/2 inputs.*he or glorot/);
    expect(initRefusal('spread', 1, [4, 4], ['tanh', 'tanh'])).toMatch(/tanh/);
    expect(initRefusal('he', 2, [4], ['tanh'])).toBeNull();
    expect(() => initialNet('curvature', 2, [4], ['relu'], 0, [-3, 3], xs, ys)).toThrow(/inputs/);
  });
});

describe('cascade init', () => {
  it('starts from the sawtooth construction: at its widths at least as good as the cascade, wider layers padded, refused where it does not fit', () => {
    const m = 4;
    const exact = initialNet('cascade', 1, [2, 2, 3, 3, 3], ['relu', 'relu', 'relu', 'relu', 'relu'], 0, [-3, 3], xs, ys);
    const cascadeMse = metrics(ys, forward(cascadeNet(m, 3), xs)).mse;
    const startMse = metrics(ys, forward(exact, xs)).mse;
    expect(startMse).toBeLessThanOrEqual(cascadeMse * (1 + 1e-9));
    expect(startMse).toBeLessThan(1e-3); // 33 nodes: h⁴/180 with h = 6/32 ≈ 6.9e-6
    const wide = initialNet('cascade', 1, [4, 4, 5, 5, 5], ['relu', 'relu', 'relu', 'relu', 'relu'], 0, [-3, 3], xs, ys);
    expect(metrics(ys, forward(wide, xs)).mse).toBeLessThanOrEqual(cascadeMse * (1 + 1e-9));
    expect(initRefusal('cascade', 1, [2, 2, 2], ['relu', 'relu', 'relu'], [-3, 3])).toMatch(/at least 2,2,3/);
    expect(initRefusal('cascade', 1, [3, 3], ['relu', 'relu'], [0, 3])).toMatch(/symmetric/);
    expect(initRefusal('cascade', 1, new Array(14).fill(3), new Array(14).fill('relu'), [-3, 3])).toMatch(/at most 13 hidden layers/);
  });
});
