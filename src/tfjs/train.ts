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
import { batchOf, trainingLoop, type Factors, type Progress, type Shared, type Stopped } from './loop.js';

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
 * Points of the rows still training: X [R, 1, m], X1 [R, 2, m] (rows x and 1), Y [R, 1, m]; and,
 * when every row has the same x (the full grid of jobs on one domain), that X1 once as shared
 * [1, 2, m], which lets the first layer of all rows run as one plain matrix product (wasm hands
 * those to XNNPACK; batched products of small matrices take its slow generic loop).
 */
export interface Points {
  X: Tensor3D;
  X1: Tensor3D;
  Y: Tensor3D;
  shared: Tensor3D | null;
}

/** Parameters of R rows as uploaded per step: AB [R, n+1, 2] (rows (aᵢ, bᵢ), then (0, 1)) or A, B [R, n+1, 1]; C [R, n+1, 1] (c, then d). */
export interface Uploaded {
  AB: Tensor3D | null;
  A: Tensor3D | null;
  B: Tensor3D | null;
  C: Tensor3D;
}

/** Host parameters (rows of P in pack's layout) in float32, in the form the points call for. */
export function upload(tf: TF, P: Float64Array, R: number, n: number, shared: boolean): Uploaded {
  const [P1, n1] = [3 * n + 1, n + 1];
  const a = new Float32Array(R * n1 * (shared ? 2 : 1));
  const b = shared ? a : new Float32Array(R * n1);
  const c = new Float32Array(R * n1);
  const [ia, ib, step] = shared ? [0, 1, 2] : [0, 0, 1];
  for (let k = 0; k < R; k++) {
    const o = k * P1;
    for (let i = 0; i < n; i++) {
      a[(k * n1 + i) * step + ia] = P[o + i];
      b[(k * n1 + i) * step + ib] = P[o + n + i];
      c[k * n1 + i] = P[o + 2 * n + i];
    }
    b[(k * n1 + n) * step + ib] = 1;
    c[k * n1 + n] = P[o + 3 * n];
  }
  const C = tf.tensor3d(c, [R, n1, 1]);
  if (shared) return { AB: tf.tensor3d(a, [1, R * n1, 2]), A: null, B: null, C };
  return { AB: null, A: tf.tensor3d(a, [R, n1, 1]), B: tf.tensor3d(b, [R, n1, 1]), C };
}

/** H = relu(a·x + b) [R, n+1, m]; its last row is all ones, so d rides along with c. */
function hidden(tf: TF, u: Uploaded, pts: Points): Tensor3D {
  const [R, n1] = u.C.shape;
  if (pts.shared) return tf.reshape(tf.fused.matMul({ a: u.AB!, b: pts.shared, activation: 'relu' }), [R, n1, pts.X.shape[2]]);
  return tf.relu(tf.add(tf.mul(u.A!, pts.X), u.B!)) as Tensor3D;
}

/**
 * The step kernel. With H = relu(a·x + b), E = Cᵀ·H − Y and S = [H > 0], it returns
 * Q = S·(X1 ⊙ E)ᵀ [R, n+1, 2], per unit (Σ s·x·e, Σ s·e); the gradient of Σe² then follows on the
 * host (gradientRow): ∂a = 2c·Q₀, ∂b = 2c·Q₁, ∂c = 2(a·Q₀ + b·Q₁) (= 2Σ h·e), ∂d = 2Q₁ of the last
 * row. Six kernels over [R, n+1, m] and one matrix product each for E and Q.
 */
export function stepKernel(tf: TF, u: Uploaded, pts: Points): Tensor3D {
  return kernels(tf, u, pts, true)[1];
}

/** [Σ of the squared errors of each row [R, 1, 1]] and, when asked, stepKernel's Q from the same forward pass after it. */
export function kernels(tf: TF, u: Uploaded, pts: Points, withQ: boolean): Tensor3D[] {
  const H = hidden(tf, u, pts);
  const E = tf.sub(tf.matMul(u.C, H, true, false), pts.Y) as Tensor3D;
  const sse = tf.matMul(E, E, false, true);
  return (withQ ? [sse, tf.matMul(tf.step(H), tf.mul(pts.X1, E), false, true)] : [sse]) as Tensor3D[];
}

/** Row k's gradient of the MSE (scale = 2/m) into G in pack's layout (a, b, c, d), from stepKernel's Q and the row's parameters P[o …]. */
export function gradientRow(Q: ArrayLike<number>, k: number, n: number, P: Float64Array, o: number, scale: number, G: Float64Array): Float64Array {
  const q = k * (n + 1) * 2;
  for (let i = 0; i < n; i++) {
    const [q0, q1] = [Q[q + 2 * i], Q[q + 2 * i + 1]];
    const c = P[o + 2 * n + i];
    G[i] = scale * c * q0;
    G[n + i] = scale * c * q1;
    G[2 * n + i] = scale * (P[o + i] * q0 + P[o + n + i] * q1);
  }
  G[3 * n] = scale * Q[q + 2 * n + 1];
  return G;
}

/** Points of R rows; point i of row k is pick(k, i); shared says every row has the same x there. */
export function pointsOf(tf: TF, R: number, m: number, pick: (k: number, i: number) => number, xs: (k: number) => Float64Array, ys: (k: number) => Float64Array, shared = false): Points {
  const bx = new Float32Array(R * 2 * m);
  const by = new Float32Array(R * m);
  for (let k = 0; k < R; k++) {
    const [x, y] = [xs(k), ys(k)];
    for (let i = 0; i < m; i++) {
      const p = pick(k, i);
      bx[k * 2 * m + i] = x[p];
      bx[k * 2 * m + m + i] = 1;
      by[k * m + i] = y[p];
    }
  }
  const X1 = tf.tensor3d(bx, [R, 2, m]);
  return {
    X: tf.tidy(() => tf.slice(X1, [0, 0, 0], [R, 1, m])),
    X1,
    Y: tf.tensor3d(by, [R, 1, m]),
    shared: shared ? tf.tensor3d(bx.subarray(0, 2 * m), [1, 2, m]) : null,
  };
}

const disposePoints = (tf: TF, p: Points) => tf.dispose([p.X, p.X1, p.Y, ...(p.shared ? [p.shared] : [])]);

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
  const oneGrid = jobs.every((j) => j.xs === jobs[0].xs || j.xs.every((x, i) => x === jobs[0].xs[i]));
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
  // descent then only has to move the knots). Adam's moments are kept: they still describe the
  // scale of the gradients, which is what they are for.
  const refit = (rows: boolean[]) => {
    ahead = null;
    rows.forEach((on, k) => {
      const net = network(k);
      if (!on || ![...net.a, ...net.b].every(Number.isFinite)) return;
      const { a, b, c, d } = refitUnits(net, xsOf(k), ysOf(k));
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
    const work = { fullStep: (t: number, f: Factors) => step(grid, t, f), batchStep, refit, losses, keep };
    const { history, divergedAt, stopped } = trainingLoop(jobs.map((j) => j.seed), N, shared, work, onProgress, jobs.map((j, r) => j.group ?? r));
    live.forEach((r, k) => (final[r] = network(k)));
    return jobs.map((_, r) => ({ network: final[r], history: history[r], divergedAt: divergedAt[r], stopped: stopped[r] }));
  } finally {
    disposePoints(tf, grid);
  }
}
