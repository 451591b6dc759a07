// The inner layer of a best-found network by Levenberg–Marquardt on the variable-projection
// residual, inside the box |θ| ≤ B. Pure float64.
//
// For inner weights θ (per unit: its input weights, then its bias) the output layer c(θ) is the
// bounded least-squares solution, and the residual r(θ) = y − Φ(θ)·c(θ) depends on θ alone
// (variable projection, Golub & Pereyra). Its Jacobian is Kaufman's: ∂r/∂θ ≈ −(I − P)·(∂Φ/∂θ)·c,
// P the projection onto the free output columns; a coefficient held on the bound is a constant.
// Each step solves (JᵀJ + λ·D)·δ = Jᵀr on the parameters that may move (one on the bound whose
// gradient pushes outward stays put), clamps θ + δ into the box, and is kept only if the error
// drops; λ shrinks after a kept step and grows after a refused one (Marquardt).
import { activation, type ActivationName } from '../activations.js';
import { solveSpd } from '../linalg.js';
import { boundedLsq, type BoundedLsq } from './bounded-lsq.js';

/** Starting damping, relative to the diagonal of JᵀJ. */
const LAMBDA_START = 1e-3;
const LAMBDA_DOWN = 3;
const LAMBDA_UP = 4;
const LAMBDA_MAX = 1e12;
/** Added to the damping diagonal, relative to its largest entry: parameters of a unit with c = 0 have no curvature at all. */
const DIAGONAL_FLOOR = 1e-9;
/** A kept step that lowers the error by less than this share, this many times in a row, ends the descent. */
const STALL_SHARE = 1e-10;
const STALL_STEPS = 3;

export interface Problem {
  X: Float64Array;
  inputs: number;
  y: Float64Array;
  activation: ActivationName;
  width: number;
  bound: number;
  /**
   * Piecewise-linear units only: round each kink over this width along x (unitActivation). On a
   * grid the error of such a network has a kink wherever a knot crosses a grid point, and LM
   * stalls at the first one; rounded over a grid spacing or so the error is smooth in the knots,
   * and LM can carry a knot as far as the error keeps falling.
   */
  smooth?: number;
}

export interface Evaluated {
  theta: Float64Array;
  /** Pre-activations, N × width, row-major. */
  z: Float64Array;
  lsq: BoundedLsq;
}

/** Parameters per unit: a weight per input and a bias. */
export const perUnit = (p: Problem): number => p.inputs + 1;

/**
 * Unit i's activation, its derivative, and (rounded units) the derivative in the unit's weights
 * through the rounding. Unrounded: the problem's own. Rounded (smooth set, piecewise-linear units):
 * every piecewise-linear activation here is f(0) + a·z + k·|z| (relu a = k = ½, leaky-relu,
 * abs a = 0, k = 1), and |z| becomes the parabola z²/(2β) + β/2 where |z| < β, β = smooth·‖wᵢ‖
 * (a width along x whatever the unit's slope). The rounding must stay local: √(z² + β²), tried
 * first, has a tail β²/(2|z|) that a steep unit with its knot off the domain and a large output
 * weight turned into a feature of its own.
 */
export function unitActivation(p: Problem, theta: Float64Array, i: number): { f: (z: number) => number; df: (z: number) => number; dNorm?: (z: number) => number } {
  const act = activation(p.activation);
  if (!p.smooth || !act.piecewiseLinear) return act;
  const q = perUnit(p);
  let norm2 = 0;
  for (let k = 0; k < p.inputs; k++) norm2 += theta[i * q + k] ** 2;
  const norm = Math.sqrt(norm2);
  const beta = p.smooth * norm;
  if (!(beta > 0)) return act;
  const a = (act.df(1) + act.df(-1)) / 2;
  const k = (act.df(1) - act.df(-1)) / 2;
  return {
    f: (z) => (Math.abs(z) >= beta ? act.f(z) : act.f(z) + k * ((z * z) / (2 * beta) + beta / 2 - Math.abs(z))),
    df: (z) => (Math.abs(z) >= beta ? act.df(z) : a + (k * z) / beta),
    // ∂f/∂‖w‖ = k·∂(rounded |z|)/∂β · β/‖w‖
    dNorm: (z) => (Math.abs(z) >= beta ? 0 : k * (0.5 - (z * z) / (2 * beta * beta)) * (beta / norm)),
  };
}

/** The output layer's columns: one per unit, then the constant. */
export function evaluate(p: Problem, theta: Float64Array): Evaluated {
  const N = p.y.length;
  const q = perUnit(p);
  const z = new Float64Array(N * p.width);
  const columns: Float64Array[] = [];
  for (let i = 0; i < p.width; i++) {
    const f = unitActivation(p, theta, i).f;
    const col = new Float64Array(N);
    const b = theta[i * q + p.inputs];
    for (let j = 0; j < N; j++) {
      let s = b;
      for (let k = 0; k < p.inputs; k++) s += theta[i * q + k] * p.X[j * p.inputs + k];
      z[j * p.width + i] = s;
      col[j] = f(s);
    }
    columns.push(col);
  }
  columns.push(new Float64Array(N).fill(1));
  return { theta, z, lsq: boundedLsq(columns, p.y, p.bound) };
}

/** Kaufman's projected Jacobian, one column per inner parameter: (I − P)·∂(Φc)/∂θ (the sign of −∂r/∂θ). */
export function jacobian(p: Problem, e: Evaluated): Float64Array[] {
  const N = p.y.length;
  const q = perUnit(p);
  const out: Float64Array[] = [];
  for (let i = 0; i < p.width; i++) {
    const { df, dNorm } = unitActivation(p, e.theta, i);
    const c = e.lsq.coef[i];
    const slope = new Float64Array(N);
    for (let j = 0; j < N; j++) slope[j] = c * df(e.z[j * p.width + i]);
    // a rounded unit's width along x grows with its weights: ∂β/∂wₖ through ‖w‖
    let norm = 0;
    if (dNorm) for (let k = 0; k < p.inputs; k++) norm += e.theta[i * q + k] ** 2;
    norm = Math.sqrt(norm);
    for (let k = 0; k < q; k++) {
      const col = new Float64Array(N);
      if (k < p.inputs) {
        for (let j = 0; j < N; j++) col[j] = slope[j] * p.X[j * p.inputs + k];
        if (dNorm) for (let j = 0; j < N; j++) col[j] += c * dNorm(e.z[j * p.width + i]) * (e.theta[i * q + k] / norm);
      } else col.set(slope);
      for (const u of e.lsq.basis) {
        let h = 0;
        for (let j = 0; j < N; j++) h += u[j] * col[j];
        for (let j = 0; j < N; j++) col[j] -= h * u[j];
      }
      out.push(col);
    }
  }
  return out;
}

/** Damped steps solved again with each parameter that would leave the box held on its face. */
const BOX_PASSES = 4;

/**
 * θ + δ for (H + λ·D)·δ = g over the free parameters, kept in the box: a parameter the step would
 * carry past the bound is put on it and the rest is solved again with that move accounted for
 * (a clamped step alone would aim where the model no longer holds, and be refused).
 */
function boxedStep(H: Float64Array, m: number, g: Float64Array, lambda: number, maxDiag: number, free: number[], theta: Float64Array, B: number): Float64Array | null {
  const next = Float64Array.from(theta);
  const pinned = new Array<boolean>(m).fill(false);
  const move = new Float64Array(m); // moves of pinned parameters
  for (let pass = 0; pass < BOX_PASSES; pass++) {
    const open = pinned.flatMap((pin, a) => (pin ? [] : [a]));
    const k = open.length;
    if (k === 0) break;
    const A = new Float64Array(k * k);
    const rhs = new Float64Array(k);
    for (const [u, a] of open.entries()) {
      for (const [v, b] of open.entries()) A[u * k + v] = H[a * m + b];
      A[u * k + u] += lambda * (H[a * m + a] + DIAGONAL_FLOOR * maxDiag);
      let s = g[a];
      for (let b = 0; b < m; b++) if (pinned[b]) s -= H[a * m + b] * move[b];
      rhs[u] = s;
    }
    const delta = solveSpd(A, rhs);
    if (!delta) return null;
    let crossed = false;
    for (const [u, a] of open.entries()) {
      const t = theta[free[a]] + delta[u];
      if (Math.abs(t) > B) {
        pinned[a] = true;
        move[a] = Math.sign(t) * B - theta[free[a]];
        crossed = true;
      }
      next[free[a]] = Math.max(-B, Math.min(B, t));
    }
    if (!crossed) break;
  }
  for (let a = 0; a < m; a++) if (pinned[a]) next[free[a]] = theta[free[a]] + move[a];
  return next;
}

export interface Descent {
  best: Evaluated;
  iterations: number;
}

/** Projected Levenberg–Marquardt from θ0 (clamped into the box) for at most `iterations` Jacobians. */
export function descend(p: Problem, theta0: Float64Array, iterations: number): Descent {
  const B = p.bound;
  const theta = theta0.map((v) => Math.max(-B, Math.min(B, v)));
  let cur = evaluate(p, theta);
  let lambda = LAMBDA_START;
  let stalls = 0;
  let it = 0;
  for (; it < iterations; it++) {
    const J = jacobian(p, cur);
    const P = J.length;
    const r = cur.lsq.residual;
    const g = J.map((col) => {
      let s = 0;
      for (let j = 0; j < col.length; j++) s += col[j] * r[j];
      return s;
    });
    // moving θ_i along +g_i lowers the error; on the bound, that may point out of the box
    const free = [];
    for (let i = 0; i < P; i++) {
      const t = cur.theta[i];
      if ((t >= B && g[i] > 0) || (t <= -B && g[i] < 0)) continue;
      free.push(i);
    }
    if (free.length === 0) break;
    const m = free.length;
    const H = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
      const ca = J[free[a]];
      for (let b = 0; b <= a; b++) {
        const cb = J[free[b]];
        let s = 0;
        for (let j = 0; j < ca.length; j++) s += ca[j] * cb[j];
        H[a * m + b] = s;
        H[b * m + a] = s;
      }
    }
    let maxDiag = 0;
    for (let a = 0; a < m; a++) maxDiag = Math.max(maxDiag, H[a * m + a]);
    if (!(maxDiag > 0)) break;
    const gF = Float64Array.from(free, (i) => g[i]);
    let kept = false;
    while (lambda <= LAMBDA_MAX) {
      const next = boxedStep(H, m, gF, lambda, maxDiag, free, cur.theta, B);
      if (next) {
        const trial = evaluate(p, next);
        if (trial.lsq.sse < cur.lsq.sse) {
          const share = (cur.lsq.sse - trial.lsq.sse) / Math.max(cur.lsq.sse, 1e-300);
          stalls = share < STALL_SHARE ? stalls + 1 : 0;
          cur = trial;
          lambda = Math.max(lambda / LAMBDA_DOWN, 1e-15);
          kept = true;
          break;
        }
      }
      lambda *= LAMBDA_UP;
    }
    if (!kept || stalls >= STALL_STEPS) {
      it++;
      break;
    }
  }
  return { best: cur, iterations: it };
}
