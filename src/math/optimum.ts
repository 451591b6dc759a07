// The lowest MSE any width-n network y = d + Σ cᵢ·relu(aᵢx + bᵢ) reaches on a grid, and a network
// that reaches it. Pure: no TF.js, no I/O.
//
// Scaling a unit by |aᵢ| changes nothing (cᵢ absorbs it), so a network is its knots kᵢ, directions
// sᵢ = ±1 and output weights (c, d). For fixed knots and directions (c, d) is a linear least-squares
// problem; over the knots we run Newton's method on the projected residual (variable projection).
// Every feature relu(s(x − k)) is a line on an interval of the sorted grid, so with prefix sums of
// 1, x, x², y, xy every inner product costs O(1): one evaluation is O(n³), not O(N·n²).
// The search restarts from several layouts (evenly spread, symmetric, the previous width's optimum
// plus one unit, random) and then searches the directions. Directions matter: with n units the
// slopes at the two ends must split between left- and right-facing units, so not every spline with
// n knots is reachable; the search works in the network's own parametrisation.
import type { Network } from './hinges.js';
import { predict } from './hinges.js';
import { metrics } from './compare.js';
import { rng, uniform } from './rng.js';
import { curvatureKnots } from './init.js';
import { cholesky, cholSolve, forwardSolve } from './linalg.js';

export interface Optimum {
  hidden: number;
  mse: number;
  maxAbsError: number;
  network: Network;
}

interface Layout {
  knots: number[];
  dirs: number[];
}

interface Solved extends Layout {
  coef: Float64Array; // c₁…cₙ, d
  sse: number;
}

/**
 * The inner products the least squares needs, for features that are lines on an interval.
 * Intervals are [from, to) in the measure's own coordinates: grid indices for the sample grid,
 * x itself for the continuous version. m0, m1, m2 integrate 1, x, x²; my, mxy integrate y, x·y.
 */
interface Measure {
  start: number;
  end: number;
  yy: number;
  /** The interval where x > k (right-facing unit) starts ... */
  above(k: number): number;
  /** ... and where x < k (left-facing unit) ends. */
  below(k: number): number;
  m0(i: number, j: number): number;
  m1(i: number, j: number): number;
  m2(i: number, j: number): number;
  my(i: number, j: number): number;
  mxy(i: number, j: number): number;
  /**
   * Weight of the point k in the measure (points per unit length), 0 where single points carry
   * none. With it Newton's method sees the curvature a knot gets from the residual at the knot.
   */
  density(k: number): number;
  /** The target at k (only asked where density(k) > 0). */
  yAt(k: number): number;
}

const over = (p: Float64Array, i: number, j: number) => (j > i ? p[j] - p[i] : 0);

/** Sums over the sample grid: prefix sums, so a sum over an index interval costs O(1). This is the objective. */
class GridSums implements Measure {
  readonly start = 0;
  readonly end: number;
  readonly yy: number;
  private s0: Float64Array;
  private s1: Float64Array;
  private s2: Float64Array;
  private sy: Float64Array;
  private sxy: Float64Array;
  constructor(private xs: Float64Array, ys: Float64Array) {
    const n = (this.end = xs.length);
    this.s0 = new Float64Array(n + 1);
    this.s1 = new Float64Array(n + 1);
    this.s2 = new Float64Array(n + 1);
    this.sy = new Float64Array(n + 1);
    this.sxy = new Float64Array(n + 1);
    let yy = 0;
    for (let j = 0; j < n; j++) {
      const x = xs[j];
      const y = ys[j];
      this.s0[j + 1] = this.s0[j] + 1;
      this.s1[j + 1] = this.s1[j] + x;
      this.s2[j + 1] = this.s2[j] + x * x;
      this.sy[j + 1] = this.sy[j] + y;
      this.sxy[j + 1] = this.sxy[j] + x * y;
      yy += y * y;
    }
    this.yy = yy;
  }
  /** First index with x > k (or x ≥ k with `orEqual`). */
  private search(k: number, orEqual: boolean): number {
    let lo = 0;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.xs[mid] > k || (orEqual && this.xs[mid] === k)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  above(k: number): number {
    return this.search(k, false);
  }
  below(k: number): number {
    return this.search(k, true);
  }
  m0(i: number, j: number): number {
    return over(this.s0, i, j);
  }
  m1(i: number, j: number): number {
    return over(this.s1, i, j);
  }
  m2(i: number, j: number): number {
    return over(this.s2, i, j);
  }
  my(i: number, j: number): number {
    return over(this.sy, i, j);
  }
  mxy(i: number, j: number): number {
    return over(this.sxy, i, j);
  }
  /** On the grid the error is smooth between grid points: no point mass at a knot. */
  density(): number {
    return 0;
  }
  yAt(): number {
    return NaN;
  }
}

/**
 * Integrals over the domain against the samples joined by straight lines, scaled to grid units
 * (× N / (hi − lo)). The same problem without the grid's ripples: its error is smooth in the
 * knots, so Newton's method glides where on the grid it stalls a cell short. Used to find the
 * layout; the grid objective then has the last word.
 */
class LineSums implements Measure {
  readonly start: number;
  readonly end: number;
  readonly yy: number;
  private c0: Float64Array; // ∫ from xs[0] to xs[j] of ŷ
  private c1: Float64Array; // ∫ from xs[0] to xs[j] of x·ŷ
  private scale: number;
  constructor(private xs: Float64Array, private ys: Float64Array) {
    const n = xs.length;
    this.start = xs[0];
    this.end = xs[n - 1];
    this.scale = n / (this.end - this.start);
    this.c0 = new Float64Array(n);
    this.c1 = new Float64Array(n);
    let yy = 0;
    for (let j = 0; j + 1 < n; j++) {
      const [a, b] = [xs[j], xs[j + 1]];
      this.c0[j + 1] = this.c0[j] + this.cell(j, b, 0);
      this.c1[j + 1] = this.c1[j] + this.cell(j, b, 1);
      const [ya, yb] = [ys[j], ys[j + 1]];
      yy += ((b - a) * (ya * ya + ya * yb + yb * yb)) / 3;
    }
    this.yy = yy * this.scale;
  }
  /** ∫ from xs[j] to t of x^m·ŷ(x) dx, t inside cell j. */
  private cell(j: number, t: number, m: 0 | 1): number {
    const a = this.xs[j];
    const slope = (this.ys[j + 1] - this.ys[j]) / (this.xs[j + 1] - a);
    const c = this.ys[j] - slope * a; // ŷ = c + slope·x on the cell
    return m === 0 ? c * (t - a) + (slope * (t * t - a * a)) / 2 : (c * (t * t - a * a)) / 2 + (slope * (t * t * t - a * a * a)) / 3;
  }
  /** The cell holding t: xs[j] ≤ t < xs[j + 1] (the last cell for t = end). */
  private cellOf(t: number): number {
    let lo = 0;
    let hi = this.xs.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.xs[mid] <= t) lo = mid;
      else hi = mid;
    }
    return lo;
  }
  /** ∫ from xs[0] to t of x^m·ŷ. */
  private F(t: number, m: 0 | 1): number {
    if (t <= this.start) return 0;
    const j = this.cellOf(t);
    return (m === 0 ? this.c0 : this.c1)[j] + this.cell(j, Math.min(t, this.end), m);
  }
  density(k: number): number {
    return k > this.start && k < this.end ? this.scale : 0;
  }
  yAt(k: number): number {
    const j = this.cellOf(k);
    const [a, b] = [this.xs[j], this.xs[j + 1]];
    return this.ys[j] + ((this.ys[j + 1] - this.ys[j]) * (k - a)) / (b - a);
  }
  above(k: number): number {
    return Math.min(this.end, Math.max(this.start, k));
  }
  below(k: number): number {
    return Math.min(this.end, Math.max(this.start, k));
  }
  m0(a: number, b: number): number {
    return b > a ? (b - a) * this.scale : 0;
  }
  m1(a: number, b: number): number {
    return b > a ? ((b * b - a * a) / 2) * this.scale : 0;
  }
  m2(a: number, b: number): number {
    return b > a ? ((b * b * b - a * a * a) / 3) * this.scale : 0;
  }
  my(a: number, b: number): number {
    return b > a ? (this.F(b, 0) - this.F(a, 0)) * this.scale : 0;
  }
  mxy(a: number, b: number): number {
    return b > a ? (this.F(b, 1) - this.F(a, 1)) * this.scale : 0;
  }
}

/** A feature α + β·x on the interval [from, to), zero elsewhere. */
interface Feature {
  from: number;
  to: number;
  alpha: number;
  beta: number;
}

function featuresOf(sums: Measure, { knots, dirs }: Layout): Feature[] {
  const fs = knots.map((k, i): Feature =>
    dirs[i] > 0 ? { from: sums.above(k), to: sums.end, alpha: -k, beta: 1 } : { from: sums.start, to: sums.below(k), alpha: k, beta: -1 },
  );
  fs.push({ from: sums.start, to: sums.end, alpha: 1, beta: 0 });
  return fs;
}

interface Projection {
  solved: Solved;
  fs: Feature[];
  chol: Float64Array;
}

/** ΦᵀΦ (row-major) and Φᵀy for features that are lines on intervals. */
function gram(sums: Measure, fs: Feature[]): { g: Float64Array; rhs: Float64Array } {
  const p = fs.length;
  const g = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    const fi = fs[i];
    rhs[i] = fi.alpha * sums.my(fi.from, fi.to) + fi.beta * sums.mxy(fi.from, fi.to);
    for (let j = 0; j <= i; j++) {
      const fj = fs[j];
      const from = Math.max(fi.from, fj.from);
      const to = Math.min(fi.to, fj.to);
      const s0 = sums.m0(from, to);
      const s1 = sums.m1(from, to);
      const s2 = sums.m2(from, to);
      const v = fi.alpha * fj.alpha * s0 + (fi.alpha * fj.beta + fi.beta * fj.alpha) * s1 + fi.beta * fj.beta * s2;
      g[i * p + j] = v;
      g[j * p + i] = v;
    }
  }
  return { g, rhs };
}

/** The Cholesky factor of g after a ridge just big enough for it to exist (g is changed in place); the ridge is returned. */
function ridgeFactor(g: Float64Array, p: number): { chol: Float64Array; ridge: number } {
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, g[i * p + i]);
  let ridge = 1e-13 * maxDiag;
  for (let i = 0; i < p; i++) g[i * p + i] += ridge;
  let chol = cholesky(g, p);
  for (let boost = 1e-10; !chol; boost *= 100) {
    for (let i = 0; i < p; i++) g[i * p + i] += boost * maxDiag;
    ridge += boost * maxDiag;
    chol = cholesky(g, p);
  }
  return { chol, ridge };
}

/** Least squares for (c, d) with the knots and directions fixed. A tiny ridge keeps dead or coincident units solvable (their weight goes to 0). */
function project(sums: Measure, layout: Layout): Projection {
  const fs = featuresOf(sums, layout);
  const p = fs.length;
  const { g, rhs } = gram(sums, fs);
  const { chol, ridge } = ridgeFactor(g, p);
  const coef = cholSolve(chol, p, rhs);
  // SSE = yᵀy − 2·coefᵀΦᵀy + coefᵀGcoef, exact for any coef (the ridge term is taken back out).
  let quad = 0;
  let lin = 0;
  for (let i = 0; i < p; i++) {
    lin += coef[i] * rhs[i];
    let row = 0;
    for (let j = 0; j < p; j++) row += g[i * p + j] * coef[j];
    quad += coef[i] * (row - ridge * coef[i]);
  }
  const sse = Math.max(0, sums.yy - 2 * lin + quad);
  return { solved: { knots: layout.knots, dirs: layout.dirs, coef, sse }, fs, chol };
}

/**
 * Newton's method with Levenberg damping on the knots (directions fixed), knots kept in [lo, hi].
 * The Hessian is the projected Gauss–Newton one plus, on a smooth measure, the curvature −cᵢ·r(kᵢ)
 * a knot gets from the residual where it sits (∂²relu(s(x − k))/∂k² is a point mass at k). The
 * residual of a best fit is not small, so without that term the steps converge only linearly.
 */
function descend(sums: Measure, start: Layout, domain: readonly [number, number], maxIter = 100): Solved {
  const [lo, hi] = domain;
  const n = start.knots.length;
  let cur = project(sums, { knots: start.knots.map((k) => Math.min(hi, Math.max(lo, k))), dirs: start.dirs });
  let lambda = 1e-3;
  for (let iter = 0; iter < maxIter && n > 0; iter++) {
    const { solved, fs, chol } = cur;
    const p = n + 1;
    // Derivative of the fit with respect to knot i: u_i = −cᵢ·sᵢ on unit i's active interval.
    // Projected (Kaufman) Jacobian J = (I − Φ(ΦᵀΦ)⁻¹Φᵀ)U; the residual is already ⊥ Φ, so Jᵀr = Uᵀr,
    // and JᵀJ = UᵀU − (L⁻¹ΦᵀU)ᵀ(L⁻¹ΦᵀU) with ΦᵀΦ = LLᵀ.
    const u = fs.slice(0, n).map((f, i) => ({ from: f.from, to: f.to, h: -solved.coef[i] * solved.dirs[i] }));
    const phiU: Float64Array[] = u.map((ui) => {
      const col = new Float64Array(p);
      for (let q = 0; q < p; q++) {
        const f = fs[q];
        const from = Math.max(f.from, ui.from);
        const to = Math.min(f.to, ui.to);
        col[q] = ui.h * (f.alpha * sums.m0(from, to) + f.beta * sums.m1(from, to));
      }
      return col;
    });
    const w = phiU.map((col) => forwardSolve(chol, p, col));
    const jtj = new Float64Array(n * n);
    const jtr = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ui = u[i];
      // Σ r over the interval = Σ y − Σ fit, the fit's sum from the features' sums.
      // Φᵀu_i holds h_i·Σ φ_q over the interval, so Σ fit = coef·Φᵀu_i / h_i.
      let fitSum = 0;
      for (let q = 0; q < p; q++) fitSum += solved.coef[q] * phiU[i][q];
      jtr[i] = ui.h * sums.my(ui.from, ui.to) - fitSum;
      for (let j = 0; j <= i; j++) {
        const uj = u[j];
        let v = ui.h * uj.h * sums.m0(Math.max(ui.from, uj.from), Math.min(ui.to, uj.to));
        const wi = w[i];
        const wj = w[j];
        for (let q = 0; q < p; q++) v -= wi[q] * wj[q];
        jtj[i * n + j] = v;
        jtj[j * n + i] = v;
      }
    }
    // Damping is scaled by the Gauss–Newton diagonal (always ≥ 0); the Hessian adds the knot term to JᵀJ.
    const gnDiag = Float64Array.from({ length: n }, (_, i) => jtj[i * n + i]);
    const hess = jtj;
    for (let i = 0; i < n; i++) {
      const k = solved.knots[i];
      const weight = sums.density(k);
      if (weight === 0) continue;
      let fit = solved.coef[n];
      for (let q = 0; q < n; q++) fit += solved.coef[q] * Math.max(0, solved.dirs[q] * (k - solved.knots[q]));
      hess[i * n + i] -= weight * solved.coef[i] * (sums.yAt(k) - fit);
    }
    let scale = 0;
    for (let i = 0; i < n; i++) scale = Math.max(scale, gnDiag[i]);
    let improved = false;
    for (let attempt = 0; attempt < 12; attempt++) {
      const a = Float64Array.from(hess);
      for (let i = 0; i < n; i++) a[i * n + i] += lambda * Math.max(gnDiag[i], 1e-12 * scale, 1e-300);
      const l = cholesky(a, n);
      if (!l) {
        lambda *= 10;
        continue;
      }
      // The error is smallest near Hδ = Jᵀr (sign: the fit moves by Jδ).
      const delta = cholSolve(l, n, jtr);
      const knots = solved.knots.map((k, i) => Math.min(hi, Math.max(lo, k + delta[i])));
      const trial = project(sums, { knots, dirs: solved.dirs });
      if (trial.solved.sse < solved.sse) {
        const gain = solved.sse - trial.solved.sse;
        cur = trial;
        lambda = Math.max(lambda / 3, 1e-9);
        improved = gain > 1e-7 * solved.sse;
        break;
      }
      lambda *= 4;
    }
    if (!improved) break;
  }
  return cur.solved;
}

/**
 * The error is piecewise smooth in the knots (its gradient jumps as a knot crosses a grid point),
 * so Newton's method can stop on a ripple a grid cell or so short of the bottom. A pattern search
 * walks off such ripples: it moves one knot, a block of neighbouring knots from either end, or all
 * knots together (stretching the layout about its centre, or shifting it), by ±step, halving the step when nothing helps; then
 * Newton again.
 */
function polish(sums: Measure, points: number, start: Solved, domain: readonly [number, number], evaluations = 3000): Solved {
  const [lo, hi] = domain;
  const spacing = (hi - lo) / Math.max(1, points - 1);
  const clamp = (k: number) => Math.min(hi, Math.max(lo, k));
  let best = start;
  let budget = evaluations; // enough to walk off ripples, bounded for width 32
  const attempt = (knots: number[]) => {
    if (budget-- <= 0) return false;
    const trial = project(sums, { knots, dirs: best.dirs }).solved;
    if (trial.sse < best.sse) {
      best = trial;
      return true;
    }
    return false;
  };
  for (let round = 0; round < 4; round++) {
    const before = best.sse;
    for (let step = 2 * spacing; step > 1e-2 * spacing; ) {
      let improved = false;
      const centre = (lo + hi) / 2;
      const span = Math.max(1e-12, (hi - lo) / 2);
      for (const sign of [1, -1]) {
        improved = attempt(best.knots.map((k) => clamp(centre + (k - centre) * (1 + (sign * step) / span)))) || improved;
        improved = attempt(best.knots.map((k) => clamp(k + sign * step))) || improved;
      }
      // one knot, and every block of neighbouring knots from either end, shifted together
      const order = best.knots.map((k, i) => [k, i]).sort((p, q) => p[0] - q[0]).map(([, i]) => i);
      const n = order.length;
      for (let len = 1; len <= n; len++) {
        const blocks = len === 1 ? order.map((i) => [i]) : len < n ? [order.slice(0, len), order.slice(n - len)] : [];
        for (const block of blocks) {
          for (const sign of [1, -1]) {
            const knots = best.knots.slice();
            for (const i of block) knots[i] = clamp(knots[i] + sign * step);
            improved = attempt(knots) || improved;
          }
        }
      }
      if (!improved) step /= 2;
      if (budget <= 0) break;
    }
    best = descend(sums, best, domain);
    if (!(best.sse < before * (1 - 1e-12))) break;
  }
  return best;
}

/**
 * Direction patterns for fixed knots, best first, scored without a solve each. In the basis
 * 1, x, relu(x − kᵢ) a network is a spline whose coefficients θ obey one equation: a left-facing
 * unit is relu(x − k) − (x − k), so θₓ + Σ_{i left} θᵢ = 0. The best constrained fit costs
 * (aᵀθ*)² / (aᵀG⁻¹a) more than the free one (θ* the free fit, G its Gram matrix, a = eₓ + Σ_{left} eᵢ),
 * so a pattern is a subset sum: the left-facing units' slope changes must cancel the left-end
 * slope. Local search with single and paired flips from many random patterns (plus the current
 * one), each flip priced in O(n).
 */
function directionPatterns(sums: Measure, knots: number[], current: number[], seed: number, tries: number, keep: number): { dirs: number[]; sse: number }[] {
  const n = knots.length;
  // relu(x − kᵢ) for every unit, then x, then the constant
  const fs = featuresOf(sums, { knots, dirs: knots.map(() => 1) });
  fs.splice(n, 0, { from: sums.start, to: sums.end, alpha: 0, beta: 1 });
  const p = n + 2;
  const { g, rhs } = gram(sums, fs);
  const { chol, ridge } = ridgeFactor(g, p);
  const theta = cholSolve(chol, p, rhs);
  // the free fit's SSE: θ solves (G + ridge)θ = Φᵀy, so θᵀGθ = θᵀΦᵀy − ridge·|θ|²
  let free = sums.yy;
  for (let i = 0; i < p; i++) free -= theta[i] * rhs[i] + ridge * theta[i] * theta[i];
  const inv: Float64Array[] = [];
  for (let i = 0; i <= n; i++) {
    const e = new Float64Array(p);
    e[i] = 1;
    inv.push(cholSolve(chol, p, e)); // rows 0..n of G⁻¹ (the constant's row is never needed)
  }
  const found = new Map<string, number>();
  const next = rng(seed);
  const left = new Uint8Array(n);
  const rowS = new Float64Array(n); // Σ_{j left} G⁻¹ᵢⱼ
  for (let t = 0; t < tries; t++) {
    let num = theta[n];
    let den = inv[n][n];
    left.fill(0);
    rowS.fill(0);
    // How much den changes when unit i joins (sign +1) or leaves (−1) the left-facing set, given
    // the left-facing row sums: 2G⁻¹ₓᵢ + 2Σ_{j∈S, j≠i} G⁻¹ᵢⱼ + G⁻¹ᵢᵢ.
    const denStep = (i: number, row: number) => (left[i] ? -1 : 1) * (2 * inv[n][i] + 2 * (row - (left[i] ? inv[i][i] : 0)) + inv[i][i]);
    const flip = (i: number) => {
      const sign = left[i] ? -1 : 1;
      num += sign * theta[i];
      den += denStep(i, rowS[i]);
      left[i] ^= 1;
      for (let j = 0; j < n; j++) rowS[j] += sign * inv[j][i];
    };
    // the start: the current pattern first, then random ones, built flip by flip from "all right"
    for (let i = 0; i < n; i++) if (t === 0 ? current[i] < 0 : next() < 0.5) flip(i);
    for (let pass = 0; pass < 4 * n; pass++) {
      // the best single flip, else the best pair (a swap keeps the subset sum's size)
      let move: number[] = [];
      let bestCost = (num * num) / den;
      const consider = (cNum: number, cDen: number, m: number[]) => {
        const cost = (cNum * cNum) / cDen;
        if (cDen > 0 && cost < bestCost * (1 - 1e-12)) {
          bestCost = cost;
          move = m;
        }
      };
      for (let i = 0; i < n; i++) consider(num + (left[i] ? -1 : 1) * theta[i], den + denStep(i, rowS[i]), [i]);
      if (!move.length) {
        for (let i = 0; i < n; i++) {
          const si = left[i] ? -1 : 1;
          const numI = num + si * theta[i];
          const denI = den + denStep(i, rowS[i]);
          for (let j = i + 1; j < n; j++) consider(numI + (left[j] ? -1 : 1) * theta[j], denI + denStep(j, rowS[j] + si * inv[j][i]), [i, j]);
        }
      }
      if (!move.length) break;
      for (const i of move) flip(i);
    }
    found.set(Array.from(left).join(''), (num * num) / den);
  }
  return [...found]
    .sort((p, q) => p[1] - q[1])
    .slice(0, keep)
    .map(([key, extra]) => ({ dirs: Array.from(key, (ch) => (ch === '1' ? -1 : 1)), sse: free + extra }));
}

/**
 * The most promising direction patterns for fixed knots on the grid, with the SSE each would
 * reach: for diagnosis and tests.
 */
export function directionsFor(xs: Float64Array, ys: Float64Array, knots: number[], keep = 8): { dirs: number[]; sse: number }[] {
  return directionPatterns(new GridSums(xs, ys), knots, knots.map(() => 1), 1, 50, keep);
}

/**
 * Search the directions at fixed knots, then move the knots again. Which units face left decides
 * the end slopes (the left-end slope is minus the sum of the left-facing units' slope changes), so
 * good patterns can lie many flips apart: up to 10 units every pattern is scored, beyond that the
 * subset-sum search of directionPatterns proposes a few. The best few get their knots re-optimised.
 */
function redirect(sums: Measure, start: Solved, domain: readonly [number, number]): Solved {
  const n = start.knots.length;
  let best = start;
  for (let round = 0; round < 2; round++) {
    const scored: { dirs: number[]; sse: number }[] = [];
    const score = (dirs: number[]) => scored.push({ dirs, sse: project(sums, { knots: best.knots, dirs }).solved.sse });
    if (n <= 10) {
      for (let mask = 0; mask < 1 << n; mask++) score(best.knots.map((_, i) => ((mask >> i) & 1 ? 1 : -1)));
    } else {
      for (const { dirs } of directionPatterns(sums, best.knots, best.dirs, 7 * n + round, 50, 8)) score(dirs);
    }
    scored.sort((p, q) => p.sse - q.sse);
    const before = best.sse;
    for (const cand of scored.slice(0, 3)) {
      if (cand.dirs.every((d, i) => d === best.dirs[i])) continue;
      const trial = descend(sums, { knots: best.knots.slice(), dirs: cand.dirs }, domain);
      if (trial.sse < best.sse) best = trial;
    }
    if (!(best.sse < before * (1 - 1e-12))) break;
  }
  return best;
}

function networkOf(s: Solved): Network {
  const n = s.knots.length;
  return {
    a: s.dirs.slice(),
    b: s.knots.map((k, i) => -s.dirs[i] * k),
    c: Array.from(s.coef.subarray(0, n)),
    d: s.coef[n],
  };
}

function layoutsFor(n: number, domain: readonly [number, number], previous: Layout | null, seed: number, randomStarts: number, xs: Float64Array, ys: Float64Array): Layout[] {
  const [lo, hi] = domain;
  const mid = (lo + hi) / 2;
  const out: Layout[] = [];
  const curved = curvatureKnots(xs, ys, n);
  // facing outward, the middle unit (odd widths) once each way
  out.push({ knots: curved, dirs: curved.map((k) => (k < mid ? -1 : 1)) });
  out.push({ knots: curved, dirs: curved.map((k) => (k <= mid ? -1 : 1)) });
  out.push({ knots: curved, dirs: curved.map(() => 1) });
  const evenly = Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
  const outward = evenly.map((k) => (k < mid ? -1 : 1));
  out.push({ knots: evenly, dirs: outward });
  out.push({ knots: evenly, dirs: evenly.map((k) => (k <= mid ? -1 : 1)) });
  out.push({ knots: evenly, dirs: evenly.map(() => 1) });
  out.push({ knots: evenly, dirs: evenly.map(() => -1) });
  out.push({ knots: evenly, dirs: evenly.map((_, i) => (i % 2 ? 1 : -1)) });
  // symmetric pairs, as the hand-built sums: one unit facing each way at ±k
  const pairs = Array.from({ length: n }, (_, i) => mid + (Math.floor(i / 2) + 0.5) * ((hi - lo) / (n + 1)) * (i % 2 ? 1 : -1));
  out.push({ knots: pairs, dirs: pairs.map((k) => (k < mid ? -1 : 1)) });
  out.push({ knots: pairs.map(() => mid), dirs: pairs.map((_, i) => (i % 2 ? 1 : -1)) });
  const next = rng(seed);
  if (previous) {
    // the previous width's optimum plus one unit, tried at 4 places facing each way
    for (let t = 0; t < 4; t++) {
      const k = lo + ((t + 0.5) * (hi - lo)) / 4;
      for (const dir of [-1, 1]) out.push({ knots: [...previous.knots, k], dirs: [...previous.dirs, dir] });
    }
  }
  for (let t = 0; t < randomStarts; t++) {
    const knots = Array.from({ length: n }, () => uniform(next, lo, hi));
    out.push({ knots, dirs: knots.map(() => (next() < 0.5 ? -1 : 1)) });
  }
  return out;
}

export interface OptimumOptions {
  /** Random layouts tried at each width besides the structured ones. */
  randomStarts?: number;
  seed?: number;
}

/**
 * The optimum at every width 1..maxHidden, each width seeded with the previous one's solution.
 * Returns them in order of width.
 */
export function optimumCurve(xs: Float64Array, ys: Float64Array, domain: readonly [number, number], maxHidden: number, opts: OptimumOptions = {}): Optimum[] {
  const grid = new GridSums(xs, ys);
  const line = new LineSums(xs, ys);
  const randomStarts = opts.randomStarts ?? 4;
  const out: Optimum[] = [];
  let previous: Solved | null = null;
  for (let n = 1; n <= maxHidden; n++) {
    // Layouts are found on the smooth version of the problem (every start descends, the best
    // four get the direction search); each of those is then finished on the grid itself, where
    // the error is measured, and the best of all gets a longer polish.
    const starts = layoutsFor(n, domain, previous, (opts.seed ?? 0) + n, randomStarts, xs, ys);
    if (previous) starts.push(previous.knots.length ? { knots: [...previous.knots, domain[0]], dirs: [...previous.dirs, -1] } : { knots: [domain[0]], dirs: [-1] });
    const descended = starts.map((layout) => descend(line, layout, domain, 40));
    descended.sort((p, q) => p.sse - q.sse);
    let best: Solved | null = null;
    const smooths = descended.slice(0, 4).map((start) => redirect(line, start, domain)).sort((p, q) => p.sse - q.sse);
    for (const smooth of smooths) {
      // grid ripples move the error by well under 1%: a layout that far behind on the smooth problem never wins
      if (smooth.sse > smooths[0].sse * 1.01) continue;
      const onGrid = polish(grid, xs.length, descend(grid, smooth, domain), domain, 300);
      if (!best || onGrid.sse < best.sse) best = onGrid;
    }
    best = polish(grid, xs.length, best!, domain, 1500);
    // A wider network can always switch a unit off: never report more error than width n − 1.
    if (previous && previous.sse < best.sse) {
      const p: Solved = previous;
      best = project(grid, { knots: [...p.knots, domain[0]], dirs: [...p.dirs, -1] }).solved;
    }
    const b: Solved = best;
    previous = b;
    const network = networkOf(b);
    const m = metrics(ys, predict(network, xs));
    out.push({ hidden: n, mse: m.mse, maxAbsError: m.maxAbsError, network });
  }
  return out;
}

/** The optimum at one width (computed with every smaller width on the way, which seeds it). */
export function optimum(xs: Float64Array, ys: Float64Array, domain: readonly [number, number], hidden: number, opts: OptimumOptions = {}): Optimum {
  return optimumCurve(xs, ys, domain, hidden, opts)[hidden - 1];
}

/** Re-optimise a given network's layout (knots and directions) on the grid: for diagnosis and tests. */
export function refine(xs: Float64Array, ys: Float64Array, domain: readonly [number, number], net: Network): Optimum {
  const sums = new GridSums(xs, ys);
  const start: Layout = { knots: net.a.map((a, i) => -net.b[i] / a), dirs: net.a.map((a) => (a > 0 ? 1 : -1)) };
  const p0 = project(sums, start).solved;
  const best = polish(sums, xs.length, descend(sums, start, domain), domain);
  const network = networkOf(best);
  const m = metrics(ys, predict(network, xs));
  return { hidden: net.a.length, mse: m.mse, maxAbsError: m.maxAbsError, network, start: p0.sse / xs.length } as Optimum & { start: number };
}
