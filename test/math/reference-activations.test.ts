import { describe, expect, it } from 'vitest';
import { referenceGradient, trainReference } from '../../src/math/reference.js';
import { netGrad, netLoss, packNets, shapeOf, trainNets } from '../../src/tfjs/net-train.js';
import { ACTIVATION_NAMES } from '../../src/math/activations.js';
import { netOf } from '../../src/math/net.js';
import { glorot } from '../../src/math/init.js';
import { grid, sample } from '../../src/math/targets.js';
import { useBackend } from '../helpers.js';

const be = useBackend();
const xs = grid([-3, 3], 300);

/** The reference's flat layout (a, b, c, d) from net-train's (per unit W then b, then w, d). */
function toReferenceLayout(g: ArrayLike<number>, n: number): number[] {
  const a = Array.from({ length: n }, (_, i) => g[i]);
  const b = Array.from({ length: n }, (_, i) => g[n + i]);
  return [...a, ...b, ...Array.from({ length: n + 1 }, (_, i) => g[2 * n + i])];
}

describe('the reference trainer learns every activation', () => {
  it.each(ACTIVATION_NAMES)('%s: its float64 gradient is TF.js net-train\'s hand-written one and tf.grad\'s', (act) => {
    const { tf } = be;
    const ys = sample('sin', xs);
    const network = { ...glorot(4, 5), b: [0.3, -0.5, 1, -1.2], d: 0.1 };
    const net = { ...netOf(network), layers: [{ ...netOf(network).layers[0], activation: act }] };
    const { grad } = referenceGradient(network, xs, ys, act);
    const shape = shapeOf(net);
    const P = tf.tensor3d(packNets([net]), [1, 13, 1]);
    const X = tf.tensor3d(Float32Array.from(xs), [1, 1, xs.length]);
    const Y = tf.tensor3d(Float32Array.from(ys), [1, 1, xs.length]);
    const mine = toReferenceLayout(netGrad(tf, P, X, Y, shape).dataSync(), 4);
    const auto = toReferenceLayout(tf.tidy(() => tf.grad((p) => tf.sum(netLoss(tf, p as never, X, Y, shape)))(P).dataSync()), 4);
    grad.forEach((v, i) => {
      expect(Math.abs(mine[i] - v)).toBeLessThan(1e-4 * (1 + Math.abs(v)));
      expect(Math.abs(auto[i] - v)).toBeLessThan(1e-4 * (1 + Math.abs(v)));
    });
    tf.dispose([P, X, Y]);
  });

  it.each(['tanh', 'sin', 'softplus'] as const)('%s: the same Adam steps as TF.js from the same start (loss curves agree)', (act) => {
    const ys = sample('square', xs);
    const network = glorot(3, 7);
    const net = { ...netOf(network), layers: [{ ...netOf(network).layers[0], activation: act }] };
    const settings = { epochs: 200, optimizer: 'adam' as const, lr: 0.01, schedule: 'cosine' as const };
    const ref = trainReference(network, xs, ys, { ...settings, activation: act });
    const [tfjs] = trainNets(be.tf, [{ init: net, X: xs, ys, lr: settings.lr, seed: 0 }], { ...settings, batchSize: 0, refitEvery: 0 });
    expect(ref.loss[0]).toBeGreaterThan(ref.loss[199] * 1.5); // it learns
    tfjs.history.epoch.forEach((e, i) => {
      const r = ref.loss[e - 1];
      expect(Math.abs(tfjs.history.loss[i] - r) / r).toBeLessThan(2e-3);
    });
  });
});
