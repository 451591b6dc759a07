// Variable projection's inner step: for fixed knots and directions the output weights (c, d) are a
// linear least-squares problem, solved from the measure's O(1) inner products with a ridge just
// big enough for the Cholesky factor to exist.
import { cholesky, cholSolve, forwardSolve } from '../linalg.js';
import type { Measure } from './measure.js';

export interface Layout {
  knots: number[];
  dirs: number[];
}

export interface Solved extends Layout {
  coef: Float64Array; // c₁…cₙ, d
  sse: number;
}

/** A feature α + β·x on the interval [from, to), zero elsewhere. */
export interface Feature {
  from: number;
  to: number;
  alpha: number;
  beta: number;
}

export function featuresOf(sums: Measure, { knots, dirs }: Layout): Feature[] {
  const fs = knots.map((k, i): Feature =>
    dirs[i] > 0 ? { from: sums.above(k), to: sums.end, alpha: -k, beta: 1 } : { from: sums.start, to: sums.below(k), alpha: k, beta: -1 },
  );
  fs.push({ from: sums.start, to: sums.end, alpha: 1, beta: 0 });
  return fs;
}

export interface Projection {
  solved: Solved;
  fs: Feature[];
  chol: Float64Array;
  /** The ridge added to ΦᵀΦ's diagonal before it was factored. */
  ridge: number;
}

/** φᵢᵀφⱼ for two features that are lines on intervals. */
function inner(sums: Measure, fi: Feature, fj: Feature): number {
  const from = Math.max(fi.from, fj.from);
  const to = Math.min(fi.to, fj.to);
  return fi.alpha * fj.alpha * sums.m0(from, to) + (fi.alpha * fj.beta + fi.beta * fj.alpha) * sums.m1(from, to) + fi.beta * fj.beta * sums.m2(from, to);
}

/** φᵀy for a feature that is a line on an interval. */
const innerY = (sums: Measure, f: Feature): number => f.alpha * sums.my(f.from, f.to) + f.beta * sums.mxy(f.from, f.to);

/** ΦᵀΦ (row-major) and Φᵀy for features that are lines on intervals. */
export function gram(sums: Measure, fs: Feature[]): { g: Float64Array; rhs: Float64Array } {
  const p = fs.length;
  const g = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    rhs[i] = innerY(sums, fs[i]);
    for (let j = 0; j <= i; j++) {
      const v = inner(sums, fs[i], fs[j]);
      g[i * p + j] = v;
      g[j * p + i] = v;
    }
  }
  return { g, rhs };
}

/**
 * Where one more unit beside `layout` lowers the least-squares error most, over the candidate knots
 * and both directions, and that error. The layout's Gram matrix is factored once; each candidate
 * then costs one forward solve (its column's Schur complement), not a factorisation of its own.
 */
export function bestInsertion(sums: Measure, layout: Layout, candidates: number[]): { knot: number; dir: number; sse: number } {
  const fs = featuresOf(sums, layout);
  const p = fs.length;
  const { g, rhs } = gram(sums, fs);
  const { chol } = ridgeFactor(g, p);
  const z = forwardSolve(chol, p, rhs);
  let base = sums.yy;
  for (let i = 0; i < p; i++) base -= z[i] * z[i];
  let best = { knot: candidates[0], dir: 1, sse: Infinity };
  const cross = new Float64Array(p);
  for (const knot of candidates) {
    for (const dir of [-1, 1]) {
      const f = featuresOf(sums, { knots: [knot], dirs: [dir] })[0];
      for (let i = 0; i < p; i++) cross[i] = inner(sums, f, fs[i]);
      const w = forwardSolve(chol, p, cross);
      let schur = inner(sums, f, f);
      let gain = innerY(sums, f);
      for (let i = 0; i < p; i++) {
        schur -= w[i] * w[i];
        gain -= w[i] * z[i];
      }
      // a column (nearly) in the layout's span adds nothing
      const sse = Math.max(0, schur > 1e-12 * inner(sums, f, f) ? base - (gain * gain) / schur : base);
      if (sse < best.sse) best = { knot, dir, sse };
    }
  }
  return best;
}

/** The Cholesky factor of g after a ridge just big enough for it to exist (g is changed in place); the ridge is returned. */
export function ridgeFactor(g: Float64Array, p: number): { chol: Float64Array; ridge: number } {
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

/**
 * A factor of ΦᵀΦ + ridge·I whose every pivot² exceeds the ridge this many times gives the least
 * squares of ΦᵀΦ itself: the ridge shrinks the solution along a pivot's direction by about
 * ridge/pivot², and raises the error by the square of that (under 1e-8 of that direction's
 * share). Below it (two units closer than a grid cell or so: twins) the ridge shapes the solution.
 * A unit near the end of the data has a small pivot too, but far above this.
 */
export const RIDGE_NEGLIGIBLE = 1e4;

/** Scratch for layoutSse, grown to the widest layout seen: the pattern search calls it thousands of times. */
let scratch = { p: 0, from: new Float64Array(0), to: new Float64Array(0), alpha: new Float64Array(0), beta: new Float64Array(0), g: new Float64Array(0), rhs: new Float64Array(0), z: new Float64Array(0) };

/**
 * The least-squares SSE of a layout alone, by project's formula: yᵀy − zᵀz − ridge·|c|² with
 * L·z = Φᵀy and Lᵀ·c = z. About half project's time (scratch arrays, the forward solve fused into
 * the factorisation, no coefficient array), agreeing with it to round-off on every layout, twins
 * included; for the pattern search, which compares thousands of layouts by their error.
 */
export function layoutSse(sums: Measure, { knots, dirs }: Layout): number {
  const n = knots.length;
  const p = n + 1;
  if (scratch.p < p) scratch = { p, from: new Float64Array(p), to: new Float64Array(p), alpha: new Float64Array(p), beta: new Float64Array(p), g: new Float64Array(p * p), rhs: new Float64Array(p), z: new Float64Array(p) };
  const { from, to, alpha, beta, g, rhs, z } = scratch;
  for (let i = 0; i < n; i++) {
    const k = knots[i];
    const right = dirs[i] > 0;
    from[i] = right ? sums.above(k) : sums.start;
    to[i] = right ? sums.end : sums.below(k);
    alpha[i] = right ? -k : k;
    beta[i] = right ? 1 : -1;
  }
  [from[n], to[n], alpha[n], beta[n]] = [sums.start, sums.end, 1, 0];
  let maxDiag = 0;
  for (let i = 0; i < p; i++) {
    const [fi, ti, ai, bi] = [from[i], to[i], alpha[i], beta[i]];
    rhs[i] = ai * sums.my(fi, ti) + bi * sums.mxy(fi, ti);
    for (let j = 0; j <= i; j++) {
      const f = Math.max(fi, from[j]);
      const t = Math.min(ti, to[j]);
      g[i * p + j] = ai * alpha[j] * sums.m0(f, t) + (ai * beta[j] + bi * alpha[j]) * sums.m1(f, t) + bi * beta[j] * sums.m2(f, t);
    }
    maxDiag = Math.max(maxDiag, g[i * p + i]);
  }
  // Cholesky of the lower triangle in place (row by row), with the same ridge project starts from
  const ridge = 1e-13 * maxDiag;
  let zz = 0;
  for (let i = 0; i < p; i++) {
    const ri = i * p;
    for (let j = 0; j < i; j++) {
      const rj = j * p;
      let s = g[ri + j];
      for (let k = 0; k < j; k++) s -= g[ri + k] * g[rj + k];
      g[ri + j] = s / g[rj + j];
    }
    let s = g[ri + i] + ridge;
    for (let k = 0; k < i; k++) s -= g[ri + k] * g[ri + k];
    if (!(s > 0)) return project(sums, { knots, dirs }).solved.sse; // project raises the ridge until a factor exists
    g[ri + i] = Math.sqrt(s);
    let r = rhs[i];
    for (let k = 0; k < i; k++) r -= g[ri + k] * z[k];
    z[i] = r / g[ri + i];
    zz += z[i] * z[i];
  }
  // yᵀy − zᵀz is the ridge's objective (the error plus ridge·|c|²); the error alone, as project
  // gives it, takes ridge·|c|² back out (c from Lᵀ·c = z): on twins, whose c are large, that term is not small
  let cc = 0;
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= g[k * p + i] * z[k];
    z[i] = s / g[i * p + i]; // z[k > i] already hold c
    cc += z[i] * z[i];
  }
  return Math.max(0, sums.yy - zz - ridge * cc);
}

/** Least squares for (c, d) with the knots and directions fixed. A tiny ridge keeps dead or coincident units solvable (their weight goes to 0). */
export function project(sums: Measure, layout: Layout): Projection {
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
  return { solved: { knots: layout.knots, dirs: layout.dirs, coef, sse }, fs, chol, ridge };
}
