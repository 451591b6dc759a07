// The output layer of a best-found network: least squares with every coefficient held in a box
// |c| ≤ B (bounded-variable least squares, the active-set method of Stark & Parker). Pure float64.
// Never normal equations: a unit near its Taylor regime makes nearly dependent columns, and
// squaring their condition number would lose the digits the bound is there to protect. One QR of
// all the columns (Gram–Schmidt twice, Φ = Q·R) turns every sub-problem of the active set into a
// small one, min ‖R_F·x − Qᵀ(y − Φ_A·c_A)‖ (p × p, not N × p), solved by its own small QR. The
// orthonormal basis of the free columns (Q·Q̃_F) is returned too: variable projection needs it.

/** A column whose remainder after orthogonalisation is this small relative to its norm adds nothing new. */
const DEPENDENT_COLUMN = 1e-10;
/** Orthogonalise a column again when one pass left less than this share of its norm. */
const REORTHOGONALISE = 0.5;
/** Gradient components this small (relative to ‖Φ‖·‖y‖) count as zero in the optimality test. */
const KKT_TOLERANCE = 1e-12;

export interface BoundedLsq {
  coef: Float64Array;
  residual: Float64Array;
  /** Σ residual² */
  sse: number;
  /** Orthonormal basis of the span of the free columns (those strictly inside the box). */
  basis: Float64Array[];
  /** Which coefficients sit on the bound. */
  atBound: boolean[];
}

function dot(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
}

interface Qr {
  /** Orthonormal columns (m of them; dependent columns dropped). */
  q: Float64Array[];
  /** m × p, row-major: column j of the input = Σ_i q_i·R[i][j]. */
  r: Float64Array;
  /** Which input columns were kept (their own q exists). */
  kept: boolean[];
}

/** QR by modified Gram–Schmidt with a second pass ("twice is enough"); works for any vector length. */
function qr(columns: ArrayLike<number>[], len: number): Qr {
  const p = columns.length;
  const q: Float64Array[] = [];
  const rows: Float64Array[] = []; // row i of R
  const kept: boolean[] = [];
  for (let j = 0; j < p; j++) {
    const v = Float64Array.from(columns[j]);
    const norm0 = Math.sqrt(dot(v, v));
    const coeff = new Float64Array(q.length);
    // a second pass only when the first cancelled most of the column (Kahan–Parlett's "twice is enough")
    for (let pass = 0, before = norm0; pass < 2; pass++) {
      for (let i = 0; i < q.length; i++) {
        const qi = q[i];
        const h = dot(qi, v);
        coeff[i] += h;
        for (let t = 0; t < len; t++) v[t] -= h * qi[t];
      }
      const after = Math.sqrt(dot(v, v));
      if (after > REORTHOGONALISE * before) break;
      before = after;
    }
    for (let i = 0; i < q.length; i++) rows[i][j] = coeff[i];
    const norm = Math.sqrt(dot(v, v));
    if (norm === 0 || norm <= DEPENDENT_COLUMN * norm0) {
      kept.push(false);
      continue;
    }
    for (let t = 0; t < len; t++) v[t] /= norm;
    const row = new Float64Array(p);
    row[j] = norm;
    rows.push(row);
    q.push(v);
    kept.push(true);
  }
  const r = new Float64Array(q.length * p);
  rows.forEach((row, i) => r.set(row, i * p));
  return { q, r, kept };
}

/** min ‖Σ_{j∈free} x_j·R_j − rhs‖ over the small system; dropped (dependent) columns get 0. */
function solveSmall(R: Float64Array, m: number, p: number, free: number[], rhs: Float64Array): { x: Float64Array; small: Qr } {
  const cols = free.map((j) => Float64Array.from({ length: m }, (_, i) => R[i * p + j]));
  const small = qr(cols, m);
  const k = free.length;
  const qty = small.q.map((qi) => dot(qi, rhs));
  // back-substitute on the kept columns: small.r rows are in order of kept columns
  const keptIdx = small.kept.flatMap((kp, j) => (kp ? [j] : []));
  const x = new Float64Array(k);
  for (let a = keptIdx.length - 1; a >= 0; a--) {
    let s = qty[a];
    for (let b = a + 1; b < keptIdx.length; b++) s -= small.r[a * k + keptIdx[b]] * x[keptIdx[b]];
    x[keptIdx[a]] = s / small.r[a * k + keptIdx[a]];
  }
  return { x, small };
}

/** min ‖y − Σ coef_i·columns_i‖² subject to |coef_i| ≤ bound for every i. */
export function boundedLsq(columns: Float64Array[], y: Float64Array, bound: number): BoundedLsq {
  const p = columns.length;
  const N = y.length;
  const big = qr(columns, N);
  const m = big.q.length;
  const qy = Float64Array.from(big.q, (qi) => dot(qi, y));
  const coef = new Float64Array(p);
  const fixed = new Array<boolean>(p).fill(false);
  const clamp = (v: number) => Math.max(-bound, Math.min(bound, v));
  const scale = Math.sqrt(dot(y, y)) * Math.max(...columns.map((c) => Math.sqrt(dot(c, c))), 1e-300);
  // Qᵀ(y − Φ_A·c_A): the right-hand side of the small problem for the current fixed set
  const rhsOf = () => {
    const rhs = Float64Array.from(qy);
    for (let j = 0; j < p; j++) if (fixed[j]) for (let i = 0; i < m; i++) rhs[i] -= big.r[i * p + j] * coef[j];
    return rhs;
  };
  let last = solveSmall(big.r, m, p, Array.from({ length: p }, (_, i) => i), qy);
  // Start from the unconstrained solution pulled into the box: usually it is inside and we are done.
  for (let j = 0; j < p; j++) {
    coef[j] = clamp(last.x[j]);
    fixed[j] = Math.abs(last.x[j]) >= bound;
  }
  if (fixed.some(Boolean)) {
    for (let outer = 0; outer < 4 * p + 8; outer++) {
      // Inner loop: solve on the free set, stepping back to the box when the solution leaves it.
      for (let inner = 0; inner <= p; inner++) {
        const free = fixed.flatMap((f, i) => (f ? [] : [i]));
        last = solveSmall(big.r, m, p, free, rhsOf());
        let step = 1;
        let hit = -1;
        for (const [k, i] of free.entries()) {
          const target = last.x[k];
          if (Math.abs(target) <= bound) continue;
          const t = ((target > 0 ? bound : -bound) - coef[i]) / (target - coef[i]);
          if (t < step) {
            step = Math.max(0, t);
            hit = i;
          }
        }
        for (const [k, i] of free.entries()) coef[i] = clamp(coef[i] + step * (last.x[k] - coef[i]));
        if (hit < 0) break;
        coef[hit] = coef[hit] > 0 ? bound : -bound;
        fixed[hit] = true;
        for (const i of free) if (Math.abs(coef[i]) >= bound) fixed[i] = true;
      }
      // Optimality: a coefficient on the bound must be pushed outward by the gradient; free the worst one that is not.
      const rhs = Float64Array.from(qy); // Qᵀ·residual
      for (let j = 0; j < p; j++) for (let a = 0; a < m; a++) rhs[a] -= big.r[a * p + j] * coef[j];
      let worst = -1;
      let worstPull = KKT_TOLERANCE * scale;
      for (let j = 0; j < p; j++) {
        if (!fixed[j]) continue;
        let g = 0; // column j · residual = R_jᵀ·(Qᵀy − R·c) (the residual's part outside range(Q) is orthogonal to every column)
        for (let a = 0; a < m; a++) g += big.r[a * p + j] * rhs[a];
        const pull = g * Math.sign(coef[j]); // > 0: wants to grow past the bound
        if (-pull > worstPull) {
          worstPull = -pull;
          worst = j;
        }
      }
      if (worst < 0) break;
      fixed[worst] = false;
    }
  }
  const residual = Float64Array.from(y);
  for (let j = 0; j < p; j++) {
    const c = coef[j];
    if (c === 0) continue;
    const col = columns[j];
    for (let t = 0; t < N; t++) residual[t] -= c * col[t];
  }
  // basis of the free columns' span: Q · (small Q̃ of R_F)
  const basis = !fixed.some(Boolean) ? big.q : last.small.q.map((qt) => {
    const v = new Float64Array(N);
    for (let a = 0; a < m; a++) {
      const w = qt[a];
      if (w === 0) continue;
      const qa = big.q[a];
      for (let t = 0; t < N; t++) v[t] += w * qa[t];
    }
    return v;
  });
  return { coef, residual, sse: dot(residual, residual), basis, atBound: fixed };
}
