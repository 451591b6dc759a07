// Moving the knots with the directions fixed: damped Newton on the projected error (descend), a
// pattern search that walks off the grid's ripples where Newton stalls (polish), and hops of
// blocks of knots into a neighbouring ripple's basin (hop).
import { cholesky, cholSolve, forwardSolve } from '../linalg.js';
import type { Measure } from './measure.js';
import { project, layoutSse, type Layout, type Solved } from './projection.js';

/**
 * Newton's method with Levenberg damping on the knots (directions fixed), knots kept in [lo, hi].
 * The Hessian is the projected Gauss–Newton one plus, on a smooth measure, the curvature −cᵢ·r(kᵢ)
 * a knot gets from the residual where it sits (∂²relu(s(x − k))/∂k² is a point mass at k). The
 * residual of a best fit is not small, so without that term the steps converge only linearly.
 */
export function descend(sums: Measure, start: Layout, domain: readonly [number, number], maxIter = 100): Solved {
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
export function polish(sums: Measure, points: number, start: Solved, domain: readonly [number, number], evaluations: number): Solved {
  const [lo, hi] = domain;
  const spacing = (hi - lo) / Math.max(1, points - 1);
  const clamp = (k: number) => Math.min(hi, Math.max(lo, k));
  let best = start;
  let budget = evaluations; // enough to walk off ripples, bounded for width 32
  // the walk compares layouts by their error alone (layoutSse), and solves for the coefficients once it ends
  let knotsNow = best.knots;
  let score = layoutSse(sums, best);
  const attempt = (knots: number[]) => {
    if (budget-- <= 0) return false;
    const trial = layoutSse(sums, { knots, dirs: best.dirs });
    if (trial < score) {
      [knotsNow, score] = [knots, trial];
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
        improved = attempt(knotsNow.map((k) => clamp(centre + (k - centre) * (1 + (sign * step) / span)))) || improved;
        improved = attempt(knotsNow.map((k) => clamp(k + sign * step))) || improved;
      }
      // one knot, and every block of neighbouring knots from either end, shifted together
      const order = knotsNow.map((k, i) => [k, i]).sort((p, q) => p[0] - q[0]).map(([, i]) => i);
      const n = order.length;
      for (let len = 1; len <= n; len++) {
        const blocks = len === 1 ? order.map((i) => [i]) : len < n ? [order.slice(0, len), order.slice(n - len)] : [];
        for (const block of blocks) {
          for (const sign of [1, -1]) {
            const knots = knotsNow.slice();
            for (const i of block) knots[i] = clamp(knots[i] + sign * step);
            improved = attempt(knots) || improved;
          }
        }
      }
      if (!improved) step /= 2;
      if (budget <= 0) break;
    }
    if (knotsNow !== best.knots) {
      const walked = project(sums, { knots: knotsNow, dirs: best.dirs }).solved;
      if (walked.sse < best.sse) best = walked;
    }
    best = descend(sums, best, domain);
    [knotsNow, score] = [best.knots, layoutSse(sums, best)];
    if (!(best.sse < before * (1 - 1e-12))) break;
  }
  return best;
}

/** Hops of a block of knots, in grid spacings: half a cell, one, two. */
const HOP_SPACINGS = [0.5, 1, 2];
/** Inner blocks hop one spacing: as low at every width 1–32 on 200 and 1000 points as all three, at about half the cost. */
const INNER_HOP_SPACINGS = [1];
/**
 * One Newton step screens each hop (the error where a hop lands, before any step, ranked the right
 * hop too low: x³ at width 20 on 200 points ended 1.5% higher), and the best two screened descend
 * to the bottom: as good as descending every hop at widths 1–32 on 200 points, at a quarter of the cost.
 */
const HOP_SCREEN_STEPS = 1;
const HOP_DESCENDED = 2;
/** Rounds of hops (each followed by a short polish) while they gain. */
const HOP_ROUNDS = 4;
/** A hop must lower the error by this share to count: below it, round-off. */
const HOP_GAIN = 1e-9;
/**
 * Widest layout whose inner blocks hop too: the sweeps' widths. Their number grows as n², each
 * screen as n³: all widths 1–48 of sin on 1000 points took 470 s with them (three spacings each), 77 s
 * without.
 */
const INNER_HOPS_MAX_WIDTH = 32;
/** The pattern search's budget after a hop that gained. */
const HOP_POLISH_EVALUATIONS = 300;

/**
 * On a coarse grid the error has a basin per ripple: a block of same-facing knots a grid cell off
 * the best one sits in a basin of its own, and a pattern step of the block lands on its rim, higher
 * than where it started, so polish never takes it. Each block of neighbouring knots from either end
 * (and all of them) is moved by ±HOP_SPACINGS grid spacings and then Newton descends (a basin
 * hop); the best that gains is polished, and the hops run again. x² at width 9 on 200 points:
 * five knots one cell outward lower the error by 0.12%; sin and x³ from width 5 on by up to 2.9%.
 * Then the same with the blocks inside (neither end): x³ at width 13 on 200 points has its five
 * knots after the leftmost one cell off (0.15 %), at width 28 1.8 %. The inner blocks come second
 * so they can only lower what the end blocks reach (hopping both at once, sin at width 12 ended
 * 0.03 % higher); up to INNER_HOPS_MAX_WIDTH.
 */
export function hop(sums: Measure, points: number, start: Solved, domain: readonly [number, number]): Solved {
  const atEnd = (at: number, len: number, n: number) => at === 0 || at + len === n;
  const fromEnds = hopRounds(sums, points, start, domain, atEnd, HOP_SPACINGS);
  if (start.knots.length > INNER_HOPS_MAX_WIDTH) return fromEnds;
  return hopRounds(sums, points, fromEnds, domain, (at, len, n) => !atEnd(at, len, n), INNER_HOP_SPACINGS);
}

/** Rounds of hops by ±`spacings` grid spacings of the blocks (sorted knots at..at+len−1) that `blocks` admits, while they gain. */
function hopRounds(
  sums: Measure,
  points: number,
  start: Solved,
  domain: readonly [number, number],
  blocks: (at: number, len: number, n: number) => boolean,
  spacings: readonly number[],
): Solved {
  const [lo, hi] = domain;
  const spacing = (hi - lo) / Math.max(1, points - 1);
  const clamp = (k: number) => Math.min(hi, Math.max(lo, k));
  let best = start;
  for (let round = 0; round < HOP_ROUNDS; round++) {
    const n = best.knots.length;
    const order = best.knots.map((k, i) => [k, i]).sort((p, q) => p[0] - q[0]).map(([, i]) => i);
    // every hop screened by HOP_SCREEN_STEPS Newton steps, the most promising descended to the bottom
    const screened: Solved[] = [];
    for (let len = 1; len <= n; len++) {
      for (let at = 0; at + len <= n; at++) {
        if (!blocks(at, len, n)) continue;
        for (const sign of [1, -1]) {
          for (const cells of spacings) {
            const knots = best.knots.slice();
            for (const i of order.slice(at, at + len)) knots[i] = clamp(knots[i] + sign * cells * spacing);
            screened.push(descend(sums, { knots, dirs: best.dirs }, domain, HOP_SCREEN_STEPS));
          }
        }
      }
    }
    screened.sort((p, q) => p.sse - q.sse);
    let landed = best;
    for (const s of screened.slice(0, HOP_DESCENDED)) {
      const tried = descend(sums, s, domain);
      if (tried.sse < landed.sse * (1 - HOP_GAIN)) landed = tried;
    }
    if (landed === best) break;
    best = polish(sums, points, landed, domain, HOP_POLISH_EVALUATIONS);
  }
  return best;
}
