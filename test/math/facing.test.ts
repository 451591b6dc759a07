import { describe, expect, it } from 'vitest';
import { refitUnits, twinsApart } from '../../src/math/facing.js';
import { polishKnots } from '../../src/math/optimum/trained.js';
import { optimumCurve } from '../../src/math/optimum/index.js';
import { solveOutputLayer } from '../../src/math/init.js';
import { predict, type Network } from '../../src/math/hinges.js';
import { grid, sample } from '../../src/math/targets.js';

const xs = grid([-3, 3], 1000);
const ys = sample('exp', xs);
const sse = (net: Network) => ys.reduce((s, y, i) => s + (y - predict(net, xs)[i]) ** 2, 0);
const knots = (net: Network) => net.a.map((a, i) => -net.b[i] / a).sort((p, q) => p - q);
const curve = optimumCurve(xs, ys, [-3, 3], 10);

/** The best width-9 network for exp plus a tenth unit at its knot `at`, facing `dir`: two units at one knot. */
function withTwin(at: number, dir: 1 | -1): Network {
  const best = curve[8].network;
  const k = -best.b[at] / best.a[at];
  return solveOutputLayer([...best.a, dir], [...best.b, -dir * k], xs, ys).net;
}

describe('twins: two units at one knot', () => {
  it('are moved apart, to a place that lowers the grid error, whichever way the twin faces', () => {
    for (const dir of [1, -1] as const) {
      const twin = withTwin(7, dir);
      const apart = twinsApart(twin, xs, ys)!;
      expect(apart).not.toBeNull();
      expect(apart.sse).toBeLessThan(sse(twin) * 0.99);
      const ks = knots(apart.net);
      expect(Math.min(...ks.slice(1).map((k, i) => k - ks[i]))).toBeGreaterThan(6 / 999);
      // the refit keeps the better of the two
      expect(sse(refitUnits(twin, xs, ys))).toBeLessThanOrEqual(Math.min(sse(twin), apart.sse) * (1 + 1e-9));
    }
  });

  it('leave a network without twins as it is', () => {
    expect(twinsApart(curve[9].network, xs, ys)).toBeNull();
  });

  it('no longer hold the polish in their basin: a width-10 network with a pair at one knot polishes to the best width-10 error', () => {
    const twin = withTwin(7, -1);
    const out = polishKnots(twin, xs, ys, [-3, 3], sse(twin));
    expect(out.sse / xs.length / curve[9].mse).toBeLessThan(1.01);
    expect(sse(twin) / xs.length / curve[9].mse).toBeGreaterThan(1.05);
  });
});
