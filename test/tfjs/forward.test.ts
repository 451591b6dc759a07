import { describe, expect, it } from 'vitest';
import { cascadeNet, MAX_CASCADE } from '../../src/math/cascade.js';
import { ACTIVATION_NAMES } from '../../src/math/activations.js';
import { forward } from '../../src/math/net.js';
import { grid } from '../../src/math/targets.js';
import { predictNet } from '../../src/tfjs/forward.js';
import { randomNet } from '../math/random-nets.js';
import { useBackend } from '../helpers.js';

const xs = grid([-3, 3], 500);
const backend = useBackend();

/** float32 keeps ~7 digits; each layer adds a few roundings on values of the size of the layer's outputs. */
function expectFloat32Close(got: Float32Array, ref: Float64Array, layers: number) {
  const scale = Math.max(1, ...Array.from(ref, Math.abs));
  const tol = 4e-7 * (layers + 1) * 8 * scale;
  for (let j = 0; j < ref.length; j++) expect(Math.abs(got[j] - ref[j])).toBeLessThanOrEqual(tol);
}

describe('predictNet: the TF.js forward pass of any Net', () => {
  it('equals forward() to float32 precision on random deep nets of every activation', () => {
    let seed = 1;
    for (const hidden of [[4], [8, 8], [3, 7, 2], [6, 6, 6, 6]]) {
      for (const act of ACTIVATION_NAMES) {
        const net = randomNet(seed++, hidden, act);
        expectFloat32Close(predictNet(backend.tf, net, xs), forward(net, xs), hidden.length);
      }
    }
  });

  it('mixes activations layer by layer and takes several inputs', () => {
    const net = randomNet(99, [5, 5, 5], ['relu', 'tanh', 'abs']);
    expectFloat32Close(predictNet(backend.tf, net, xs), forward(net, xs), 3);
    const plane = { inputs: 2, layers: [{ activation: 'relu' as const, W: [[1, 1], [1, -1]], b: [0, 0.5] }], output: { w: [2, 1], d: 1 } };
    expect(Array.from(predictNet(backend.tf, plane, [1, 2, -3, 1]))).toEqual([7, 1]);
  });

  it('evaluates the hand-built cascade as the float64 formula does, to float32 precision, for every depth', () => {
    for (let m = 0; m <= MAX_CASCADE; m++) {
      const net = cascadeNet(m, 3);
      const ref = forward(net, xs);
      const got = predictNet(backend.tf, net, xs);
      // Values up to 9; the carried sums pass m + 1 layers, each rounding to float32.
      for (let j = 0; j < xs.length; j++) expect(Math.abs(got[j] - ref[j])).toBeLessThanOrEqual(9 * 2 ** -23 * (m + 2));
    }
  });

  it('leaves no tensor behind', () => {
    const net = randomNet(5, [8, 8, 8]);
    const before = backend.tf.memory().numTensors;
    predictNet(backend.tf, net, xs);
    expect(backend.tf.memory().numTensors).toBe(before);
  });
});
