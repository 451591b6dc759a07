import { describe, expect, it } from 'vitest';
import { meanSquaredErrorGrad, pack, recordEpochs, trainBatch, unpack, type Job } from '../../src/tfjs/train.js';
import { scheduleFactor } from '../../src/math/optimizers.js';
import { glorot, initialNetwork } from '../../src/math/init.js';
import { trainRuns } from '../../src/experiment/run.js';
import { evalTerms, predict } from '../../src/math/hinges.js';
import { metrics } from '../../src/math/compare.js';
import { hk } from '../../src/math/handbuilt.js';
import { grid, sample } from '../../src/math/targets.js';
import { DEFAULTS } from '../../src/settings.js';
import { useBackend } from '../helpers.js';

const be = useBackend();

const xs = grid([-3, 3], 1000);
const square = sample('square', xs);
const shared = { epochs: DEFAULTS.epochs, optimizer: DEFAULTS.optimizer, schedule: DEFAULTS.schedule, batchSize: 0 };
// (trainBatch without `stop` trains to the epoch cap, as before)

describe('training', () => {
  it('computes by hand the same gradient as TF.js autodiff', () => {
    const { tf } = be;
    const n = 5;
    const nets = [glorot(n, 1), glorot(n, 2), { ...glorot(n, 3), b: [0.5, -0.2, 1, -1, 0.1], d: 0.7 }];
    const X = tf.tensor3d(Float32Array.from([...xs, ...xs, ...xs]), [3, 1, 1000]);
    const Y = tf.tensor3d(Float32Array.from([...square, ...xs.map(Math.sin), ...xs.map((x) => x ** 3)]), [3, 1, 1000]);
    const P = tf.tensor3d(pack(nets), [3, 3 * n + 1, 1]);
    const mine = meanSquaredErrorGrad(tf, P, X, Y, n).arraySync() as number[][][];
    // autodiff of the same loss written the plain way: Σ over runs of each run's MSE
    const auto = tf.grad((p) => {
      const [a, b, c, d] = tf.split(p, [n, n, n, 1], 1);
      const yhat = tf.add(tf.sum(tf.mul(c, tf.relu(tf.add(tf.mul(a, X), b))), 1, true), d);
      return tf.sum(tf.mean(tf.square(tf.sub(yhat, Y)), [1, 2]));
    })(P).arraySync() as number[][][];
    mine.flat(2).forEach((g, i) => expect(g).toBeCloseTo(auto.flat(2)[i], 4));
    tf.dispose([X, Y, P]);
  });

  it('packs and unpacks networks in the stacked layout', () => {
    const nets = [glorot(3, 1), glorot(3, 2)];
    const back = unpack(pack(nets), 2, 3);
    back.forEach((net, r) => net.a.forEach((a, i) => expect(a).toBeCloseTo(nets[r].a[i], 6)));
  });

  it('records at most 1000 evenly spread epochs, always the last; cosine decays from 1 to near 0', () => {
    expect(recordEpochs(4000).size).toBe(1000);
    expect(recordEpochs(4000).has(4000)).toBe(true);
    expect(recordEpochs(7).size).toBe(7);
    expect(scheduleFactor('cosine', 1, 100)).toBe(1);
    expect(scheduleFactor('cosine', 100, 100)).toBeLessThan(0.001);
    expect(scheduleFactor('constant', 50, 100)).toBe(1);
  });

  it('trains width 4 on x² with the defaults to below the error of the hand-built h2', () => {
    const [r] = trainRuns(be, [{ ...DEFAULTS }], () => null);
    const h2 = hk(2);
    const handMse = metrics(square, evalTerms(h2.terms, h2.d, xs)).mse;
    expect(r.status).toBe('ok');
    expect(r.metrics.mse).toBeLessThan(handMse);
    expect(r.metrics.mse).toBeLessThan(0.0116); // the best width-4 network reaches 0.011565
  });

  it('glorot-initialised Adam also trains below h2 (the Keras baseline)', () => {
    const [t] = trainBatch(be.tf, [{ init: glorot(4, 0), xs, ys: square, lr: 0.01, seed: 0 }], { ...shared, schedule: 'constant', epochs: 3000 });
    const h2 = hk(2);
    expect(metrics(square, predict(t.network, xs)).mse).toBeLessThan(metrics(square, evalTerms(h2.terms, h2.d, xs)).mse);
  });

  it('leaves no tensor behind: only what was there before', () => {
    const { tf } = be;
    const before = tf.memory().numTensors;
    trainBatch(tf, [{ init: glorot(4, 0), xs, ys: square, lr: 0.01, seed: 0 }], { ...shared, epochs: 50, batchSize: 100 });
    trainBatch(tf, [{ init: glorot(4, 0), xs, ys: square, lr: 0.01, seed: 0 }], { ...shared, epochs: 50 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the same numbers for the same seed, mini-batches included', () => {
    const job: Job = { init: glorot(3, 7), xs, ys: square, lr: 0.02, seed: 7 };
    const s = { ...shared, epochs: 30, batchSize: 64 };
    const [a] = trainBatch(be.tf, [job], s);
    const [b] = trainBatch(be.tf, [job], s);
    expect(b.network).toEqual(a.network);
    expect(b.history).toEqual(a.history);
    const [c] = trainBatch(be.tf, [{ ...job, seed: 8 }], s);
    expect(c.network).not.toEqual(a.network);
  });

  it('trains a batch of runs as each would train alone: same curve over 100 steps, final MSE within 1%', () => {
    const targets = ['square', 'sin', 'cube'];
    const jobs: Job[] = targets.map((t, i) => ({ init: glorot(6, i), xs, ys: sample(t, xs), lr: 0.01 * (i + 1), seed: i }));
    const short = { ...shared, epochs: 100 };
    const together = trainBatch(be.tf, jobs, short);
    jobs.forEach((job, r) => {
      const [alone] = trainBatch(be.tf, [job], short);
      alone.history.loss.forEach((l, i) => expect(Math.abs(together[r].history.loss[i] - l) / l).toBeLessThan(1e-5));
    });
    const long = { ...shared, epochs: 1500 };
    const all = trainBatch(be.tf, jobs, long);
    jobs.forEach((job, r) => {
      const [alone] = trainBatch(be.tf, [job], long);
      const a = alone.history.loss.at(-1)!;
      expect(Math.abs(all[r].history.loss.at(-1)! - a) / a).toBeLessThan(0.01);
    });
  }, 60_000);

  it('stops a diverging run alone, naming the epoch, without spoiling the others in its batch', () => {
    const cube = sample('cube', xs);
    const jobs: Job[] = [
      { init: glorot(4, 0), xs, ys: cube, lr: 10, seed: 0 },
      { init: glorot(4, 1), xs, ys: cube, lr: 0.01, seed: 1 },
    ];
    const [bad, good] = trainBatch(be.tf, jobs, { ...shared, optimizer: 'sgd', schedule: 'constant', epochs: 200 });
    expect(bad.divergedAt).not.toBeNull();
    expect(bad.divergedAt!).toBeGreaterThanOrEqual(1);
    expect(good.divergedAt).toBeNull();
    expect(Number.isFinite(good.history.loss.at(-1)!)).toBe(true);
    const [alone] = trainBatch(be.tf, [jobs[1]], { ...shared, optimizer: 'sgd', schedule: 'constant', epochs: 200 });
    expect(good.history.loss.at(-1)).toBeCloseTo(alone.history.loss.at(-1)!, 4);
  });
});

describe('stopping', () => {
  it('stops each network at its own plateau after the decay, records why, and trains it as it would alone', () => {
    const stop = { stop: 'plateau' as const, patience: 25 };
    const jobs: Job[] = [
      { init: initialNetwork('curvature', 3, 1, [-3, 3], xs, square), xs, ys: square, lr: 0.01, seed: 1 },
      { init: initialNetwork('curvature', 3, 2, [-3, 3], xs, sample('sin', xs)), xs, ys: sample('sin', xs), lr: 0.01, seed: 2 },
    ];
    const s = { ...shared, epochs: 1500, stop };
    const together = trainBatch(be.tf, jobs, s);
    for (const t of together) {
      expect(t.stopped.reason).toBe('plateau');
      expect(t.stopped.epoch).toBeLessThan(1500);
      expect(t.history.epoch.at(-1)).toBe(t.stopped.epoch);
    }
    expect(together[0].stopped.epoch).not.toBe(together[1].stopped.epoch);
    jobs.forEach((job, r) => {
      const [alone] = trainBatch(be.tf, [job], s);
      expect(alone.stopped).toEqual(together[r].stopped);
      expect(alone.network).toEqual(together[r].network);
    });
    const [off] = trainBatch(be.tf, [jobs[0]], { ...s, epochs: 200, stop: { stop: 'off', patience: 50 } });
    expect(off.stopped).toEqual({ epoch: 200, reason: 'epochs' });
  }, 60_000);

  it('drops a restart that lags its best sibling by LAG_FACTOR', () => {
    const good = { init: glorot(4, 0), xs, ys: square, lr: 0.01, seed: 0, group: 7 };
    const poor = { ...good, init: { ...glorot(4, 0), a: [0, 0, 0, 0], c: [0, 0, 0, 0] }, seed: 1 }; // dead units: stuck at the mean
    const [g, p] = trainBatch(be.tf, [good, poor], { ...shared, epochs: 400, stop: { stop: 'plateau', patience: 20 } });
    expect(p.stopped.reason).toBe('lagging');
    expect(p.stopped.epoch).toBeGreaterThanOrEqual(20);
    expect(p.stopped.epoch).toBeLessThan(g.stopped.epoch);
    expect(p.history.loss.at(-1)!).toBeGreaterThan(2 * Math.min(...g.history.loss));
    expect(g.stopped.reason).not.toBe('lagging');
  });
});
