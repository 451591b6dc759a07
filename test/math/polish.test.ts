import { describe, expect, it } from 'vitest';
import { optimumCurve } from '../../src/math/optimum/index.js';
import { polishKnots, refitPolished, relocateUnits } from '../../src/math/optimum/trained.js';
import { solveOutputLayer } from '../../src/math/init.js';
import { refitUnits } from '../../src/math/facing.js';
import { predict, type Network } from '../../src/math/hinges.js';
import { metrics } from '../../src/math/compare.js';
import { grid, sample } from '../../src/math/targets.js';
import { rng } from '../../src/math/rng.js';

const xs = grid([-3, 3], 400);
const ys = sample('sin', xs);
const sse = (net: Network) => metrics(ys, predict(net, xs)).mse * xs.length;

describe('polishing a trained network’s knots', () => {
  it('takes a jittered optimum back to the optimum (as Adam leaves it at a plateau), any scale of aᵢ', () => {
    const best = optimumCurve(xs, ys, [-3, 3], 6)[5];
    const u = rng(3);
    // the same function family, knots moved by up to 0.05 and units rescaled (aᵢ → 2.5aᵢ, bᵢ → 2.5bᵢ, cᵢ → cᵢ/2.5)
    const net: Network = {
      a: best.network.a.map((a) => 2.5 * a),
      b: best.network.b.map((b, i) => 2.5 * (b + 0.05 * (2 * u() - 1) * best.network.a[i])),
      c: best.network.c.map((c) => c / 2.5),
      d: best.network.d,
    };
    const before = sse(net);
    expect(before / xs.length).toBeGreaterThan(1.5 * best.mse);
    const out = polishKnots(net, xs, ys, [-3, 3], before);
    expect(out.sse).toBeLessThan(before);
    expect(Math.abs(sse(out.network) - out.sse) / out.sse).toBeLessThan(1e-9);
    expect(out.sse / xs.length / best.mse).toBeLessThan(1.001);
  });

  it('never returns a worse network, and leaves non-finite ones alone', () => {
    const best = optimumCurve(xs, ys, [-3, 3], 4)[3];
    const out = polishKnots(best.network, xs, ys, [-3, 3], sse(best.network));
    expect(out.sse).toBeLessThanOrEqual(sse(best.network) * (1 + 1e-12));
    const bad = { ...best.network, c: best.network.c.map(() => NaN) };
    expect(polishKnots(bad, xs, ys, [-3, 3], Infinity).network).toBe(bad);
  });

  it('refits during training with the knots at their optimum and every unit’s steepness kept', () => {
    const best = optimumCurve(xs, ys, [-3, 3], 6)[5];
    const u = rng(5);
    const steep = best.network.a.map(() => 0.5 + 2 * u());
    // the optimum's units at their own steepness, knots jittered by up to 0.1, output layer off
    const net: Network = {
      a: best.network.a.map((a, i) => steep[i] * a),
      b: best.network.b.map((b, i) => steep[i] * (b + 0.1 * (2 * u() - 1) * best.network.a[i])),
      c: best.network.c.map((c, i) => (0.9 * c) / steep[i]),
      d: best.network.d,
    };
    const out = refitPolished(net, xs, ys, [-3, 3]);
    expect(sse(out) / xs.length / best.mse).toBeLessThan(1.001);
    expect(sse(out)).toBeLessThan(sse(refitUnits(net, xs, ys)));
    out.a.forEach((a, i) => expect(Math.abs(a)).toBeCloseTo(steep[i], 12));
    // at the optimum already: Newton finds nothing to move, the refit is the plain one
    const there = refitPolished(best.network, xs, ys, [-3, 3]);
    expect(sse(there)).toBeLessThanOrEqual(sse(refitUnits(best.network, xs, ys)) * (1 + 1e-12));
  });

  it('relocates during training too: every unit keeps its slot, a moved one takes the median steepness, the others their own', () => {
    const xt = grid([-3, 3], 1000);
    const yt = sample('tanh', xt);
    const best = optimumCurve(xt, yt, [-3, 3], 4)[3];
    const dirs = [-1, 1, -1, 1];
    const knots = [-1.346, -0.612, 0.614, 1.351];
    const steep = [0.4, 1.7, 0.9, 2.6];
    const stuck = solveOutputLayer(dirs.map((d, i) => d * steep[i]), knots.map((k, i) => -dirs[i] * steep[i] * k), xt, yt).net;
    const out = refitPolished(stuck, xt, yt, [-3, 3], true);
    expect(metrics(yt, predict(out, xt)).mse / best.mse).toBeLessThan(1 + 1e-6);
    expect(refitPolished(stuck, xt, yt, [-3, 3]).a.map(Math.abs).map((a) => +a.toFixed(12))).toEqual(steep); // without relocation: own steepness
    const knotOf = (i: number) => -out.b[i] / out.a[i];
    const median = [...steep].sort((p, q) => p - q)[2];
    out.a.forEach((a, i) => {
      // a turned unit is a new unit: the median steepness; one that stayed put keeps its own (a knot Newton moved far may take either)
      if (Math.sign(a) !== dirs[i]) expect(Math.abs(a)).toBeCloseTo(median, 12);
      else if (Math.abs(knotOf(i) - knots[i]) < 0.1) expect(Math.abs(a)).toBeCloseTo(steep[i], 12);
      else expect([median, steep[i]].some((v) => Math.abs(Math.abs(a) - v) < 1e-12)).toBe(true);
    });
    // the two turned units (the lopsided best faces −, +, +, − in knot order) moved in their own slots
    expect(out.a.map(Math.sign)).toEqual([-1, 1, 1, -1]);
  });

  it('relocates units where Newton cannot: the mirror-symmetric layout of tanh at width 4 becomes the lopsided best', () => {
    const xt = grid([-3, 3], 1000);
    const yt = sample('tanh', xt);
    const best = optimumCurve(xt, yt, [-3, 3], 4)[3];
    // the layout training reached on some seeds (knots ±0.61, ±1.35, facing ←→←→): Newton's local optimum, 1.11× the best
    const dirs = [-1, 1, -1, 1];
    const symmetric = solveOutputLayer(dirs, [-1.346, -0.612, 0.614, 1.351].map((k, i) => -dirs[i] * k), xt, yt);
    const stuck = polishKnots(symmetric.net, xt, yt, [-3, 3], symmetric.sse);
    expect(stuck.sse / xt.length / best.mse).toBeGreaterThan(1.1);
    const out = relocateUnits(stuck.network, xt, yt, [-3, 3], stuck.sse);
    expect(out.sse / xt.length / best.mse).toBeLessThan(1 + 1e-6);
    const mse = metrics(yt, predict(out.network, xt)).mse;
    expect(Math.abs(mse * xt.length - out.sse) / out.sse).toBeLessThan(1e-9);
  });

  it('relocates a unit left in the wrong place (exp at width 8, as trained on one seed), and never returns a worse network', () => {
    const xe = grid([-3, 3], 1000);
    const ye = sample('exp', xe);
    const best = optimumCurve(xe, ye, [-3, 3], 8)[7];
    const dirs = [-1, 1, 1, 1, 1, 1, 1, 1];
    const trained = solveOutputLayer(dirs, [-0.932, -2.8596, 0.1502, 0.9074, 1.4899, 1.9635, 2.3604, 2.7026].map((k, i) => -dirs[i] * k), xe, ye);
    const stuck = polishKnots(trained.net, xe, ye, [-3, 3], trained.sse);
    expect(stuck.sse / xe.length / best.mse).toBeGreaterThan(1.1);
    expect(relocateUnits(stuck.network, xe, ye, [-3, 3], stuck.sse).sse / xe.length / best.mse).toBeLessThan(1 + 1e-6);
    const there = relocateUnits(best.network, xe, ye, [-3, 3], best.mse * xe.length);
    expect(there.sse).toBeLessThanOrEqual(best.mse * xe.length * (1 + 1e-12));
  });
});
