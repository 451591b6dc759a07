import { describe, expect, it } from 'vitest';
import { referenceGradient, trainReference } from '../../src/math/reference.js';
import { pack, trainBatch } from '../../src/tfjs/train.js';
import { disposePoints, gradientRow, pointsOf, stepKernel, upload } from '../../src/tfjs/shallow-step.js';
import { glorot } from '../../src/math/init.js';
import { grid, sample } from '../../src/math/targets.js';
import { useBackend } from '../helpers.js';

const be = useBackend();
const xs = grid([-3, 3], 1000);

describe('plain-TypeScript reference trainer', () => {
  it('has the same gradient as the TF.js training step', () => {
    const { tf } = be;
    const ys = sample('sin', xs);
    const net = { ...glorot(5, 2), b: [0.3, -0.5, 1, 0, -1] };
    const { grad } = referenceGradient(net, xs, ys);
    const P = new Float64Array(pack([net]));
    const pts = pointsOf(tf, 1, 1000, (_, i) => i, () => xs, () => ys);
    const out = tf.tidy(() => stepKernel(tf, upload(tf, P, 1, 5, false), pts));
    const g = gradientRow(out.dataSync(), 0, 5, P, 0, 2 / 1000, new Float64Array(16));
    tf.dispose(out);
    disposePoints(tf, pts);
    grad.forEach((v, i) => expect(g[i]).toBeCloseTo(v, 5));
  });

  for (const [optimizer, schedule] of [['adam', 'cosine'], ['sgd', 'constant']] as const) {
    it(`takes the same ${optimizer} steps as TF.js from the same start: loss curves agree`, () => {
      const ys = sample('square', xs);
      // Glorot, not spread: spread solves the output layer exactly, so its first gradients in (c, d)
      // are pure rounding, which Adam's normalisation turns into full-size steps in float32 and
      // none in float64. Away from such a start the two must agree.
      const init = glorot(4, 3);
      const settings = { epochs: 300, optimizer, lr: optimizer === 'adam' ? 0.01 : 0.002, schedule };
      const ref = trainReference(init, xs, ys, settings);
      const [tfjs] = trainBatch(be.tf, [{ init, xs, ys, lr: settings.lr, seed: 0 }], { ...settings, batchSize: 0 });
      tfjs.history.epoch.forEach((e, i) => {
        const r = ref.loss[e - 1];
        // float32 against float64: the curves may part by rounding, not by method
        expect(Math.abs(tfjs.history.loss[i] - r) / r).toBeLessThan(2e-3);
      });
    });
  }
});
