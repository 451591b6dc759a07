// Choosing which way each unit faces for fixed knots: a subset-sum search priced without a solve
// per pattern (directionPatterns), and the step of the optimum search that tries the best
// patterns and moves the knots again (redirect).
import { rng } from '../rng.js';
import { cholSolve } from '../linalg.js';
import type { Measure } from './measure.js';
import { featuresOf, gram, project, ridgeFactor, type Solved } from './projection.js';
import { descend } from './knots.js';

/**
 * Direction patterns for fixed knots, best first, scored without a solve each. In the basis
 * 1, x, relu(x − kᵢ) a network is a spline whose coefficients θ obey one equation: a left-facing
 * unit is relu(x − k) − (x − k), so θₓ + Σ_{i left} θᵢ = 0. The best constrained fit costs
 * (aᵀθ*)² / (aᵀG⁻¹a) more than the free one (θ* the free fit, G its Gram matrix, a = eₓ + Σ_{left} eᵢ),
 * so a pattern is a subset sum: the left-facing units' slope changes must cancel the left-end
 * slope. Local search with single and paired flips from many random patterns (plus the current
 * one), each flip priced in O(n).
 */
export function directionPatterns(sums: Measure, knots: number[], current: number[], seed: number, tries: number, keep: number): { dirs: number[]; sse: number }[] {
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
 * Search the directions at fixed knots, then move the knots again. Which units face left decides
 * the end slopes (the left-end slope is minus the sum of the left-facing units' slope changes), so
 * good patterns can lie many flips apart: up to 10 units every pattern is scored, beyond that the
 * subset-sum search of directionPatterns proposes a few. The best few get their knots re-optimised.
 */
export function redirect(sums: Measure, start: Solved, domain: readonly [number, number]): Solved {
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
