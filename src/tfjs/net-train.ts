// The general training loop: R networks of ONE shape (inputs, widths and activation per layer),
// deep or shallow, any number of inputs, trained as one tensor program. Each run's parameters are
// one row of a stacked P[R, p, 1] (per layer W row-major then b, then the output w, d), sliced and
// reshaped into [R, out, in] views for the batched matMuls of a hand-written forward and backward
// pass, and updated by one Adam step for all (adam.ts: the fused shallow trainer's step). Networks
// come in and go out as plain Nets; tensors stay in this file and are all released. The shared
// loop (loop.ts) says when a run stops; it then leaves the stacked tensors.
import type { TF } from './backend.js';
import type { Net } from '../math/net.js';
import type { ActivationName } from '../math/activations.js';
import { refitOutput } from '../math/best-found/trained.js';
import { ACTIVATION_OPS } from './activation-ops.js';
import { updater } from './adam.js';
import { keepRows, saveRows } from './rows.js';
import { batchOf, trainingLoop, type Factors, type Progress, type Shared, type Stopped } from './loop.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor3D = import('@tensorflow/tfjs').Tensor3D;

export interface NetJob {
  init: Net;
  /** N points row-major, N × inputs (X[j·inputs + k] is input k of point j). */
  X: Float64Array;
  ys: Float64Array;
  lr: number;
  /** Seeds this job's mini-batch order. */
  seed: number;
  /** Jobs with the same group are restarts of one run: with stopping on, those far behind their best are dropped early. */
  group?: number;
}

export interface NetTrained {
  net: Net;
  /** Full-grid MSE after each recorded epoch. */
  history: { epoch: number[]; loss: number[] };
  /** The first recorded epoch at which the loss was NaN or infinite; null if training stayed finite. */
  divergedAt: number | null;
  /** The last epoch trained and why training ended there. */
  stopped: Stopped;
}

/** What all networks of a batch share: inputs, widths and activations. */
export interface Shape {
  inputs: number;
  widths: number[];
  activations: ActivationName[];
}

export const shapeOf = (net: Net): Shape => ({ inputs: net.inputs, widths: net.layers.map((l) => l.b.length), activations: net.layers.map((l) => l.activation) });

/** Parameters of one run in the stacked layout, in order: W₁, b₁, …, W_L, b_L, w, d. */
function sizes(shape: Shape): number[] {
  const out: number[] = [];
  let fanIn = shape.inputs;
  for (const w of shape.widths) {
    out.push(w * fanIn, w);
    fanIn = w;
  }
  out.push(fanIn, 1);
  return out;
}

export function packNets(nets: Net[]): Float32Array {
  const p = sizes(shapeOf(nets[0])).reduce((s, x) => s + x, 0);
  const out = new Float32Array(nets.length * p);
  nets.forEach((net, r) => {
    let o = r * p;
    for (const layer of net.layers) {
      for (const row of layer.W) for (const v of row) out[o++] = v;
      for (const v of layer.b) out[o++] = v;
    }
    for (const v of net.output.w) out[o++] = v;
    out[o++] = net.output.d;
  });
  return out;
}

export function unpackNets(flat: ArrayLike<number>, runs: number, shape: Shape): Net[] {
  const p = sizes(shape).reduce((s, x) => s + x, 0);
  return Array.from({ length: runs }, (_, r) => {
    let o = r * p;
    const take = (n: number) => Array.from({ length: n }, () => flat[o++]);
    let fanIn = shape.inputs;
    const layers = shape.widths.map((w, l) => {
      const W = Array.from({ length: w }, () => take(fanIn));
      fanIn = w;
      return { activation: shape.activations[l], W, b: take(w) };
    });
    const w = take(fanIn);
    return { inputs: shape.inputs, layers, output: { w, d: flat[o++] } };
  });
}

/** P[R, p, 1] as per-layer views: W [R, out, in], b [R, out, 1], then w [R, 1, L], d [R, 1, 1]. */
function views(tf: TF, P: Tensor3D, shape: Shape): Tensor3D[] {
  const R = P.shape[0];
  const parts = tf.split(P, sizes(shape), 1) as Tensor3D[];
  let fanIn = shape.inputs;
  const out: Tensor3D[] = [];
  shape.widths.forEach((w, l) => {
    out.push(tf.reshape(parts[2 * l], [R, w, fanIn]), parts[2 * l + 1]);
    fanIn = w;
  });
  out.push(tf.reshape(parts[parts.length - 2], [R, 1, fanIn]), parts[parts.length - 1]);
  return out;
}

/** Prediction [R, 1, m] of stacked networks on X [R, inputs, m]; keeps every z and h when asked. */
function predictStacked(tf: TF, v: Tensor3D[], X: Tensor3D, shape: Shape, keep?: { z: Tensor3D[]; h: Tensor3D[] }): Tensor3D {
  let h = X;
  shape.activations.forEach((act, l) => {
    const z = tf.add(tf.matMul(v[2 * l], h), v[2 * l + 1]) as Tensor3D;
    keep?.z.push(z);
    keep?.h.push(h);
    h = ACTIVATION_OPS[act].f(tf, z) as Tensor3D;
  });
  keep?.h.push(h);
  const L = shape.widths.length;
  return tf.add(tf.matMul(v[2 * L], h), v[2 * L + 1]) as Tensor3D;
}

/**
 * The gradient of each run's mean squared error on X [R, inputs, m], Y [R, 1, m], in P's layout
 * (derived by hand; tested against tf.grad). G = 2(ŷ − y)/m; ∂w = G·h_Lᵀ, ∂d = ΣG;
 * ∂h_L = wᵀ·G; per layer from the top: ∂z = ∂h ⊙ f'(z), ∂W = ∂z·h_{l−1}ᵀ, ∂b = Σ∂z, ∂h_{l−1} = Wᵀ·∂z.
 */
export function netGrad(tf: TF, P: Tensor3D, X: Tensor3D, Y: Tensor3D, shape: Shape): Tensor3D {
  const R = P.shape[0];
  const m = X.shape[2];
  const v = views(tf, P, shape);
  const keep = { z: [] as Tensor3D[], h: [] as Tensor3D[] };
  const yhat = predictStacked(tf, v, X, shape, keep);
  const L = shape.widths.length;
  const g = tf.mul(tf.sub(yhat, Y), 2 / m) as Tensor3D;
  const grads: Tensor[] = [tf.reshape(tf.matMul(g, keep.h[L], false, true), [R, -1, 1]), tf.sum(g, 2, true)];
  let dh = tf.matMul(v[2 * L], g, true, false) as Tensor3D;
  for (let l = L - 1; l >= 0; l--) {
    const z = keep.z[l];
    const dz = tf.mul(dh, ACTIVATION_OPS[shape.activations[l]].df(tf, z, keep.h[l + 1])) as Tensor3D;
    grads.unshift(tf.reshape(tf.matMul(dz, keep.h[l], false, true), [R, -1, 1]), tf.sum(dz, 2, true));
    if (l > 0) dh = tf.matMul(v[2 * l], dz, true, false) as Tensor3D;
  }
  return tf.concat(grads, 1) as Tensor3D;
}

/** The mean squared error of each stacked network on X, Y: shape [R]. */
export function netLoss(tf: TF, P: Tensor3D, X: Tensor3D, Y: Tensor3D, shape: Shape): Tensor {
  return tf.mean(tf.square(tf.sub(predictStacked(tf, views(tf, P, shape), X, shape), Y)), [1, 2]);
}

/** Points row-major N × inputs of each job as one [R, inputs, N] block (points along the last axis). */
function columns(jobs: NetJob[], inputs: number, pick: (r: number, i: number) => number, size: number): Float32Array {
  const out = new Float32Array(jobs.length * inputs * size);
  jobs.forEach((j, r) => {
    for (let i = 0; i < size; i++) {
      const idx = pick(r, i);
      for (let k = 0; k < inputs; k++) out[(r * inputs + k) * size + i] = j.X[idx * inputs + k];
    }
  });
  return out;
}

/** Train every job together; all must share the shape and the number of points. */
export function trainNets(tf: TF, jobs: NetJob[], shared: Shared, onProgress?: (p: Progress) => void): NetTrained[] {
  const R = jobs.length;
  const shape = shapeOf(jobs[0].init);
  const key = JSON.stringify(shape);
  const N = jobs[0].ys.length;
  for (const j of jobs) {
    if (JSON.stringify(shapeOf(j.init)) !== key || j.ys.length !== N || j.X.length !== N * shape.inputs) {
      throw new Error(`trainNets: jobs differ in shape (${JSON.stringify(shapeOf(j.init))} vs ${key}, points ${j.ys.length} vs ${N})`);
    }
  }
  const I = shape.inputs;
  const totalSteps = shared.epochs * Math.ceil(N / batchOf(shared, N));

  // --- state: everything that lives across steps, released in the one finally below
  let X = tf.tensor3d(columns(jobs, I, (_r, i) => i, N), [R, I, N]) as Tensor3D;
  let Y = tf.tensor3d(Float32Array.from(jobs.flatMap((j) => Array.from(j.ys))), [R, 1, N]) as Tensor3D;
  let P = tf.tidy(() => tf.variable(tf.tensor3d(packNets(jobs.map((j) => j.init)), [R, packNets([jobs[0].init]).length, 1])));
  const update = updater(tf, P, jobs.map((j) => j.lr), shared.optimizer, shared.schedule, totalSteps);

  const step = (Xb: Tensor3D, Yb: Tensor3D, t: number, factors: Factors) => tf.tidy(() => update.step(netGrad(tf, P as unknown as Tensor3D, Xb, Yb, shape), t, factors));

  // --- the runs still training (rows of P, X, Y) and the final parameters of those that stopped
  let live = jobs.map((_, r) => r);
  const final: Float32Array[] = [];
  const p = P.shape[1];
  const keep = (rows: number[]) => {
    ({ P, X, Y, live } = keepRows(tf, { P, X, Y, live }, rows, p, final, update));
  };

  // --- mini-batch points for one step: each job in its own seeded order
  const batchStep = (orders: Int32Array[], start: number, size: number, t: number, factors: Factors) => {
    const mine = live.map((r) => jobs[r]);
    const L = mine.length;
    const by = new Float32Array(L * size);
    for (let k = 0; k < L; k++) for (let i = 0; i < size; i++) by[k * size + i] = mine[k].ys[orders[k][start + i]];
    const Xb = tf.tensor3d(columns(mine, I, (k, i) => orders[k][start + i], size), [L, I, size]) as Tensor3D;
    const Yb = tf.tensor3d(by, [L, 1, size]) as Tensor3D;
    step(Xb, Yb, t, factors);
    tf.dispose([Xb, Yb]);
  };

  // --- least-squares output layer on the last hidden layer's features (variable projection),
  // in float64 on the host; Adam's moments are kept, as in the fused trainer. Smooth units get it
  // under the best-found bound: unbounded, it drives them into the Taylor regime (output weights
  // 1e5–2e8 cancelling in float32), where no finish inside the bound can follow (docs/activations.md).
  const refit = (rows: boolean[]) => {
    const nets = unpackNets(P.dataSync(), live.length, shape).map((net, k) => {
      const finite = net.layers.every((l) => l.b.every(Number.isFinite) && l.W.every((row) => row.every(Number.isFinite)));
      const job = jobs[live[k]];
      return rows[k] && finite ? refitOutput(net, job.X, job.ys).net : net;
    });
    tf.tidy(() => P.assign(tf.tensor3d(packNets(nets), P.shape as [number, number, number]) as Tensor3D));
  };

  const losses = (): number[] => {
    const lossTensor = tf.tidy(() => netLoss(tf, P as unknown as Tensor3D, X, Y, shape));
    const out = Array.from(lossTensor.dataSync());
    lossTensor.dispose();
    return out;
  };

  // --- the loop
  try {
    const work = { fullStep: (t: number, f: Factors) => step(X, Y, t, f), batchStep, refit, losses, keep };
    const { history, divergedAt, stopped } = trainingLoop(jobs.map((j) => j.seed), N, shared, work, onProgress, jobs.map((j, r) => j.group ?? r));
    saveRows(P, live, p, final, new Set());
    return jobs.map((_, r) => ({ net: unpackNets(final[r], 1, shape)[0], history: history[r], divergedAt: divergedAt[r], stopped: stopped[r] }));
  } finally {
    update.dispose();
    tf.dispose([X, Y, P]);
  }
}
