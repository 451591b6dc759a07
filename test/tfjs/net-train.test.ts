import { describe, expect, it } from 'vitest';
import { useBackend } from '../helpers.js';
import { netGrad, netLoss, packNets, shapeOf, trainNets, unpackNets, type NetJob } from '../../src/tfjs/net-train.js';
import { trainBatch } from '../../src/tfjs/train.js';
import { ACTIVATION_NAMES, ACTIVATIONS, type ActivationName } from '../../src/math/activations.js';
import { forward, netOf, type Net } from '../../src/math/net.js';
import { glorot, heOrGlorot } from '../../src/math/init.js';
import { grid, sample } from '../../src/math/targets.js';

const be = useBackend();

const xs = grid([-3, 3], 200);
const square = sample('square', xs);
const shared = { epochs: 60, optimizer: 'adam' as const, schedule: 'cosine' as const, batchSize: 0 };

/** A two-input grid, row-major. */
const X2 = Float64Array.from(Array.from({ length: 64 }, (_, j) => [(j % 8) / 4 - 1, Math.floor(j / 8) / 4 - 1]).flat());
const Y2 = Float64Array.from({ length: 64 }, (_, j) => X2[2 * j] * X2[2 * j + 1]);

const mse = (net: Net, X: Float64Array, ys: Float64Array) => {
  const yh = forward(net, X);
  return yh.reduce((s, y, j) => s + (y - ys[j]) ** 2, 0) / ys.length;
};

/** A deep net with biases that put kinks inside the data. */
function deep(act: ActivationName, inputs: number, hidden: number[], seed: number): Net {
  const net = heOrGlorot('he', inputs, hidden, hidden.map(() => act), seed);
  net.layers.forEach((l, i) => (l.b = l.b.map((_, k) => 0.3 * Math.sin(7 * k + i + seed))));
  net.output.d = 0.2;
  return net;
}

describe('the general trainer', () => {
  it('packs and unpacks nets in the stacked layout', () => {
    const nets = [deep('relu', 2, [3, 4], 1), deep('relu', 2, [3, 4], 2)];
    const back = unpackNets(packNets(nets), 2, shapeOf(nets[0]));
    back.forEach((net, r) => expect(packNets([net])).toEqual(packNets([nets[r]])));
    expect(back[1].layers[1].W[3][2]).toBeCloseTo(nets[1].layers[1].W[3][2], 6);
  });

  it.each(ACTIVATION_NAMES)('computes by hand the gradient TF.js autodiff and float64 finite differences give (%s, 2 inputs, widths 3,4)', (act) => {
    const { tf } = be;
    const nets = [deep(act, 2, [3, 4], 1), deep(act, 2, [3, 4], 2)];
    const shape = shapeOf(nets[0]);
    const cols = Float32Array.from([0, 1].flatMap((k) => Array.from({ length: 64 }, (_, j) => X2[2 * j + k])));
    const X = tf.tensor3d(Float32Array.from([...cols, ...cols]), [2, 2, 64]);
    const Y = tf.tensor3d(Float32Array.from([...Y2, ...Y2.map((y) => y * y)]), [2, 1, 64]);
    const P = tf.tensor3d(packNets(nets), [2, packNets([nets[0]]).length, 1]);
    const mine = netGrad(tf, P, X, Y, shape).dataSync();
    const auto = tf.tidy(() => tf.grad((p) => tf.sum(netLoss(tf, p as never, X, Y, shape)))(P).dataSync());
    mine.forEach((g, i) => expect(Math.abs(g - auto[i])).toBeLessThan(1e-4 * (1 + Math.abs(auto[i]))));
    // float64 central differences of run 0's MSE, through math/net.ts's forward pass
    const p0 = Float64Array.from(packNets([nets[0]]));
    const ys = [Y2, Y2.map((y) => y * y)];
    const h = 1e-6;
    for (let i = 0; i < p0.length; i++) {
      const at = (dv: number) => {
        const q = Float64Array.from(p0);
        q[i] += dv;
        return mse(unpackNets(q, 1, shape)[0], X2, ys[0]);
      };
      expect(Math.abs(mine[i] - (at(h) - at(-h)) / (2 * h))).toBeLessThan(2e-4 * (1 + Math.abs(mine[i])));
    }
    tf.dispose([X, Y, P]);
  });

  it('takes the fused shallow trainer’s steps on a shallow one-input ReLU network', () => {
    const init = glorot(5, 3);
    const [fused] = trainBatch(be.tf, [{ init, xs, ys: square, lr: 0.02, seed: 1 }], shared);
    const [general] = trainNets(be.tf, [{ init: netOf(init), X: xs, ys: square, lr: 0.02, seed: 1 }], shared);
    general.history.loss.forEach((l, i) => expect(Math.abs(l - fused.history.loss[i]) / fused.history.loss[i]).toBeLessThan(1e-4));
  });

  it('lowers the loss of deep networks (one and two inputs) and keeps runs of a batch apart', () => {
    const jobs: NetJob[] = [0, 1, 2].map((s) => ({ init: heOrGlorot('he', 1, [6, 6, 6], ['relu', 'relu', 'relu'], s), X: xs, ys: square, lr: 0.01 * (s + 1), seed: s }));
    const together = trainNets(be.tf, jobs, { ...shared, batchSize: 50 });
    jobs.forEach((job, r) => {
      const [alone] = trainNets(be.tf, [job], { ...shared, batchSize: 50 });
      alone.history.loss.forEach((l, i) => expect(Math.abs(together[r].history.loss[i] - l) / l).toBeLessThan(1e-4));
      expect(together[r].history.loss.at(-1)!).toBeLessThan(mse(job.init, xs, square) / 5);
      expect(mse(together[r].net, xs, square)).toBeCloseTo(together[r].history.loss.at(-1)!, 3);
    });
    const two = heOrGlorot('glorot', 2, [8, 8], ['tanh', 'tanh'], 0);
    const [t] = trainNets(be.tf, [{ init: two, X: X2, ys: Y2, lr: 0.01, seed: 0 }], { ...shared, epochs: 200 });
    expect(t.history.loss.at(-1)!).toBeLessThan(mse(two, X2, Y2) / 5);
  });

  it('gives the same numbers for the same seed, mini-batches and refits included, and leaves no tensor behind', () => {
    const { tf } = be;
    const before = tf.memory().numTensors;
    const job: NetJob = { init: heOrGlorot('he', 1, [4, 4], ['relu', 'relu'], 7), X: xs, ys: square, lr: 0.02, seed: 7 };
    const s = { ...shared, epochs: 20, batchSize: 64, refitEvery: 5 };
    const [a] = trainNets(tf, [job], s);
    const [b] = trainNets(tf, [job], s);
    expect(b).toEqual(a);
    const [c] = trainNets(tf, [{ ...job, seed: 8 }], s);
    expect(c.net).not.toEqual(a.net);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops a diverging run alone, naming the epoch', () => {
    const init = heOrGlorot('he', 1, [4, 4], ['relu', 'relu'], 0);
    const s = { ...shared, optimizer: 'sgd' as const, schedule: 'constant' as const, epochs: 100 };
    const [bad, good] = trainNets(be.tf, [{ init, X: xs, ys: square, lr: 10, seed: 0 }, { init, X: xs, ys: square, lr: 0.001, seed: 0 }], s);
    expect(bad.divergedAt).not.toBeNull();
    expect(good.divergedAt).toBeNull();
    const [alone] = trainNets(be.tf, [{ init, X: xs, ys: square, lr: 0.001, seed: 0 }], s);
    expect(good.history.loss.at(-1)).toBeCloseTo(alone.history.loss.at(-1)!, 5);
  });

  it('stops deep, two-input and non-ReLU runs each at its own plateau (the shared loop), mini-batches and divergence included, leaving no tensor behind', () => {
    const { tf } = be;
    const before = tf.memory().numTensors;
    const stop = { stop: 'plateau' as const, patience: 10 };
    const s = { ...shared, epochs: 600, batchSize: 100, refitEvery: 30, stop };
    const jobs: NetJob[] = [
      { init: heOrGlorot('he', 1, [4, 4], ['relu', 'relu'], 1), X: xs, ys: square, lr: 0.01, seed: 1 },
      { init: heOrGlorot('glorot', 1, [5, 5], ['tanh', 'tanh'], 2), X: xs, ys: square, lr: 0.01, seed: 2 },
      { init: heOrGlorot('he', 1, [4, 4], ['relu', 'relu'], 3), X: xs, ys: square, lr: 10, seed: 3 },
    ];
    const two = { init: heOrGlorot('glorot', 2, [6], ['swish'], 0), X: X2, ys: Y2, lr: 0.01, seed: 0 };
    const [t2] = trainNets(tf, [two], { ...s, batchSize: 0 });
    expect(t2.stopped.reason).toBe('plateau');
    expect(t2.stopped.epoch).toBeLessThan(600);
    expect(t2.history.epoch.at(-1)).toBe(t2.stopped.epoch);
    const sgd = { ...s, optimizer: 'sgd' as const, schedule: 'constant' as const };
    const mixed = [{ ...jobs[0], lr: 0.005 }, { ...jobs[2], init: jobs[0].init, lr: 10 }];
    const together = trainNets(tf, mixed, sgd);
    expect(together[1].stopped).toEqual({ epoch: together[1].divergedAt, reason: 'diverged' });
    expect(together[0].stopped.reason).toBe('plateau');
    const [alone] = trainNets(tf, [mixed[0]], sgd);
    expect(alone.stopped).toEqual(together[0].stopped);
    expect(alone.history.loss.at(-1)!).toBeCloseTo(together[0].history.loss.at(-1)!, 5);
    const [tanh] = trainNets(tf, [jobs[1]], s);
    expect(['plateau', 'epochs']).toContain(tanh.stopped.reason);
    expect(tanh.history.loss.at(-1)!).toBeLessThan(mse(jobs[1].init, xs, square));
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('maps every activation of math/activations.ts to TF.js ops that agree with it', () => {
    for (const name of ACTIVATION_NAMES) {
      const net = deep(name, 1, [3], 4);
      const [t] = trainNets(be.tf, [{ init: net, X: xs, ys: square, lr: 0, seed: 0 }], { ...shared, epochs: 1, optimizer: 'sgd' });
      expect(Math.abs(t.history.loss[0] - mse(net, xs, square)) / mse(net, xs, square), name).toBeLessThan(1e-5);
      expect(ACTIVATIONS[name]).toBeDefined();
    }
  });
});
