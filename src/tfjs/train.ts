// The training loop. R networks of one width are trained as one tensor program: forward and
// backward of all of them as a dozen batched kernels in matrix form (lossAndGradient), read back
// once per step as one small array; Adam (or SGD), the plateau rule and the refits then run on the
// host in float64 over the R × (3n+1) parameters. Each network stops on its own (plateau, lagging
// restart, divergence, the epoch cap) and leaves the batch, so stopped networks cost nothing. A
// single run is a batch of one. Tensors stay in this file: networks come in and go out as arrays.
import { ADAM, scheduleFactor, type Optimizer, type Schedule } from '../math/optimizers.js';
import { decayedFactor, lagging, observe, plateauStart, type PlateauState, type StopReason, type StopRule } from '../math/stopping.js';
import type { TF } from './backend.js';
import type { Network } from '../math/hinges.js';
import { permutation, rng } from '../math/rng.js';
import { solveOutputLayer } from '../math/init.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor3D = import('@tensorflow/tfjs').Tensor3D;

export interface Job {
  init: Network;
  xs: Float64Array;
  ys: Float64Array;
  lr: number;
  /** Seeds this job's mini-batch order. */
  seed: number;
  /** Jobs with the same group are restarts of one run: the ones lagging far behind their best are dropped early. */
  group?: number;
}

export interface Shared {
  epochs: number;
  optimizer: Optimizer;
  schedule: Schedule;
  /** 0 = full batch */
  batchSize: number;
  /** Every this many epochs, replace each network's output layer (c, d) by its least-squares solution; 0 = never. */
  refitEvery?: number;
  /** Most points in the loss history (default 1000). */
  historyPoints?: number;
  /** When to stop before the epoch cap (default: never). */
  stop?: StopRule;
}

export interface Trained {
  network: Network;
  /** Full-grid MSE after each recorded epoch (at most 1000 points). */
  history: { epoch: number[]; loss: number[] };
  /** The first recorded epoch at which the loss was NaN or infinite; null if training stayed finite. */
  divergedAt: number | null;
  /** The last epoch trained and why training ended there. */
  stopped: { epoch: number; reason: StopReason };
}

export interface Progress {
  epoch: number;
  epochs: number;
  /** Latest full-grid loss of each job (its final one once stopped). */
  losses: number[];
}

/** The epochs at which the loss is recorded: at most `points`, evenly spread, always the last. */
export function recordEpochs(epochs: number, points = 1000): Set<number> {
  const m = Math.max(1, Math.min(epochs, points));
  const out = new Set<number>();
  for (let i = 1; i <= m; i++) out.add(Math.round((i * epochs) / m));
  return out;
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

/**
 * The step kernel in matrix form, for networks given as AB [R, n+1, 2] (rows (aᵢ, bᵢ), then (0, 1))
 * and CD [R, n+1, 1] (c, then d) on points X1 [R, 2, m] (rows x and 1) and Y [R, 1, m]. With
 * H = relu(AB·X1) (its last row is all ones, so d rides along with c), E = CDᵀ·H − Y:
 *   Σe² = E·Eᵀ, ∂(c,d) = H·Eᵀ, ∂(a,b) = ((CD·E) ⊙ [H > 0])·X1ᵀ, each still to be scaled by 2/m.
 * Returns [R, 3n+4, 1]: per network (∂a₀, ∂b₀, …, ∂aₙ₋₁, ∂bₙ₋₁, two unused), ∂c, ∂d, then Σe².
 * Five matrix products and five element-wise kernels over [R, n+1, m]: the same gradient as
 * meanSquaredErrorGrad (tested), in half the kernels and memory passes.
 */
export function lossAndGradient(tf: TF, AB: Tensor3D, CD: Tensor3D, X1: Tensor3D, Y: Tensor3D): Tensor3D {
  const [R, n1] = AB.shape;
  const H = tf.relu(tf.matMul(AB, X1));
  const E = tf.sub(tf.matMul(CD, H, true, false), Y);
  const dZ = tf.mul(tf.matMul(CD, E), tf.step(H));
  const dAB = tf.reshape(tf.matMul(dZ, X1, false, true), [R, 2 * n1, 1]);
  return tf.concat([dAB, tf.matMul(H, E, false, true), tf.matMul(E, E, false, true)], 1) as Tensor3D;
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
  const B = shared.batchSize > 0 && shared.batchSize < N ? shared.batchSize : N;
  const stepsPerEpoch = Math.ceil(N / B);
  const cap = shared.epochs;
  const totalSteps = cap * stepsPerEpoch;
  const records = recordEpochs(cap, shared.historyPoints);
  const rule: StopRule = shared.stop ?? { stop: 'off', patience: cap };
  const { beta1, beta2, epsilon } = ADAM;
  const P1 = 3 * n + 1;
  const OUT = 3 * n + 4;

  // --- state: parameters and Adam's moments in float64 on the host; per network its plateau,
  // its latest loss and whether (and why) it stopped
  const P = new Float64Array(R * P1);
  jobs.forEach((j, r) => P.set(pack([j.init]), r * P1));
  const M = new Float64Array(R * P1);
  const V = new Float64Array(R * P1);
  const G = new Float64Array(P1);
  const plateau: PlateauState[] = jobs.map(() => plateauStart());
  const latest = jobs.map(() => NaN);
  const lowest = jobs.map(() => Infinity); // Adam's loss spikes now and then: restarts are judged by their lowest
  const history = jobs.map(() => ({ epoch: [] as number[], loss: [] as number[] }));
  const divergedAt: (number | null)[] = jobs.map(() => null);
  const stopped: ({ epoch: number; reason: StopReason } | null)[] = jobs.map(() => null);
  const shuffles = jobs.map((j) => rng(j.seed));
  const orders = jobs.map(() => new Int32Array(N));
  const groups = new Map<number, number[]>();
  jobs.forEach((j, r) => {
    if (j.group !== undefined) groups.set(j.group, [...(groups.get(j.group) ?? []), r]);
  });

  // --- the points of the networks still training, as tensors; rebuilt when one stops (compaction)
  let active = jobs.map((_, r) => r);
  let X1: Tensor3D | null = null;
  let Y: Tensor3D | null = null;
  const points = (rows: number[], idx: (r: number, i: number) => number, m: number): [Tensor3D, Tensor3D] => {
    const bx = new Float32Array(rows.length * 2 * m);
    const by = new Float32Array(rows.length * m);
    rows.forEach((r, k) => {
      for (let i = 0; i < m; i++) {
        const p = idx(r, i);
        bx[k * 2 * m + i] = jobs[r].xs[p];
        bx[k * 2 * m + m + i] = 1;
        by[k * m + i] = jobs[r].ys[p];
      }
    });
    return [tf.tensor3d(bx, [rows.length, 2, m]) as Tensor3D, tf.tensor3d(by, [rows.length, 1, m]) as Tensor3D];
  };
  const rebuild = () => void (tf.dispose([X1!, Y!].filter(Boolean)), ([X1, Y] = points(active, (_, i) => i, N)));

  // --- forward and backward of the active networks on (Xb, Yb): one upload, one read
  const kernel = (Xb: Tensor3D, Yb: Tensor3D): Float32Array => {
    const ab = new Float32Array(active.length * (n + 1) * 2);
    const cd = new Float32Array(active.length * (n + 1));
    active.forEach((r, k) => {
      const o = r * P1;
      for (let i = 0; i < n; i++) {
        ab[k * 2 * (n + 1) + 2 * i] = P[o + i];
        ab[k * 2 * (n + 1) + 2 * i + 1] = P[o + n + i];
        cd[k * (n + 1) + i] = P[o + 2 * n + i];
      }
      ab[k * 2 * (n + 1) + 2 * n + 1] = 1;
      cd[k * (n + 1) + n] = P[o + 3 * n];
    });
    const out = tf.tidy(() =>
      lossAndGradient(tf, tf.tensor3d(ab, [active.length, n + 1, 2]) as Tensor3D, tf.tensor3d(cd, [active.length, n + 1, 1]) as Tensor3D, Xb, Yb),
    );
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  };

  // --- one optimizer step of network r from its slice of the kernel's output; t is r's step count
  const update = (r: number, out: Float32Array, k: number, m: number, factor: number, t: number) => {
    const o = k * OUT;
    const s = 2 / m;
    for (let i = 0; i < n; i++) {
      G[i] = s * out[o + 2 * i];
      G[n + i] = s * out[o + 2 * i + 1];
      G[2 * n + i] = s * out[o + 2 * n + 2 + i];
    }
    G[3 * n] = s * out[o + 3 * n + 2];
    const p = r * P1;
    const lr = jobs[r].lr * factor;
    if (shared.optimizer === 'sgd') {
      for (let i = 0; i < P1; i++) P[p + i] -= lr * G[i];
      return;
    }
    // Adam as TF.js's AdamOptimizer computes it: bias corrections on m and v, ε outside the root.
    const lrStep = lr / (1 - beta1 ** t);
    const vScale = 1 / (1 - beta2 ** t);
    for (let i = 0; i < P1; i++) {
      M[p + i] = beta1 * M[p + i] + (1 - beta1) * G[i];
      V[p + i] = beta2 * V[p + i] + (1 - beta2) * G[i] * G[i];
      P[p + i] -= (lrStep * M[p + i]) / (Math.sqrt(V[p + i] * vScale) + epsilon);
    }
  };

  // --- least-squares output layer of network r (variable projection: gradient descent then only
  // has to move the knots). Adam's moments are kept: they still describe the gradients' scale.
  const refit = (r: number) => {
    const [net] = unpack(P.subarray(r * P1, (r + 1) * P1), 1, n);
    if (![...net.a, ...net.b].every(Number.isFinite)) return;
    const solved = solveOutputLayer(net.a, net.b, jobs[r].xs, jobs[r].ys).net;
    P.set(solved.c, r * P1 + 2 * n);
    P[r * P1 + 3 * n] = solved.d;
  };

  const stop = (r: number, epoch: number, reason: StopReason) => {
    stopped[r] = { epoch, reason };
    if (history[r].epoch.at(-1) !== epoch) history[r].epoch.push(epoch), history[r].loss.push(latest[r]);
  };
  const factorOf = (r: number, epoch: number, t: number): number | null =>
    decayedFactor((e) => (e === epoch ? scheduleFactor(shared.schedule, t, totalSteps) : scheduleFactor(shared.schedule, (e - 1) * stepsPerEpoch + 1, totalSteps)), epoch, plateau[r].plateauAt, rule);

  // --- the loop: each pass reads the full-grid loss after epoch e = epoch - 1 (and, full batch,
  // the gradient of the step that follows), decides who stops, then trains epoch `epoch`
  try {
    rebuild();
    for (let epoch = 1; active.length; epoch++) {
      const e = epoch - 1;
      const full = kernel(X1!, Y!);
      const t0 = e * stepsPerEpoch + 1;
      const going: number[] = [];
      const rows: number[] = []; // each going network's row in `full`
      const factors: number[] = [];
      const refits: number[] = [];
      active.forEach((r, k) => {
        const loss = full[k * OUT + OUT - 1] / N;
        latest[r] = loss;
        if (loss < lowest[r]) lowest[r] = loss;
        if (!Number.isFinite(loss)) {
          divergedAt[r] = Math.max(e, 1);
          return stop(r, Math.max(e, 1), 'diverged');
        }
        if (e >= 1 && records.has(e)) history[r].epoch.push(e), history[r].loss.push(loss);
        if (e >= 1) {
          const before = plateau[r].plateauAt;
          plateau[r] = observe(plateau[r], e, loss, rule);
          if (before === null && plateau[r].plateauAt !== null && shared.refitEvery) refits.push(r);
        }
        if (e === cap) return stop(r, e, 'epochs');
        const f = factorOf(r, epoch, t0);
        if (f === null) return stop(r, e, 'plateau');
        going.push(r);
        rows.push(k);
        factors.push(f);
      });
      for (const members of groups.values()) {
        const drop = lagging(members.map((r) => (divergedAt[r] === null ? lowest[r] : NaN)), e, rule);
        for (const i of drop) {
          const r = members[i];
          const at = going.indexOf(r);
          if (at < 0) continue;
          going.splice(at, 1);
          rows.splice(at, 1);
          factors.splice(at, 1);
          stop(r, e, 'lagging');
        }
      }
      if (e >= 1 && records.has(e)) onProgress?.({ epoch: e, epochs: cap, losses: latest.slice() });
      const changed = going.length !== active.length;
      active = going;
      if (!active.length) break;
      if (changed) rebuild();
      if (B === N) active.forEach((r, k) => update(r, full, rows[k], N, factors[k], t0));
      else {
        for (const r of active) permutation(shuffles[r], orders[r]);
        for (let start = 0, t = t0; start < N; start += B, t++) {
          const size = Math.min(B, N - start);
          const [bx, by] = points(active, (r, i) => orders[r][start + i], size);
          const out = kernel(bx, by);
          tf.dispose([bx, by]);
          active.forEach((r, k) => update(r, out, k, size, factors[k], t));
        }
      }
      if (shared.refitEvery && epoch % shared.refitEvery === 0 && epoch < cap) active.forEach(refit);
      else refits.forEach(refit);
    }
    const nets = unpack(Float32Array.from(P), R, n); // the float32 values the kernels saw, as a saved model holds them
    return jobs.map((_, r) => ({ network: nets[r], history: history[r], divergedAt: divergedAt[r], stopped: stopped[r]! }));
  } finally {
    tf.dispose([X1!, Y!].filter(Boolean));
  }
}
