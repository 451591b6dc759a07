// The fused shallow trainer. R one-input ReLU networks of one width are trained as one tensor
// program in matrix form: per step the parameters go up once, forward and backward of every run
// are a handful of batched kernels (stepKernel), and what the gradients need comes back once as
// one small array. Parameters, Adam's moments and the learning rates live on the host in float64
// (math/optimizers.ts: the reference trainer's own update), so refits and stops need no device
// read. Epochs are run by the shared loop (loop.ts), which also says when a run stops: it then
// leaves the batch and costs nothing. A single run is a batch of one. Tensors stay in src/tfjs:
// networks come in and go out as plain arrays.
import type { TF } from './backend.js';
import type { Network } from '../math/hinges.js';
import { refitUnits } from '../math/facing.js';
import { optimizerStep, scheduleFactor } from '../math/optimizers.js';
import { disposePoints, gradientRow, kernels, pointsOf, stepKernel, upload, type Points } from './shallow-step.js';
import { batchOf, trainingLoop, type Factors, type Progress, type Shared, type Stopped } from './loop.js';

/** Fewest runs for which the shared-grid form of the step pays (it has more, larger kernels; measured: 1 run 1.7× slower, 10 runs 1.2× faster). */
const SHARED_GRID_RUNS = 4;

export { recordEpochs, type Progress, type Shared, type Stopped } from './loop.js';

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
  /** The refit during training at `epoch` (default refitUnits: directions and output layer by least squares). */
  refit?: (net: Network, epoch: number) => Network;
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
  const P1 = 3 * n + 1;

  // --- state: the live rows' parameters and moments on the host (float64), their points on the device
  let live = jobs.map((_, r) => r);
  let P = Float64Array.from(jobs.flatMap((j) => [...j.init.a, ...j.init.b, ...j.init.c, j.init.d]));
  let M = new Float64Array(R * P1);
  let V = new Float64Array(R * P1);
  const G = new Float64Array(P1);
  const final: Network[] = [];
  const xsOf = (k: number) => jobs[live[k]].xs;
  const ysOf = (k: number) => jobs[live[k]].ys;
  // One domain for all (the usual case): the full grid's first layer runs as one plain matrix product.
  const oneGrid = R >= SHARED_GRID_RUNS && jobs.every((j) => j.xs === jobs[0].xs || j.xs.every((x, i) => x === jobs[0].xs[i]));
  let grid = pointsOf(tf, R, N, (_, i) => i, xsOf, ysOf, oneGrid);

  // --- one optimizer step of every live row on pts (m points each): one upload, one read; t is the 1-based step
  // (a full-batch step right after a loss read uses the Q that read computed at the same parameters)
  let ahead: Float32Array | null = null;
  const step = (pts: Points, t: number, factors: Factors) => {
    const L = live.length;
    let Q = pts === grid ? ahead : null;
    ahead = null;
    if (!Q) {
      const out = tf.tidy(() => stepKernel(tf, upload(tf, P, L, n, pts.shared !== null), pts));
      Q = out.dataSync() as Float32Array;
      out.dispose();
    }
    const scale = 2 / pts.X.shape[2];
    const factor = scheduleFactor(shared.schedule, t, totalSteps);
    for (let k = 0; k < L; k++) {
      gradientRow(Q, k, n, P, k * P1, scale, G);
      optimizerStep(shared.optimizer, jobs[live[k]].lr * (factors?.[k] ?? factor), t, G, P, M, V, k * P1);
    }
  };

  // --- mini-batch points for one step: each job in its own seeded order
  const batchStep = (orders: Int32Array[], start: number, size: number, t: number, factors: Factors) => {
    const batch = pointsOf(tf, live.length, size, (k, i) => orders[k][start + i], xsOf, ysOf);
    try {
      step(batch, t, factors);
    } finally {
      disposePoints(tf, batch);
    }
  };

  const network = (k: number): Network => {
    const o = k * P1;
    return { a: Array.from(P.subarray(o, o + n)), b: Array.from(P.subarray(o + n, o + 2 * n)), c: Array.from(P.subarray(o + 2 * n, o + 3 * n)), d: P[o + 3 * n] };
  };

  // --- least-squares output layer for every finite network (variable projection: gradient
  // descent then only has to move the knots), or the job's own refit (run.ts: knots polished,
  // units relocated before the race). Adam's moments are kept: they still describe the scale of
  // the gradients, which is what they are for (a unit the refit put elsewhere gets the usual steepness).
  const refit = (rows: boolean[], epoch: number) => {
    ahead = null;
    rows.forEach((on, k) => {
      const net = network(k);
      if (!on || ![...net.a, ...net.b].every(Number.isFinite)) return;
      const job = jobs[live[k]];
      const { a, b, c, d } = job.refit ? job.refit(net, epoch) : refitUnits(net, job.xs, job.ys);
      P.set([...a, ...b, ...c, d], k * P1);
    });
  };

  // --- each live row's full-grid MSE at its current parameters (after the step just taken)
  // (full batch: with the next step's Q from the same forward pass, kept in `ahead` unless a refit or stop intervenes)
  const fullBatch = batchOf(shared, N) === N;
  const losses = (): number[] => {
    const [sse, Q] = tf.tidy(() => kernels(tf, upload(tf, P, live.length, n, grid.shared !== null), grid, fullBatch));
    const out = Array.from(sse.dataSync(), (s) => s / N);
    ahead = Q ? (Q.dataSync() as Float32Array) : null;
    tf.dispose([sse, ...(Q ? [Q] : [])]);
    return out;
  };

  // --- continue with these rows only: the others' networks are final, host arrays and points narrowed
  const keep = (rows: number[]) => {
    ahead = null;
    const kept = new Set(rows);
    live.forEach((r, k) => {
      if (!kept.has(k)) final[r] = network(k);
    });
    const narrow = (A: Float64Array) => {
      const out = new Float64Array(rows.length * P1);
      rows.forEach((k, j) => out.set(A.subarray(k * P1, (k + 1) * P1), j * P1));
      return out;
    };
    [P, M, V] = [narrow(P), narrow(M), narrow(V)];
    const idx = tf.tensor1d(rows, 'int32');
    const [X, X1, Y] = [grid.X, grid.X1, grid.Y].map((T) => tf.gather(T, idx) as Tensor3D);
    tf.dispose([idx, grid.X, grid.X1, grid.Y]);
    grid = { X, X1, Y, shared: grid.shared };
    live = rows.map((k) => live[k]);
  };

  // --- the loop
  try {
    const raceScores = jobs.every((j) => j.raceScore) ? () => live.map((r, k) => jobs[r].raceScore!(network(k))) : undefined;
    const work = { fullStep: (t: number, f: Factors) => step(grid, t, f), batchStep, refit, losses, keep, raceScores };
    const { history, divergedAt, stopped } = trainingLoop(jobs.map((j) => j.seed), N, shared, work, onProgress, jobs.map((j, r) => j.group ?? r));
    live.forEach((r, k) => (final[r] = network(k)));
    return jobs.map((_, r) => ({ network: final[r], history: history[r], divergedAt: divergedAt[r], stopped: stopped[r] }));
  } finally {
    disposePoints(tf, grid);
  }
}
