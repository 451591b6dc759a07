import { describe, expect, it } from 'vitest';
import { buildModel, loadModel, modelFiles, predictModel, readNetwork } from '../../src/tfjs/model.js';
import { trainBatch } from '../../src/tfjs/train.js';
import { glorot } from '../../src/math/init.js';
import { hinges, predict, evalTerms } from '../../src/math/hinges.js';
import { termsOf } from '../math/terms.js';
import { grid, sample } from '../../src/math/targets.js';
import { useBackend } from '../helpers.js';

const be = useBackend();
const xs = grid([-3, 3], 1000);

describe('model', () => {
  it("predicts what the hinge sum d + Σ cᵢ·relu(aᵢx + bᵢ) gives from its extracted weights (1e-5)", () => {
    const ys = sample('sin', xs);
    const [t] = trainBatch(be.tf, [{ init: glorot(6, 1), xs, ys, lr: 0.01, seed: 1 }], { epochs: 300, optimizer: 'adam', schedule: 'cosine', batchSize: 0 });
    const model = buildModel(be.tf, t.network);
    const net = readNetwork(model);
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
    const model = buildModel(tf, t.network);
    expect(tf.memory().numTensors).toBe(before + 4);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saves in the TF.js layers format and loads back the same weights', async () => {
    const net = glorot(5, 9);
    const model = buildModel(be.tf, { ...net, d: 0.25 });
    const files = await modelFiles(be.tf, model);
    const json = JSON.parse(files.modelJson);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(files.weights.byteLength).toBe((5 + 5 + 5 + 1) * 4);
    const again = await loadModel(be.tf, files);
    const back = readNetwork(again);
    back.a.forEach((a, i) => expect(a).toBeCloseTo(net.a[i], 6));
    expect(back.d).toBeCloseTo(0.25, 6);
    model.dispose();
    again.dispose();
  });
});
