// The fused shallow trainer's step kernel (train.ts runs it): forward and backward of R one-input
// ReLU networks as a few batched kernels in matrix form, parameters uploaded once in float32, the
// result read back once as one small array Q from which the host forms the gradient in float64.
// Shaped for the wasm backend: plain (batch-1) matrix products and element-wise ops go to
// XNNPACK; batched products of small matrices take its slow generic loop (about 10 ns an output),
// so on a shared grid only E = Cᵀ·H (the sum over each run's own units) is left to it, and only
// above SUMMED_E_MAX_UNITS units (below, a product and a sum are faster). (Forming H points-first
// so that E is an innermost sum measured no faster under load, so it is not done.)
import type { TF } from './backend.js';

type Tensor3D = import('@tensorflow/tfjs').Tensor3D;

/**
 * Points of the rows still training: X [R, 1, m], X1 [R, 2, m] (rows x and 1), Y [R, 1, m]; and,
 * when every row has the same x (the full grid of jobs on one domain), that X1 once as [1, 2, m]
 * and transposed [1, m, 2]: the first layer and Q of all rows are then plain matrix products.
 */
export interface Points {
  X: Tensor3D;
  X1: Tensor3D;
  Y: Tensor3D;
  shared: { X1: Tensor3D; X1t: Tensor3D } | null;
}

/**
 * Parameters of R rows as uploaded per step: C [R, n+1, 1] (c, then d); for per-row points A, B
 * [R, n+1, 1] (a, then 0; b, then 1), for a shared grid AB [1, R(n+1), 2] (rows (aᵢ, bᵢ), then (0, 1)).
 */
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
  if (!shared) return { AB: null, A: tf.tensor3d(a, [R, n1, 1]), B: tf.tensor3d(b, [R, n1, 1]), C };
  return { AB: tf.tensor3d(a, [1, R * n1, 2]), A: null, B: null, C };
}

/**
 * Widest network whose E = Cᵀ·H is formed as a product and a sum over units (two XNNPACK-friendly
 * kernels) rather than as a batched product (the generic loop). Measured per step on a shared grid
 * (medians of 7 rounds): 60 runs of width 8 3.4 ms against 4.4, 180 of width 4 6.2 against 7.5,
 * 6 of width 4 0.49 against 0.61; from width 16 the sum's transpose costs more (60 runs of 16:
 * 10.8 against 8.4 ms).
 */
const SUMMED_E_MAX_UNITS = 8;

/** H = relu(a·x + b) [R, n+1, m]; its last row is all ones, so d rides along with c. */
function hidden(tf: TF, u: Uploaded, pts: Points): Tensor3D {
  const [R, n1] = u.C.shape;
  if (pts.shared) return tf.reshape(tf.fused.matMul({ a: u.AB!, b: pts.shared.X1, activation: 'relu' }), [R, n1, pts.X.shape[2]]);
  return tf.relu(tf.add(tf.mul(u.A!, pts.X), u.B!)) as Tensor3D;
}

/**
 * The step kernel. With H = relu(a·x + b), E = Cᵀ·H − Y and S = [H > 0], it returns
 * Q = S·(X1 ⊙ E)ᵀ [R, n+1, 2], per unit (Σ s·x·e, Σ s·e); the gradient of Σe² then follows on the
 * host (gradientRow): ∂a = 2c·Q₀, ∂b = 2c·Q₁, ∂c = 2(a·Q₀ + b·Q₁) (= 2Σ h·e), ∂d = 2Q₁ of the last
 * row. Per-row points: three element-wise kernels for H, E (a batched product above
 * SUMMED_E_MAX_UNITS units, else a product and a sum), step, and
 * the batched product Q; a shared grid: H and Q as plain products (Q = (S ⊙ E)·X1ᵀ), E as above.
 */
export function stepKernel(tf: TF, u: Uploaded, pts: Points): Tensor3D {
  return kernels(tf, u, pts, true)[1];
}

/** [Σ of the squared errors of each row [R, 1, 1]] and, when asked, stepKernel's Q from the same forward pass after it. */
export function kernels(tf: TF, u: Uploaded, pts: Points, withQ: boolean): Tensor3D[] {
  const H = hidden(tf, u, pts);
  const [R, n1, m] = H.shape;
  const E = tf.sub(n1 <= SUMMED_E_MAX_UNITS + 1 ? tf.sum(tf.mul(H, u.C), 1, true) : tf.matMul(u.C, H, true, false), pts.Y);
  const sse = tf.matMul(E, E, false, true) as Tensor3D;
  if (!withQ) return [sse];
  if (!pts.shared) return [sse, tf.matMul(tf.step(H), tf.mul(pts.X1, E), false, true) as Tensor3D];
  const SE = tf.reshape(tf.mul(tf.step(H), E), [1, R * n1, m]) as Tensor3D;
  return [sse, tf.reshape(tf.matMul(SE, pts.shared.X1t), [R, n1, 2]) as Tensor3D];
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
  const Y = tf.tensor3d(by, [R, 1, m]);
  const X = tf.tidy(() => tf.slice(X1, [0, 0, 0], [R, 1, m]));
  if (!shared) return { X, X1, Y, shared: null };
  const X1t = new Float32Array(2 * m);
  for (let i = 0; i < m; i++) [X1t[2 * i], X1t[2 * i + 1]] = [bx[i], 1];
  return { X, X1, Y, shared: { X1: tf.tensor3d(bx.subarray(0, 2 * m), [1, 2, m]), X1t: tf.tensor3d(X1t, [1, m, 2]) } };
}

export const disposePoints = (tf: TF, p: Points): void => tf.dispose([p.X, p.X1, p.Y, ...(p.shared ? [p.shared.X1, p.shared.X1t] : [])]);

