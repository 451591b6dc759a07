// The bounded Levenberg–Marquardt finish of a trained smooth network (math/best-found/trained.ts):
// never worse in float32, inside the bound when it moves, deterministic, and a trained network
// outside the bound that beats everything inside it is kept as it is.
import { describe, expect, it } from 'vitest';
import { finishTrained } from '../../src/math/best-found/trained.js';
import { mse32 } from '../../src/math/best-found/float32.js';
import { grid, sample } from '../../src/math/targets.js';
import type { Net } from '../../src/math/net.js';

const xs = grid([-3, 3], 120);
const ys = sample('sin', xs);
/** A rough width-3 tanh fit, as Adam might leave it. */
const rough = (activation: Net['layers'][0]['activation'] = 'tanh'): Net => ({
  inputs: 1,
  layers: [{ activation, W: [[0.9], [-0.7], [1.3]], b: [0.2, -0.4, 1.1] }],
  output: { w: [1.1, -0.6, 0.3], d: 0.05 },
});
const largest = (n: Net) => Math.max(...n.layers[0].W.flat().map(Math.abs), ...n.layers[0].b.map(Math.abs), ...n.output.w.map(Math.abs), Math.abs(n.output.d));

describe('finishing a trained network by bounded LM', () => {
  it('lowers the float32 error by orders of magnitude, inside the bound, deterministically', () => {
    const before = mse32(rough(), xs, ys);
    const out = finishTrained(rough(), xs, ys, 30, { coarse: 30, full: 10 });
    expect(out.moved).toBe(true);
    expect(out.mse).toBeCloseTo(mse32(out.net, xs, ys), 15);
    expect(out.mse).toBeLessThan(before / 100);
    expect(largest(out.net)).toBeLessThanOrEqual(30);
    expect(finishTrained(rough(), xs, ys, 30, { coarse: 30, full: 10 })).toEqual(out);
  });

  it('holds every weight in a tight bound, and never raises the error', () => {
    for (const act of ['tanh', 'softplus', 'leaky-relu'] as const) {
      const net = rough(act);
      const out = finishTrained(net, xs, ys, 1.2, { coarse: 10, full: 5 });
      expect(out.mse).toBeLessThanOrEqual(mse32(net, xs, ys));
      if (out.moved) expect(largest(out.net)).toBeLessThanOrEqual(1.2);
      else expect(out.net).toBe(net);
    }
  });

  it('keeps a trained network outside the bound when nothing inside beats it', () => {
    // the Taylor regime: (1 − cos(a·x))·2/a² ≈ x² needs weights ~1/a², far outside a bound of 2
    const a = 0.05;
    const sq = sample('square', xs);
    const taylor: Net = { inputs: 1, layers: [{ activation: 'sin', W: [[a]], b: [Math.PI / 2] }], output: { w: [-2 / a ** 2], d: 2 / a ** 2 } };
    const out = finishTrained(taylor, xs, sq, 2, { coarse: 10, full: 5 });
    expect(out.moved).toBe(false);
    expect(out.net).toBe(taylor);
    expect(out.mse).toBe(mse32(taylor, xs, sq));
  });
});
