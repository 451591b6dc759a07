import { describe, expect, it } from 'vitest';
import { pack, recordEpochs, trainBatch, unpack, type Job } from '../../src/tfjs/train.js';
import { disposePoints, gradientRow, pointsOf, stepKernel, upload } from '../../src/tfjs/shallow-step.js';
import { optimizerStep, scheduleFactor } from '../../src/math/optimizers.js';
import { lossAndGrad, referenceGradient } from '../../src/math/reference.js';
import { permutation, rng } from '../../src/math/rng.js';
import type { Network } from '../../src/math/hinges.js';
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
const flatten = (net: Network): number[] => [...net.a, ...net.b, ...net.c, net.d];
const shared = { epochs: DEFAULTS.epochs, optimizer: DEFAULTS.optimizer, schedule: DEFAULTS.schedule, batchSize: 0 };
// (trainBatch without `stop` trains to the epoch cap, as before)

describe('training', () => {
  // width 5: E = Cᵀ·H as a product and a sum over units; width 12: as a batched matrix product
  it.each([5, 12])('computes in matrix form the same gradient as TF.js autodiff and the float64 reference (width %i)', (n) => {
    const { tf } = be;
    const nets = [glorot(n, 1), glorot(n, 2), { ...glorot(n, 3), b: Array.from({ length: n }, (_, i) => [0.5, -0.2, 1, -1, 0.1][i % 5]), d: 0.7 }];
    const targets = [square, xs.map(Math.sin), xs.map((x) => x ** 3)];
    const P = new Float64Array(pack(nets));
    // both forms of the first layer: per-row points, and one grid shared by all rows
    const mine = [false, true].map((shared) => {
      const pts = pointsOf(tf, 3, 1000, (_, i) => i, () => xs, (k) => targets[k], shared);
      const out = tf.tidy(() => stepKernel(tf, upload(tf, P, 3, n, shared), pts));
      const Q = out.dataSync();
      tf.dispose(out);
      disposePoints(tf, pts);
      return nets.map((_, k) => Array.from(gradientRow(Q, k, n, P, k * (3 * n + 1), 2 / 1000, new Float64Array(3 * n + 1))));
    });
    const Y = tf.tensor3d(Float32Array.from(targets.flatMap((t) => [...t])), [3, 1, 1000]);
    // autodiff of the same loss written the plain way: Σ over runs of each run's MSE
    const X = tf.tensor3d(Float32Array.from([...xs, ...xs, ...xs]), [3, 1, 1000]);
    const Pt = tf.tensor3d(pack(nets), [3, 3 * n + 1, 1]);
    const auto = tf.grad((p) => {
      const [a, b, c, d] = tf.split(p, [n, n, n, 1], 1);
      const yhat = tf.add(tf.sum(tf.mul(c, tf.relu(tf.add(tf.mul(a, X), b))), 1, true), d);
      return tf.sum(tf.mean(tf.square(tf.sub(yhat, Y)), [1, 2]));
    })(Pt).arraySync() as number[][][];
    for (const form of mine) {
      form.flat().forEach((g, i) => expect(g).toBeCloseTo(auto.flat(2)[i], 4));
      nets.forEach((net, k) => referenceGradient(net, xs, targets[k]).grad.forEach((g, i) => expect(form[k][i]).toBeCloseTo(g, 4))); // float32 sums of 1000 terms
    }
    tf.dispose([Y, X, Pt]);
  });

  // The same steps in float64, mini-batches in the loop's order (each job's own seeded permutation per epoch).
  const float64Steps = (job: Job, s: typeof shared) => {
    const n = job.init.a.length;
    const p = new Float64Array([...job.init.a, ...job.init.b, ...job.init.c, job.init.d]);
    const [g, m, v] = [new Float64Array(p.length), new Float64Array(p.length), new Float64Array(p.length)];
    const N = job.xs.length;
    const B = s.batchSize > 0 && s.batchSize < N ? s.batchSize : N;
    const total = s.epochs * Math.ceil(N / B);
    const shuffle = rng(job.seed);
    const order = new Int32Array(N);
    let t = 0;
    for (let e = 1; e <= s.epochs; e++) {
      if (B < N) permutation(shuffle, order);
      for (let start = 0; start < N; start += B) {
        const idx = B < N ? Array.from(order.subarray(start, Math.min(N, start + B))) : [...Array(N).keys()];
        lossAndGrad(p, n, Float64Array.from(idx, (i) => job.xs[i]), Float64Array.from(idx, (i) => job.ys[i]), g);
        t++;
        optimizerStep(s.optimizer, job.lr * scheduleFactor(s.schedule, t, total), t, g, p, m, v);
      }
    }
    return unpack(p, 1, n)[0];
  };

  const cases = [
    ['full batch, one grid', 0, false],
    ['full batch, a grid per run', 0, true],
    ['mini-batch', 100, false],
  ] as const;
  for (const optimizer of ['adam', 'sgd'] as const) {
    for (const [what, batchSize, twoGrids] of cases) {
      it(`takes the reference trainer's ${optimizer} steps (${what}) within float32 rounding`, () => {
        const s = { ...shared, optimizer, epochs: batchSize ? 3 : 25, batchSize };
        const xs2 = twoGrids ? grid([-2, 2.5], xs.length) : xs;
        // four runs: one grid takes the shared-grid form of the step
        const jobs: Job[] = ['square', 'sin', 'cube', 'abs'].map((t, i) => {
          const on = i % 2 ? xs2 : xs;
          return { init: glorot(4, 3 + i), xs: on, ys: sample(t, on), lr: optimizer === 'adam' ? 0.01 : 0.002, seed: 5 + i };
        });
        const trained = trainBatch(be.tf, jobs, s);
        jobs.forEach((job, r) => {
          const want = flatten(float64Steps(job, s));
          const got = flatten(trained[r].network);
          const moved = Math.max(...want.map((w, i) => Math.abs(w - flatten(job.init)[i])));
          expect(moved).toBeGreaterThan(1e-3); // the steps did something
          got.forEach((x, i) => expect(Math.abs(x - want[i])).toBeLessThan(1e-5 * moved));
        });
      });
    }
  }

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

  it('trains to the same numbers whether the loss is read every epoch or once (a step reuses the read\'s forward pass)', () => {
    const jobs: Job[] = [0, 1].map((i) => ({ init: glorot(4, 10 + i), xs, ys: i ? sample('sin', xs) : square, lr: 0.01, seed: i }));
    const often = trainBatch(be.tf, jobs, { ...shared, epochs: 40, refitEvery: 7 }); // 40 reads
    const rarely = trainBatch(be.tf, jobs, { ...shared, epochs: 40, refitEvery: 7, historyPoints: 2 });
    expect(rarely.map((t) => t.network)).toEqual(often.map((t) => t.network));
    expect(often[0].history.loss.at(-1)).toBe(rarely[0].history.loss.at(-1));
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

  it('on one grid shared by 4+ runs, trains each run the same whichever runs share its batch and in whatever order', () => {
    const s = { ...shared, epochs: 600, refitEvery: 50, stop: { stop: 'plateau' as const, patience: 20 } };
    const targets = ['square', 'sin', 'cube', 'abs'];
    const jobs: Job[] = targets.map((t, i) => ({ init: initialNetwork('curvature', 3, i, [-3, 3], xs, sample(t, xs)), xs, ys: sample(t, xs), lr: 0.01, seed: i }));
    const four = trainBatch(be.tf, jobs, s);
    expect(new Set(four.map((t) => t.stopped.epoch)).size).toBeGreaterThan(1); // rows left the batch at different epochs
    const reversed = trainBatch(be.tf, [...jobs].reverse(), s).reverse();
    const five = trainBatch(be.tf, [{ ...jobs[1], init: glorot(3, 9), seed: 9 }, ...jobs], s).slice(1);
    four.forEach((t, r) => {
      expect(reversed[r].network).toEqual(t.network);
      expect(five[r].network).toEqual(t.network);
      expect(five[r].stopped).toEqual(t.stopped);
    });
  });

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

  it('refits with the job’s own refit: training goes on from the network it returns', () => {
    const sin = sample('sin', xs);
    const job: Job = { init: initialNetwork('curvature', 4, 3, [-3, 3], xs, sin), xs, ys: sin, lr: 0.01, seed: 3 };
    const calls: number[] = [];
    const target: Network = { a: [1, -1, 2, -2], b: [0, 0, -2, -2], c: [1, 1, 1, 1], d: 0 }; // any network: the refit's answer is where training goes on
    const refit = (net: Network, epoch: number) => (calls.push(epoch), { a: [...target.a], b: [...target.b], c: [...target.c], d: target.d });
    const s = { ...shared, epochs: 100, refitEvery: 50, historyPoints: 100 };
    const [t] = trainBatch(be.tf, [{ ...job, refit }], s);
    expect(calls).toEqual([50]); // told its epoch (none at the cap)
    const atRefit = metrics(sin, predict(target, xs)).mse;
    // the loss read at epoch 50 is after the refit: the returned network's own
    expect(t.history.loss[t.history.epoch.indexOf(50)] / atRefit).toBeCloseTo(1, 4);
    const [plain] = trainBatch(be.tf, [job], s);
    expect(plain.history.loss[plain.history.epoch.indexOf(50)] / atRefit).not.toBeCloseTo(1, 2);
  });
});
