import { describe, expect, it } from 'vitest';
import { forward32 } from '../../src/math/best-found/float32.js';
import { forward, type Net } from '../../src/math/net.js';
import { activation } from '../../src/math/activations.js';
import { rng, uniform } from '../../src/math/rng.js';

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
