import { describe, expect, it } from 'vitest';
import { curvatureKnots, initialNetwork, solveOutputLayer } from '../../src/math/init.js';
import { dropped, greedy, halves, MIXED_KINDS, mixedKind, paired } from '../../src/math/starts.js';
import { bestFacing, refitUnits, solveHinges } from '../../src/math/facing.js';
import { grid, sample } from '../../src/math/targets.js';
import { relu, type Network } from '../../src/math/hinges.js';

const D = [-3, 3] as const;
const xs = grid(D, 400);
const square = sample('square', xs);
const knotsOf = (net: Network) => net.a.map((a, i) => -net.b[i] / a);
const sorted = (v: number[]) => [...v].sort((p, q) => p - q);
const sseOf = (net: Network) => solveOutputLayer(net.a, net.b, xs, square).sse;

describe('bestFacing and refitUnits', () => {
  // a target that is itself a network with mixed directions: the right pattern fits it exactly
  const truth: Network = { a: [-1, 1, -1, 1], b: [-2, 0.5, 0.3, -1.7], c: [1.5, -2, 0.7, 1.2], d: 0.3 };
  const ys = xs.map((x) => truth.d + truth.a.reduce((s, a, i) => s + truth.c[i] * relu(a * x + truth.b[i]), 0));
  const knots = knotsOf(truth);

  it('finds the pattern that fits a network with these knots exactly, from any start', () => {
    for (const start of [[1, 1, 1, 1], [-1, -1, -1, -1], [1, -1, 1, -1]]) expect(bestFacing(knots, start, xs, ys)).toEqual(truth.a);
  });

  it('keeps the current pattern when none is better (no flips on round-off)', () => {
    expect(bestFacing(knots, truth.a, xs, ys)).toEqual(truth.a);
  });

  it('refitUnits turns units round at their knots and solves the output layer: exact fit, knots and |a| kept', () => {
    const wrong: Network = { a: [2, 1, 0.5, -1], b: [4, 0.5, -0.15, 1.7], c: [0, 0, 0, 0], d: 0 };
    const net = refitUnits(wrong, xs, ys);
    knotsOf(net).forEach((k, i) => expect(k).toBeCloseTo(knotsOf(wrong)[i], 12));
    net.a.forEach((a, i) => expect(Math.abs(a)).toBe(Math.abs(wrong.a[i])));
    expect(net.a.map(Math.sign)).toEqual(truth.a);
    expect(solveOutputLayer(net.a, net.b, xs, ys).sse).toBeLessThan(1e-18);
  });

  it("refitUnits' output layer (from the grid's sums when the fit is not exact) is the explicit least-squares one", () => {
    const sin = sample('sin', xs);
    const net: Network = { a: [0.7, -1.3, 2, -0.4, 1.1, 0.9], b: [1.4, -0.65, -1, 0.8, -1.65, -0.2], c: [0, 0, 0, 0, 0, 0], d: 0 };
    const refit = refitUnits(net, xs, sin);
    const explicit = solveOutputLayer(refit.a, refit.b, xs, sin);
    expect(explicit.sse).toBeGreaterThan(1e-6); // not exact: the sums solve it
    refit.c.forEach((c, i) => expect(c).toBeCloseTo(explicit.net.c[i], 8));
    expect(refit.d).toBeCloseTo(explicit.net.d, 8);
  });

  it('solveHinges fits as well as the explicit least squares when two units (nearly) share a knot', () => {
    const sin = sample('sin', xs);
    for (const gap of [0, 1e-7, 1e-5, 1e-3, 0.05]) {
      const a = [0.7, -1.3, 2, 1.1, 1.1];
      const b = [1.4, -0.65, -1, -1.65, -1.1 * (1.5 + gap)];
      const explicit = solveOutputLayer(a, b, xs, sin);
      const fast = solveHinges(a, b, xs, sin);
      const err = (net: Network) => xs.reduce((s, x, j) => s + (sin[j] - net.d - net.a.reduce((f, ai, i) => f + net.c[i] * relu(ai * x + net.b[i]), 0)) ** 2, 0);
      expect(err(fast.net)).toBeLessThanOrEqual(explicit.sse * (1 + 1e-9));
      expect(Math.abs(fast.sse - err(fast.net))).toBeLessThan(1e-9 * explicit.sse);
    }
  });
});

describe('restart kinds', () => {
  it('every kind is deterministic, seeded, has n units with |a| = 1 and knots inside the domain', () => {
    for (const make of [dropped, greedy, halves, paired]) {
      for (const n of [1, 4, 7]) {
        const net = make(n, 3, D, xs, square);
        expect(make(n, 3, D, xs, square)).toEqual(net);
        expect([net.a.length, net.b.length, net.c.length]).toEqual([n, n, n]);
        net.a.forEach((a) => expect(Math.abs(a)).toBe(1));
        knotsOf(net).forEach((k) => expect(k > -3 && k < 3).toBe(true));
      }
    }
    expect(dropped(5, 4, D, xs, square)).not.toEqual(dropped(5, 3, D, xs, square));
    expect(halves(5, 4, D, xs, square)).not.toEqual(halves(5, 3, D, xs, square));
  });

  it('halves: the left units face left on the left half of the layout of 2⌈n/2⌉ knots, the right ones right on the right half of 2⌊n/2⌋', () => {
    // x² at width 5, the best layout is −2.16, −1.31, −0.46 | 0.58, 1.79 (or its mirror image)
    for (const seed of [0, 1, 2, 3]) {
      const net = halves(5, seed, D, xs, square);
      const units = net.a.map((a, i) => ({ a, k: -net.b[i] / a })).sort((p, q) => p.k - q.k);
      const nl = units.filter((u) => u.a < 0).length;
      expect([2, 3]).toContain(nl);
      units.forEach((u, i) => expect(u.a).toBe(i < nl ? -1 : 1));
      const left = curvatureKnots(xs, square, 2 * nl).slice(0, nl);
      const right = curvatureKnots(xs, square, 2 * (5 - nl)).slice(5 - nl);
      // each knot within the seed's quarter share of its unjittered place (6 / 7 per share at most)
      [...left, ...right].forEach((k, i) => expect(Math.abs(units[i].k - k)).toBeLessThan(0.25 * (6 / 5) + 0.02));
    }
  });

  it('dropped: n of the n + 1 curvature knots, an end one left out, lopsided for x²', () => {
    const net = dropped(3, 0, D, xs, square);
    const k = sorted(knotsOf(net));
    const full = curvatureKnots(xs, square, 4); // −1.8, −0.6, 0.6, 1.8
    const shares = 6 / 5;
    const match = (ref: number[]) => ref.every((r, i) => Math.abs(k[i] - r) < 0.25 * shares + 0.02);
    expect(match(full.slice(1)) || match(full.slice(0, 3))).toBe(true);
    expect(Math.abs(k[0] + k[2])).toBeGreaterThan(0.3);
  });

  it('paired: the curvature knots of n − 1 units, one end knot twice, facing both ways (a linear term)', () => {
    const cube = sample('cube', xs);
    for (const seed of [0, 1, 2]) {
      const net = paired(3, seed, D, xs, cube);
      const k = knotsOf(net);
      expect(k[3 - 1]).toBeCloseTo(k[0] === k[2] ? k[0] : k[1], 12);
      const twin = k.findIndex((x, i) => i < 2 && Math.abs(x - k[2]) < 1e-12);
      expect(net.a[twin]).toBe(-net.a[2]);
      const base = curvatureKnots(xs, cube, 2);
      sorted(k.slice(0, 2)).forEach((x, i) => expect(Math.abs(x - base[i])).toBeLessThan(0.25 * 2 + 0.02));
    }
  });

  it('greedy: a single hinge target gets its knot at the hinge, and more units never fit worse', () => {
    const hinge = xs.map((x) => 2 * relu(x - 1.1));
    const one = greedy(1, 0, D, xs, hinge);
    expect(Math.abs(knotsOf(one)[0] - 1.1)).toBeLessThan(6 / 48 + 1e-9);
    const errs = [1, 2, 3, 4].map((n) => sseOf(greedy(n, 0, D, xs, square)));
    errs.slice(1).forEach((e, i) => expect(e).toBeLessThanOrEqual(errs[i] * (1 + 1e-9)));
  });

  it("'mixed' gives restart r the kind MIXED_KINDS[r mod 6], restart 0 the curvature start", () => {
    expect(MIXED_KINDS.map((_, r) => mixedKind(r))).toEqual([...MIXED_KINDS]);
    expect(mixedKind(MIXED_KINDS.length)).toBe('curvature');
    MIXED_KINDS.forEach((kind, r) => expect(initialNetwork('mixed', 5, 7, D, xs, square, r)).toEqual(initialNetwork(kind, 5, 7, D, xs, square)));
  });
});
