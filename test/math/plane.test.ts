// Two-input targets, folds and region counts (against a brute-force count around every vertex),
// the ANOVA interaction share and the polarisation construction (against direct evaluation).
import { describe, expect, it } from 'vitest';
import { clipLine, folds, regionCount, regionsOnGrid, type Fold } from '../../src/math/folds.js';
import { evalTerms, predict } from '../../src/math/hinges.js';
import { interpolant } from '../../src/math/handbuilt.js';
import { anova, interaction, productCoefficient, unitInteractions } from '../../src/math/interaction.js';
import { lstsq } from '../../src/math/linalg.js';
import { forward, type Net } from '../../src/math/net.js';
import { RIDGE_PARTS, constructionBest, constructionHk, polarisationBest, polarisationHk, rangeAlong, squareHk } from '../../src/math/polarisation.js';
import { rng, uniform } from '../../src/math/rng.js';
import { MAX_POINTS_2, TARGET2_NAMES, TARGETS2, isTarget2, onGrid, planeGrid, planeGridProblem, sample2, type Domain2 } from '../../src/math/targets2.js';
import { metrics } from '../../src/math/compare.js';
import { foldsInit } from '../../src/math/plane-init.js';

const D: Domain2 = [
  [-3, 3],
  [-3, 3],
];
const shallow = (units: [number, number, number, number][], d = 0): Net => ({
  inputs: 2,
  layers: [{ activation: 'relu', W: units.map(([a1, a2]) => [a1, a2]), b: units.map((u) => u[2]) }],
  output: { w: units.map((u) => u[3]), d },
});

describe('two-input targets and the plane grid', () => {
  it('lists five targets of two inputs, and not the one-input ones', () => {
    expect(TARGET2_NAMES).toEqual(['product', 'saddle', 'bowl', 'sin-sum', 'ridge']);
    for (const n of TARGET2_NAMES) expect(TARGETS2[n].inputs).toBe(2);
    expect(isTarget2('square')).toBe(false);
    expect(isTarget2('toString')).toBe(false);
  });

  it('orders points row-major with x1 fastest, both axes ending exactly at the domain', () => {
    const g = planeGrid([[-1, 2], [0, 5]], 4, 3);
    expect(Array.from(g.x1s)).toEqual([-1, 0, 1, 2]);
    expect(Array.from(g.x2s)).toEqual([0, 2.5, 5]);
    expect([g.X[0], g.X[1], g.X[2], g.X[3], g.X[8], g.X[9]]).toEqual([-1, 0, 0, 0, -1, 2.5]);
    const y = sample2('product', g);
    expect(y[4 * 2 + 3]).toBe(2 * 5);
    expect(sample2('ridge', g)[1]).toBeCloseTo((0 - 0) ** 2 / 5, 15);
    expect(sample2('saddle', g)[4]).toBeCloseTo(1 - 6.25, 15);
  });

  it('refuses a grid too large, too small or a bad axis, in one line', () => {
    expect(planeGridProblem(D, 41)).toBeNull();
    expect(planeGridProblem(D, 1)).toMatch(/samples per axis/);
    expect(planeGridProblem(D, Math.ceil(Math.sqrt(MAX_POINTS_2)) + 1)).toMatch(/do not fit/);
    expect(planeGridProblem([[1, 1], [0, 1]], 10)).toMatch(/axis x1/);
  });
});

describe('folds', () => {
  it('reads angle, offset, chord, slope change and kind', () => {
    const [f, lin, dead, diag] = folds(shallow([[1, 0, -1, 2], [0, 1, 10, 1], [0, -1, -10, 1], [1, 1, 0, -1]]), D);
    expect(f.kind).toBe('fold');
    expect(f.angle).toBe(0);
    expect(f.offset).toBe(1);
    expect(f.segment).toEqual([[1, -3], [1, 3]].map((p) => p.map((v) => expect.closeTo(v, 12))));
    expect(f.slopeChange).toBe(2);
    expect(lin.kind).toBe('linear');
    expect(dead.kind).toBe('dead');
    expect(diag.angle).toBeCloseTo(45, 12);
    expect(diag.slopeChange).toBeCloseTo(-Math.SQRT2, 12);
    const [p, q] = diag.segment!;
    expect(Math.hypot(p[0] - q[0], p[1] - q[1])).toBeCloseTo(6 * Math.SQRT2, 12);
  });

  it('a line touching only a corner, or lying on an edge, does not cut', () => {
    expect(clipLine(1, 1, 6, D)).toBeNull();
    expect(clipLine(1, 0, -3, D)).toBeNull();
    expect(clipLine(1, 0, -2.999, D)).not.toBeNull();
  });

  it('counts (k+1)(m+1) regions for k vertical and m horizontal folds, concurrent lines once per point', () => {
    const grid = shallow([[1, 0, 1, 1], [1, 0, -1, 1], [0, 1, 0, 1], [0, 1, 2, 1], [0, 1, -2, 1]]);
    expect(regionCount(folds(grid, D), D)).toBe(12);
    expect(regionsOnGrid(grid, D, 301)).toBe(12);
    // three lines through the origin: 6 regions, not 7; a duplicated unit adds nothing
    const star = shallow([[1, 0, 0, 1], [0, 1, 0, 1], [1, 1, 0, 1], [2, 2, 0, 5]]);
    expect(regionCount(folds(star, D), D)).toBe(6);
    // two crossing lines meeting outside the domain: 3 regions
    expect(regionCount(folds(shallow([[1, 1, -4, 1], [1, -1, -4, 1]]), D), D)).toBe(3);
  });

  it('matches a brute-force count of activation patterns around every vertex on random nets', () => {
    const next = rng(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + Math.floor(next() * 7);
      const units = Array.from({ length: n }, () => [uniform(next, -1, 1), uniform(next, -1, 1), uniform(next, -2, 2), 1] as [number, number, number, number]);
      const net = shallow(units);
      const fs = folds(net, D);
      expect(regionCount(fs, D)).toBe(bruteRegions(fs, D));
      expect(regionsOnGrid(net, D, 201)).toBeLessThanOrEqual(regionCount(fs, D));
    }
  });

  it('counts the patterns of a deep net on a grid (two layers of vertical folds)', () => {
    const deep: Net = {
      inputs: 2,
      layers: [
        { activation: 'relu', W: [[1, 0]], b: [0] },
        { activation: 'relu', W: [[1], [-1]], b: [-1, 1] },
      ],
      output: { w: [1, 1], d: 0 },
    };
    // patterns (layer 1; layer 2): x1 < 0 (off; off, on), 0 < x1 < 1 (on; off, on), x1 > 1 (on; on, off).
    // 60 samples keep grid points off the boundaries x1 = 0 and 1, where a measure-zero pattern shows
    expect(regionsOnGrid(deep, D, 60)).toBe(3);
  });
});

/** Every cell has a vertex (crossing, chord end or corner): look a hair around each in 720 directions. */
function bruteRegions(fs: Fold[], domain: Domain2): number {
  const lines = fs.filter((f) => f.kind === 'fold');
  const vertices: [number, number][] = [
    [domain[0][0], domain[1][0]],
    [domain[0][1], domain[1][0]],
    [domain[0][0], domain[1][1]],
    [domain[0][1], domain[1][1]],
  ];
  for (const f of lines) vertices.push(...f.segment!);
  for (let i = 0; i < lines.length; i++) {
    for (let j = 0; j < i; j++) {
      const p = lines[i];
      const q = lines[j];
      const det = p.a1 * q.a2 - p.a2 * q.a1;
      if (Math.abs(det) < 1e-12) continue;
      vertices.push([(-p.b * q.a2 + p.a2 * q.b) / det, (-p.a1 * q.b + p.b * q.a1) / det]);
    }
  }
  const seen = new Set<string>();
  const eps = 1e-7;
  for (const [x, y] of vertices) {
    for (let k = 0; k < 720; k++) {
      const px = x + eps * Math.cos((k * Math.PI) / 360 + 1e-3);
      const py = y + eps * Math.sin((k * Math.PI) / 360 + 1e-3);
      if (px <= domain[0][0] || px >= domain[0][1] || py <= domain[1][0] || py >= domain[1][1]) continue;
      seen.add(lines.map((f) => (f.a1 * px + f.a2 * py + f.b > 0 ? 1 : 0)).join(''));
    }
  }
  return seen.size;
}

describe('interaction', () => {
  const g = planeGrid(D, 41);
  it('product is all interaction with coefficient 1; bowl and saddle none', () => {
    const p = interaction(g, sample2('product', g));
    expect(p.share12).toBeCloseTo(1, 12);
    expect(p.product).toBeCloseTo(1, 12);
    for (const name of ['bowl', 'saddle']) {
      const i = interaction(g, sample2(name, g));
      expect(i.share12).toBeLessThan(1e-12);
      expect(Math.abs(i.product)).toBeLessThan(1e-12);
      expect(i.share1 + i.share2).toBeCloseTo(1, 12);
    }
    expect(interaction(g, sample2('sin-sum', g)).share12).toBeGreaterThan(0.3);
  });

  it('the parts add back up to f and their variances to its variance', () => {
    const y = onGrid(g, (a, b) => Math.exp(0.3 * a) * (1 + b) + Math.sin(a * b));
    const a = anova(g, y);
    for (let j = 0; j < y.length; j++) expect(a.f0 + a.f1[j % 41] + a.f2[Math.floor(j / 41)] + a.f12[j]).toBeCloseTo(y[j], 12);
    expect(a.v1 + a.v2 + a.v12).toBeCloseTo(a.total, 12);
  });

  it('the x1·x2 coefficient is the least-squares one in the basis 1, x1, x2, x1·x2', () => {
    const g2 = planeGrid([[-1, 2], [0, 3]], 13, 9);
    const y = onGrid(g2, (a, b) => Math.cos(a) * b * b + a * b);
    const col = (f: (a: number, b: number) => number) => onGrid(g2, f);
    const ls = lstsq([col(() => 1), col((a) => a), col((_, b) => b), col((a, b) => a * b)], y);
    expect(productCoefficient(g2, y)).toBeCloseTo(ls.coef[3], 10);
  });

  it('one ReLU unit: an axis-parallel fold does not interact, an oblique one does', () => {
    const [vertical, horizontal, oblique] = unitInteractions(shallow([[1, 0, -0.5, 1], [0, 2, 1, -1], [1, 1, 0.5, 1]]), g);
    expect(vertical.share12).toBeLessThan(1e-12);
    expect(horizontal.share12).toBeLessThan(1e-12);
    expect(oblique.share12).toBeGreaterThan(0.05);
    expect(oblique.product).toBeGreaterThan(0);
    expect(Number.isNaN(unitInteractions(shallow([[0, 1, -10, 1]]), g)[0].share12)).toBe(true);
  });
});

describe('polarisation', () => {
  const g = planeGrid(D, 41);
  const y = sample2('product', g);
  it("stretched hₖ is the answer's hₖ on [−k, k] and s²·hₖ(t/s) on [−R, R]", () => {
    const ts = [-2.5, -1, 0, 0.3, 1.7, 2];
    const h2 = (t: number) => Math.abs(t) + 2 * Math.max(t - 1, 0) + 2 * Math.max(-t - 1, 0);
    expect(Array.from(predict(squareHk(2, [-2, 2]), ts))).toEqual(ts.map((t) => expect.closeTo(h2(t), 12)));
    expect(Array.from(predict(squareHk(2, [-6, 6]), ts))).toEqual(ts.map((t) => expect.closeTo(9 * h2(t / 3), 12)));
  });

  it('is ((x1 + x2)² − (x1 − x2)²)/4 with each square a one-input sum, folds on the diagonals', () => {
    for (const k of [1, 2, 3, 6]) {
      const p = polarisationHk(k, D);
      expect(p.width).toBe(4 * k);
      const nodes = Array.from({ length: 2 * k + 1 }, (_, i) => -6 + (12 * i) / (2 * k));
      const { terms, d } = interpolant((t) => t * t, nodes);
      const direct = onGrid(g, (a, b) => (evalTerms(terms, d, [a + b])[0] - evalTerms(terms, d, [a - b])[0]) / 4);
      const net = forward(p.net, g.X);
      for (let j = 0; j < y.length; j++) expect(net[j]).toBeCloseTo(direct[j], 10);
      // each square overestimates by at most s²/4 (s the node spacing), so the product errs by at most s²/16
      const s = 6 / k;
      expect(metrics(y, net).maxAbsError).toBeLessThanOrEqual((s * s) / 16 + 1e-9);
      for (const f of folds(p.net, D)) expect(Math.abs(Math.abs(f.angle) - 90)).toBeCloseTo(45, 9);
    }
    // h6 on [−6, 6] is the answer's h6: exact at the integers, so x1·x2 is exact where x1 ± x2 is whole
    const net = forward(polarisationHk(6, D).net, new Float64Array([1, 2, -3, 1, 0.5, 1.5]));
    expect(Array.from(net)).toEqual([2, -3, 0.75].map((v) => expect.closeTo(v, 12)));
  });

  it('with the best one-input squares it beats hₖ squares of the same width', () => {
    const best = polarisationBest(4, D, 81);
    expect(best.map((p) => p.width)).toEqual([2, 4, 6, 8]);
    const mse = (net: Net) => metrics(y, forward(net, g.X)).mse;
    expect(mse(best[3].net)).toBeLessThan(mse(polarisationHk(2, D).net));
    expect(mse(best[1].net)).toBeLessThan(mse(polarisationHk(1, D).net));
    expect(interaction(g, forward(best[3].net, g.X)).share12).toBeGreaterThan(0.95);
  });
});

describe('ridge-sum constructions of every two-input target', () => {
  const g = planeGrid(D, 41);
  it('each target is the sum of its parts, and the hₖ construction converges to it', () => {
    for (const name of TARGET2_NAMES) {
      const direct = onGrid(g, (a, b) => RIDGE_PARTS[name].reduce((s, p) => s + p.scale * p.f(p.w[0] * a + p.w[1] * b), 0));
      const y = sample2(name, g);
      for (let j = 0; j < y.length; j++) expect(direct[j]).toBeCloseTo(y[j], 12);
      const e2 = metrics(y, forward(constructionHk(name, 2, D).net, g.X)).mse;
      const e8 = metrics(y, forward(constructionHk(name, 8, D).net, g.X)).mse;
      expect(e8).toBeLessThan(e2 / 8); // interpolation error ~ spacing², so ~16× smaller
    }
  });

  it('the product construction is the polarisation network, unit for unit', () => {
    const a = constructionHk('product', 3, D).net;
    const b = polarisationHk(3, D).net;
    expect(a).toEqual(b);
    expect(rangeAlong([1, -2], D)).toEqual([-9, 9]);
  });

  it('saddle and bowl built along the axes have no interaction; the best parts beat hₖ parts', () => {
    for (const name of ['saddle', 'bowl'] as const) {
      const net = constructionHk(name, 3, D).net;
      expect(interaction(g, forward(net, g.X)).share12).toBeLessThan(1e-12);
    }
    const best = constructionBest('sin-sum', 4, D, 81);
    expect(best.map((c) => c.width)).toEqual([1, 2, 3, 4]);
    const y = sample2('sin-sum', g);
    expect(metrics(y, forward(best[3].net, g.X)).mse).toBeLessThan(metrics(y, forward(constructionHk('sin-sum', 2, D).net, g.X)).mse);
  });
});

describe('foldsInit', () => {
  it('puts every fold through the domain and solves the output layer by least squares', () => {
    const g = planeGrid(D, 21);
    const y = sample2('product', g);
    const net = foldsInit(12, 3, D, g.X, y);
    expect(folds(net, D).every((f) => f.kind === 'fold')).toBe(true);
    expect(foldsInit(12, 3, D, g.X, y)).toEqual(net);
    expect(foldsInit(12, 4, D, g.X, y)).not.toEqual(net);
    // least squares: the residual is orthogonal to every feature and to the constant
    const r = forward(net, g.X).map((v, j) => y[j] - v);
    expect(Math.abs(r.reduce((s, v) => s + v, 0))).toBeLessThan(1e-8);
    const [a1, a2] = net.layers[0].W[0];
    const f0 = Array.from({ length: y.length }, (_, j) => Math.max(0, a1 * g.X[2 * j] + a2 * g.X[2 * j + 1] + net.layers[0].b[0]));
    expect(Math.abs(f0.reduce((s, v, j) => s + v * r[j], 0))).toBeLessThan(1e-8);
  });
});
