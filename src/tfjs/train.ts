// The fused shallow trainer. R one-input ReLU networks of one width are trained as one tensor
// program: their parameters stacked as P[R, 3n+1, 1] = (a, b, c, d) per run, forward and backward
// written by hand as a few batched ops, one Adam (or SGD) update for all (adam.ts), epochs run by
// the shared loop (loop.ts), which also says when a run stops: it then leaves the stacked tensors.
// A single run is a batch of one. Each step runs in tf.tidy; the only host reads are the loss
// checks at the recorded epochs, the refits and the stops. Tensors stay in src/tfjs: networks come
// in and go out as plain arrays.
import type { TF } from './backend.js';
import type { Network } from '../math/hinges.js';
import { refitUnits } from '../math/facing.js';
import { updater } from './adam.js';
import { keepRows, saveRows } from './rows.js';
import { batchOf, trainingLoop, type Factors, type Progress, type Shared, type Stopped } from './loop.js';

export { recordEpochs, type Progress, type Shared, type Stopped } from './loop.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor3D = import('@tensorflow/tfjs').Tensor3D;

export interface Job {
  init: Network;
  xs: Float64Array;
  ys: Float64Array;
  lr: number;
  /** Seeds this job's mini-batch order. */
  seed: number;
  /** Jobs with the same group are restarts of one run: with stopping on, those far behind their best are dropped early. */
  group?: number;
  /** Where a network of this job is heading (the loss its knots polish to), for the race between restarts. */
  raceScore?: (net: Network) => number;
}

export interface Trained {
  network: Network;
  /** Full-grid MSE after each recorded epoch (at most 1000 points). */
  history: { epoch: number[]; loss: number[] };
  /** The first recorded epoch at which the loss was NaN or infinite; null if training stayed finite. */
  divergedAt: number | null;
  /** The last epoch trained and why training ended there. */
  stopped: Stopped;
}

export function pack(nets: Network[]): Float32Array {
  const n = nets[0].a.length;
  const out = new Float32Array(nets.length * (3 * n + 1));
  nets.forEach((net, r) => {
    const o = r * (3 * n + 1);
    out.set(net.a, o);
    out.set(net.b, o + n);
    out.set(net.c, o + 2 * n);
    out[o + 3 * n] = net.d;
  });
  return out;
}

export function unpack(flat: ArrayLike<number>, runs: number, n: number): Network[] {
  const arr = Array.from(flat);
  return Array.from({ length: runs }, (_, r) => {
    const o = r * (3 * n + 1);
    return { a: arr.slice(o, o + n), b: arr.slice(o + n, o + 2 * n), c: arr.slice(o + 2 * n, o + 3 * n), d: arr[o + 3 * n] };
  });
}

/**
 * Forward and backward of the mean squared error for stacked networks P[R, 3n+1, 1] on points
 * X, Y [R, 1, m]. Returns the gradient in P's layout (derived by hand; tested against tf.grad).
 *   z = a·x + b, h = relu(z), ŷ = Σ c·h + d, G = ∂L/∂ŷ = 2(ŷ − y)/m
 *   ∂c = h·G, ∂d = ΣG, ∂z = c·G·[z > 0], ∂b = Σ∂z, ∂a = ∂z·x
 */
export function meanSquaredErrorGrad(tf: TF, P: Tensor3D, X: Tensor3D, Y: Tensor3D, n: number, twoOverM?: Tensor): Tensor3D {
  const m = X.shape[2];
  const [a, b, c, d] = tf.split(P, [n, n, n, 1], 1);
  const z = tf.add(tf.mul(a, X), b);
  const h = tf.relu(z);
  const g = tf.mul(tf.sub(tf.add(tf.matMul(c, h, true, false), d), Y), twoOverM ?? 2 / m);
  const dz = tf.mul(tf.matMul(c, g), tf.step(z));
  return tf.concat([tf.matMul(dz, X, false, true), tf.sum(dz, 2, true), tf.matMul(h, g, false, true), tf.sum(g, 2, true)], 1) as Tensor3D;
}

/** The mean squared error of each stacked network on X, Y: shape [R]. */
export function meanSquaredError(tf: TF, P: Tensor3D, X: Tensor3D, Y: Tensor3D, n: number): Tensor {
  const [a, b, c, d] = tf.split(P, [n, n, n, 1], 1);
  const yhat = tf.add(tf.matMul(c, tf.relu(tf.add(tf.mul(a, X), b)), true, false), d);
  return tf.mean(tf.square(tf.sub(yhat, Y)), [1, 2]);
}

/** Train every job together; all must share the width and the number of points. */
export function trainBatch(tf: TF, jobs: Job[], shared: Shared, onProgress?: (p: Progress) => void): Trained[] {
  const R = jobs.length;
  const n = jobs[0].init.a.length;
  const N = jobs[0].xs.length;
  for (const j of jobs) {
    if (j.init.a.length !== n || j.xs.length !== N || j.ys.length !== N) {
      throw new Error(`trainBatch: jobs differ in shape (width ${j.init.a.length} vs ${n}, points ${j.xs.length} vs ${N})`);
    }
  }
  const totalSteps = shared.epochs * Math.ceil(N / batchOf(shared, N));

  // --- state: everything that lives across steps, disposed at the end
  const flatX = new Float32Array(R * N);
  const flatY = new Float32Array(R * N);
  jobs.forEach((j, r) => {
    flatX.set(j.xs, r * N);
    flatY.set(j.ys, r * N);
  });
  let X = tf.tensor3d(flatX, [R, 1, N]) as Tensor3D;
  let Y = tf.tensor3d(flatY, [R, 1, N]) as Tensor3D;
  // Made in tidy: a variable keeps its data, the tensor it was made from is released.
  let P = tf.tidy(() => tf.variable(tf.tensor3d(pack(jobs.map((j) => j.init)), [R, 3 * n + 1, 1])));
  const update = updater(tf, P, jobs.map((j) => j.lr), shared.optimizer, shared.schedule, totalSteps);
  const twoOverN = tf.scalar(2 / N);

  // --- one optimizer step on the points (Xb, Yb); t is the 1-based step count
  const step = (Xb: Tensor3D, Yb: Tensor3D, t: number, factors: Factors) => {
    tf.tidy(() => {
      const grad = meanSquaredErrorGrad(tf, P as unknown as Tensor3D, Xb, Yb, n, Xb === X ? twoOverN : undefined);
      update.step(grad, t, factors);
    });
  };

  // --- the runs still training (rows of P, X, Y) and the final parameters of those that stopped
  let live = jobs.map((_, r) => r);
  const final: Float32Array[] = [];
  const P1 = 3 * n + 1;
  const keep = (rows: number[]) => {
    ({ P, X, Y, live } = keepRows(tf, { P, X, Y, live }, rows, P1, final, update));
  };

  // --- mini-batch points for one step: each job in its own seeded order
  const batchStep = (orders: Int32Array[], start: number, size: number, t: number, factors: Factors) => {
    const L = live.length;
    const bx = new Float32Array(L * size);
    const by = new Float32Array(L * size);
    for (let k = 0; k < L; k++) {
      const job = jobs[live[k]];
      for (let i = 0; i < size; i++) {
        const idx = orders[k][start + i];
        bx[k * size + i] = job.xs[idx];
        by[k * size + i] = job.ys[idx];
      }
    }
    const Xb = tf.tensor3d(bx, [L, 1, size]) as Tensor3D;
    const Yb = tf.tensor3d(by, [L, 1, size]) as Tensor3D;
    step(Xb, Yb, t, factors);
    tf.dispose([Xb, Yb]);
  };

  // --- least-squares output layer for every finite network (variable projection: gradient
  // descent then only has to move the knots). Adam's moments are kept: they still describe the
  // scale of the gradients, which is what they are for.
  const refit = (rows: boolean[]) => {
    const nets = unpack(P.dataSync(), live.length, n).map((net, k) => {
      const finite = [...net.a, ...net.b].every(Number.isFinite);
      const job = jobs[live[k]];
      return rows[k] && finite ? refitUnits(net, job.xs, job.ys) : net;
    });
    tf.tidy(() => P.assign(tf.tensor3d(pack(nets), [live.length, P1, 1]) as Tensor3D));
  };

  const losses = (): number[] => {
    const lossTensor = tf.tidy(() => meanSquaredError(tf, P as unknown as Tensor3D, X, Y, n));
    const out = Array.from(lossTensor.dataSync());
    lossTensor.dispose();
    return out;
  };

  // --- the loop
  try {
    const raceScores = jobs.every((j) => j.raceScore) ? () => unpack(P.dataSync(), live.length, n).map((net, k) => jobs[live[k]].raceScore!(net)) : undefined;
    const work = { fullStep: (t: number, f: Factors) => step(X, Y, t, f), batchStep, refit, losses, keep, raceScores };
    const { history, divergedAt, stopped } = trainingLoop(jobs.map((j) => j.seed), N, shared, work, onProgress, jobs.map((j, r) => j.group ?? r));
    saveRows(P, live, P1, final, new Set());
    return jobs.map((_, r) => ({ network: unpack(final[r], 1, n)[0], history: history[r], divergedAt: divergedAt[r], stopped: stopped[r] }));
  } finally {
    update.dispose();
    tf.dispose([X, Y, P, twoOverN]);
  }
}
