import { describe, expect, it } from 'vitest';
import { forward32, mse32Spread } from '../../src/math/best-found/float32.js';
import { grid, sample } from '../../src/math/targets.js';
import { forward, type Net } from '../../src/math/net.js';
import { activation } from '../../src/math/activations.js';
import { rng, uniform } from '../../src/math/rng.js';
import { CANCELLING } from '../helpers.js';

/** The same network through Float32Array cells, layer by layer: every product, sum and unit stored in float32. */
function float32Reference(net: Net, X: Float64Array): Float32Array {
  const N = X.length / net.inputs;
  let h = Float32Array.from(X);
  let fanIn = net.inputs;
  const cell = new Float32Array(2);
  for (const layer of net.layers) {
    const f = activation(layer.activation).f;
    const width = layer.b.length;
    const out = new Float32Array(N * width);
    for (let j = 0; j < N; j++) {
      for (let i = 0; i < width; i++) {
        cell[0] = 0;
        for (let k = 0; k < fanIn; k++) {
          cell[1] = Math.fround(layer.W[i][k]) * h[j * fanIn + k];
          cell[0] += cell[1];
        }
        cell[0] += Math.fround(layer.b[i]);
        out[j * width + i] = f(cell[0]);
      }
    }
    h = out;
    fanIn = width;
  }
  const y = new Float32Array(N);
  for (let j = 0; j < N; j++) {
    cell[0] = 0;
    for (let i = 0; i < fanIn; i++) {
      cell[1] = Math.fround(net.output.w[i]) * h[j * fanIn + i];
      cell[0] += cell[1];
    }
    y[j] = cell[0] + Math.fround(net.output.d);
  }
  return y;
}

describe('forward32', () => {
  it('evaluates a deep two-input network in float32 as a Float32Array reference does, within float32 rounding of forward', () => {
    const next = rng(3);
    const layerOf = (act: 'tanh' | 'gelu' | 'sin', width: number, fanIn: number) => ({
      activation: act,
      W: Array.from({ length: width }, () => Array.from({ length: fanIn }, () => uniform(next, -1.5, 1.5))),
      b: Array.from({ length: width }, () => uniform(next, -1, 1)),
    });
    const net: Net = { inputs: 2, layers: [layerOf('tanh', 5, 2), layerOf('gelu', 4, 5), layerOf('sin', 3, 4)], output: { w: [1.7, -2.3, 0.9], d: 0.25 } };
    const X = Float64Array.from({ length: 2 * 50 }, () => uniform(next, -3, 3));
    const y = forward32(net, X);
    expect(Array.from(y)).toEqual(Array.from(float32Reference(net, X)));
    const exact = forward(net, X);
    const scale = Math.max(...exact.map(Math.abs));
    for (let j = 0; j < exact.length; j++) expect(Math.abs(y[j] - exact[j])).toBeLessThan(1e-6 * scale);
  });
});

const mseOf = (yhat: ArrayLike<number>, y: ArrayLike<number>) => Array.from(yhat).reduce((s, v, j) => s + (v - y[j]) ** 2, 0) / yhat.length;
/** The same function with its units in the reverse order: float32 adds its sums the other way round. */
const reversed = (net: Net): Net => {
  const [layer] = net.layers;
  return { ...net, layers: [{ ...layer, W: [...layer.W].reverse(), b: [...layer.b].reverse() }], output: { w: [...net.output.w].reverse(), d: net.output.d } };
};

describe('mse32Spread', () => {
  it('holds every float32 evaluation of a cancelling network: another order of sums, and float64, differ by less', () => {
    const X = Float64Array.from(grid([-3, 3], 200));
    const y = Float64Array.from(sample('square', X), Math.fround);
    const spread = mse32Spread(CANCELLING, X, y);
    const one = mseOf(forward32(CANCELLING, X), y);
    const other = mseOf(float32Reference(reversed(CANCELLING), X), y);
    const exact = mseOf(forward(CANCELLING, X), y);
    // rounding is a good part of this error: the evaluations differ by percents, not 1e-3
    expect(Math.abs(one - other)).toBeGreaterThan(1e-3 * one);
    expect(Math.abs(one - other)).toBeLessThan(spread);
    expect(Math.abs(one - exact)).toBeLessThan(spread);
    expect(spread).toBeLessThan(10 * one);
  });

  it('is far below the error of a ReLU fit, which does not cancel: it does not loosen the check of a saved model there', () => {
    const X = Float64Array.from(grid([-3, 3], 200));
    const y = Float64Array.from(sample('sin', X));
    // the broken line through sin at 13 evenly spread points: a knot at each, its slope change as output weight
    const knots = Array.from({ length: 12 }, (_, i) => -3 + i / 2);
    const slope = (i: number) => (Math.sin(knots[i] + 0.5) - Math.sin(knots[i])) / 0.5;
    const net: Net = {
      inputs: 1,
      layers: [{ activation: 'relu', W: knots.map(() => [1]), b: knots.map((k) => -k) }],
      output: { w: knots.map((_, i) => (i === 0 ? slope(0) : slope(i) - slope(i - 1))), d: Math.sin(-3) },
    };
    const mse = mseOf(forward(net, X), y);
    expect(mse).toBeGreaterThan(1e-4);
    expect(mse).toBeLessThan(1e-3);
    expect(mse32Spread(net, X, y)).toBeLessThan(1e-3 * mse);
  });
});
