// Which way every unit faces, chosen for all units at once. Pure float64.
//
// Mirroring a unit (z ↦ −z) is a discrete choice LM never crosses. For relu, leaky-relu, softplus,
// gelu and swish, f(−z) = f(z) − z: a mirrored unit keeps its knot and changes the end slopes, so
// good patterns can lie many flips apart (the exact ReLU optimum searches them the same way,
// optimum/directions.ts). At fixed inner weights a pattern is priced without touching the grid:
// the Gram matrix of every unit both ways (2n + 1 columns) is formed once, and a pattern's error
// is yᵀy − bₛᵀGₛ⁻¹bₛ from an (n + 1)² Cholesky factorisation. Up to EVERY_PATTERN_UP_TO units every
// pattern is priced; beyond, a local search of single (and up to width 16 paired) flips from
// several starts: at width 32 a search with paired flips from 17 starts took 1.7 s per call.
import { cholesky, cholSolve } from '../linalg.js';
import { rng } from '../rng.js';
import { perUnit, unitActivation, type Evaluated, type Problem } from './lm.js';

/** Widths up to which all 2ⁿ patterns are priced (2¹² factorisations of 13 × 13: about 0.05 s). */
const EVERY_PATTERN_UP_TO = 12;
/** Random patterns the local search starts from, besides the network's own... */
const SEARCH_STARTS = 8;
/** ...and the widths up to which it tries paired flips where no single one gains (n²/2 factorisations each). */
const PAIRED_FLIPS_UP_TO = 16;
/** Added to the Gram diagonal, relative to its mean: units that nearly coincide still factorise. */
const RIDGE = 1e-12;
/** A pattern must beat the network's own by this share: ties (a symmetric layout turned round) are no move, and the
 * pricing, yᵀy minus the fit, loses about yᵀy/SSE · 1e-16 · cond(G) to cancellation. */
const GAIN = 1e-6;

/** Mirror patterns better than the network's own at its inner weights, best first: bitmasks of the units to mirror. */
export function bestPatterns(p: Problem, e: Evaluated, keep: number, seed: number): number[][] {
  const N = p.y.length;
  const n = p.width;
  // columns: each unit as it is, each unit mirrored (the same rounding, if any: ‖w‖ is unchanged), the constant
  const cols: Float64Array[] = [];
  for (const sign of [1, -1]) {
    for (let i = 0; i < n; i++) {
      const { f } = unitActivation(p, e.theta, i);
      cols.push(Float64Array.from({ length: N }, (_, j) => f(sign * e.z[j * n + i])));
    }
  }
  cols.push(new Float64Array(N).fill(1));
  const m = 2 * n + 1;
  const G = new Float64Array(m * m);
  const b = new Float64Array(m);
  let trace = 0;
  for (let a = 0; a < m; a++) {
    for (let c = 0; c <= a; c++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += cols[a][j] * cols[c][j];
      G[a * m + c] = s;
      G[c * m + a] = s;
    }
    let s = 0;
    for (let j = 0; j < N; j++) s += cols[a][j] * p.y[j];
    b[a] = s;
    trace += G[a * m + a];
  }
  const ridge = (RIDGE * trace) / m;
  let yy = 0;
  for (let j = 0; j < N; j++) yy += p.y[j] * p.y[j];
  const k = n + 1;
  const A = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  const pick = new Int32Array(k);
  const price = (flip: Uint8Array): number => {
    for (let i = 0; i < n; i++) pick[i] = flip[i] ? n + i : i;
    pick[n] = 2 * n;
    for (let u = 0; u < k; u++) {
      for (let v = 0; v < k; v++) A[u * k + v] = G[pick[u] * m + pick[v]];
      A[u * k + u] += ridge;
      rhs[u] = b[pick[u]];
    }
    const L = cholesky(A, k);
    if (!L) return Infinity;
    const x = cholSolve(L, k, rhs);
    let fit = 0;
    for (let u = 0; u < k; u++) fit += x[u] * rhs[u];
    return yy - fit;
  };
  const found = new Map<string, number>();
  const flip = new Uint8Array(n);
  const own = price(flip);
  if (n <= EVERY_PATTERN_UP_TO) {
    for (let mask = 1; mask < 1 << n; mask++) {
      for (let i = 0; i < n; i++) flip[i] = (mask >> i) & 1;
      found.set(flip.join(''), price(flip));
    }
  } else {
    const next = rng(seed);
    for (let t = 0; t <= SEARCH_STARTS; t++) {
      for (let i = 0; i < n; i++) flip[i] = t === 0 ? 0 : next() < 0.5 ? 1 : 0;
      let cost = price(flip);
      for (;;) {
        // the best single flip, else the best pair
        let move: number[] = [];
        let bestCost = cost;
        const consider = (units: number[]) => {
          for (const i of units) flip[i] ^= 1;
          const c = price(flip);
          for (const i of units) flip[i] ^= 1;
          if (c < bestCost * (1 - 1e-12)) [bestCost, move] = [c, units];
        };
        for (let i = 0; i < n; i++) consider([i]);
        if (!move.length && n <= PAIRED_FLIPS_UP_TO) for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) consider([i, j]);
        if (!move.length) break;
        for (const i of move) flip[i] ^= 1;
        cost = bestCost;
      }
      if (flip.some((v) => v)) found.set(flip.join(''), cost);
    }
  }
  return [...found]
    .filter(([, cost]) => cost < own * (1 - GAIN))
    .sort((u, v) => u[1] - v[1])
    .slice(0, keep)
    .map(([key]) => Array.from(key, (ch, i) => (ch === '1' ? i : -1)).filter((i) => i >= 0));
}

/** θ with the listed units mirrored. */
export function mirrored(p: Problem, theta: Float64Array, units: number[]): Float64Array {
  const q = perUnit(p);
  const out = Float64Array.from(theta);
  for (const i of units) for (let k = 0; k < q; k++) out[i * q + k] = -out[i * q + k];
  return out;
}
