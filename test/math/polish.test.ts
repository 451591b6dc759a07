import { describe, expect, it } from 'vitest';
import { optimumCurve } from '../../src/math/optimum/index.js';
import { polishKnots } from '../../src/math/optimum/trained.js';
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
});
