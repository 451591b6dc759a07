import { describe, expect, it } from 'vitest';
import { buildModel, loadModel, modelFiles, modelFilesOf, predictModel, readNet, reloadModel } from '../../src/tfjs/model.js';
import { trainBatch } from '../../src/tfjs/train.js';
import { glorot, heOrGlorot } from '../../src/math/init.js';
import { hinges, predict, evalTerms } from '../../src/math/hinges.js';
import { termsOf } from '../math/terms.js';
import { ACTIVATION_NAMES } from '../../src/math/activations.js';
import { forward, netOf, shallowView } from '../../src/math/net.js';
import { grid, sample } from '../../src/math/targets.js';
import { useBackend } from '../helpers.js';

const be = useBackend();
const xs = grid([-3, 3], 1000);

describe('model', () => {
  it("predicts what the hinge sum d + Σ cᵢ·relu(aᵢx + bᵢ) gives from its extracted weights (1e-5)", () => {
    const ys = sample('sin', xs);
    const [t] = trainBatch(be.tf, [{ init: glorot(6, 1), xs, ys, lr: 0.01, seed: 1 }], { epochs: 300, optimizer: 'adam', schedule: 'cosine', batchSize: 0 });
    const model = buildModel(be.tf, netOf(t.network));
    const net = shallowView(readNet(model))!;
    const tfPred = predictModel(be.tf, model, xs);
    const plain = predict(net, xs);
    const { terms, d } = termsOf(hinges(net, xs), net.d);
    const fromTerms = evalTerms(terms, d, xs);
    for (let j = 0; j < xs.length; j++) {
      expect(Math.abs(tfPred[j] - plain[j])).toBeLessThan(1e-5);
      expect(Math.abs(tfPred[j] - fromTerms[j])).toBeLessThan(1e-5);
    }
    model.dispose();
  });

  it('adds exactly its own 4 variables to the live tensors', () => {
    const { tf } = be;
    const before = tf.memory().numTensors;
    const [t] = trainBatch(tf, [{ init: glorot(4, 0), xs, ys: sample('square', xs), lr: 0.01, seed: 0 }], { epochs: 100, optimizer: 'adam', schedule: 'cosine', batchSize: 0 });
    const model = buildModel(tf, netOf(t.network));
    expect(tf.memory().numTensors).toBe(before + 4);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saves in the TF.js layers format and loads back the same weights', async () => {
    const net = glorot(5, 9);
    const model = buildModel(be.tf, netOf({ ...net, d: 0.25 }));
    const files = await modelFiles(be.tf, model);
    const json = JSON.parse(files.modelJson);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(files.weights.byteLength).toBe((5 + 5 + 5 + 1) * 4);
    const again = await loadModel(be.tf, files);
    const back = shallowView(readNet(again))!;
    back.a.forEach((a, i) => expect(a).toBeCloseTo(net.a[i], 6));
    expect(back.d).toBeCloseTo(0.25, 6);
    model.dispose();
    again.dispose();
  });

  it.each(ACTIVATION_NAMES)('saves and reloads a deep two-input %s network: same weights, TF.js predicts the float64 forward pass', async (act) => {
    const { tf } = be;
    const before = tf.memory().numTensors;
    const net = heOrGlorot('he', 2, [4, 3, 5], [act, act, act], 3);
    net.layers[0].b = [0.1, -0.2, 0.3, -0.4];
    const X = Float64Array.from(Array.from({ length: 50 }, (_, j) => [Math.sin(j), Math.cos(3 * j)]).flat());
    const files = await modelFilesOf(tf, net);
    const { net: back, predictions } = await reloadModel(tf, files, X);
    expect(back.inputs).toBe(2);
    expect(back.layers.map((l) => l.activation)).toEqual([act, act, act]);
    expect(back.layers[1].W[2][3]).toBeCloseTo(net.layers[1].W[2][3], 6);
    const plain = forward(net, X);
    plain.forEach((y, j) => expect(Math.abs(predictions[j] - y)).toBeLessThan(1e-5 * (1 + Math.abs(y))));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a file that is not a relu-lab model', async () => {
    const { tf } = be;
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [1], activation: 'relu' })] });
    expect(() => readNet(model)).toThrow(/not a relu-lab model/);
    model.dispose();
  });
});
