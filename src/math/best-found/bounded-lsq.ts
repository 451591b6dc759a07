// The output layer of a best-found network: least squares with every coefficient held in a box
// |c| ≤ B (bounded-variable least squares, the active-set method of Stark & Parker). Pure float64.
// The free columns are solved by QR (modified Gram–Schmidt twice), never by normal equations: a
// unit near its Taylor regime makes nearly dependent columns, and squaring their condition number
// would lose the digits the bound is there to protect. The orthonormal basis of the free columns is
// returned too: variable projection needs it to project the Jacobian.

/** A column whose remainder after orthogonalisation is this small relative to its norm adds nothing new. */
const DEPENDENT_COLUMN = 1e-10;
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

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
}

/** Least squares over the listed columns only (others fixed at coef): the QR solve, in place into coef. */
function solveFree(columns: Float64Array[], free: number[], rhs: Float64Array): { z: Float64Array; basis: Float64Array[] } {
  const n = rhs.length;
  const p = free.length;
  const q: (Float64Array | null)[] = [];
  const r = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const v = Float64Array.from(columns[free[j]]);
    const norm0 = Math.sqrt(dot(v, v));
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const qi = q[i];
        if (!qi) continue;
        const h = dot(qi, v);
        r[i * p + j] += h;
        for (let t = 0; t < n; t++) v[t] -= h * qi[t];
      }
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm === 0 || norm <= DEPENDENT_COLUMN * norm0) {
      q.push(null);
      continue;
    }
    for (let t = 0; t < n; t++) v[t] /= norm;
    r[j * p + j] = norm;
    q.push(v);
  }
  const qty = new Float64Array(p);
  for (let j = 0; j < p; j++) if (q[j]) qty[j] = dot(q[j]!, rhs);
  const z = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    if (!q[j]) continue;
    let s = qty[j];
    for (let i = j + 1; i < p; i++) s -= r[j * p + i] * z[i];
    z[j] = s / r[j * p + j];
  }
  return { z, basis: q.filter((v): v is Float64Array => v !== null) };
}

function residualOf(columns: Float64Array[], coef: Float64Array, y: Float64Array): Float64Array {
  const res = Float64Array.from(y);
  for (let i = 0; i < columns.length; i++) {
    const c = coef[i];
    if (c === 0) continue;
    const col = columns[i];
    for (let t = 0; t < res.length; t++) res[t] -= c * col[t];
  }
  return res;
}

/** min ‖y − Σ coef_i·columns_i‖² subject to |coef_i| ≤ bound for every i. */
export function boundedLsq(columns: Float64Array[], y: Float64Array, bound: number): BoundedLsq {
  const p = columns.length;
  const coef = new Float64Array(p);
  const fixed = new Array<boolean>(p).fill(false);
  const clamp = (v: number) => Math.max(-bound, Math.min(bound, v));
  const scale = Math.sqrt(dot(y, y)) * Math.max(...columns.map((c) => Math.sqrt(dot(c, c))), 1e-300);
  let basis: Float64Array[] = [];
  // Start from the unconstrained solution pulled into the box: usually it is inside and we are done.
  {
    const all = Array.from({ length: p }, (_, i) => i);
    const s = solveFree(columns, all, y);
    basis = s.basis;
    for (let i = 0; i < p; i++) {
      coef[i] = clamp(s.z[i]);
      fixed[i] = Math.abs(s.z[i]) >= bound;
    }
    if (!fixed.some(Boolean)) {
      const residual = residualOf(columns, coef, y);
      return { coef, residual, sse: dot(residual, residual), basis, atBound: fixed };
    }
  }
  for (let outer = 0; outer < 4 * p + 8; outer++) {
    // Inner loop: solve on the free set, stepping back to the box when the solution leaves it.
    for (let inner = 0; inner < p + 1; inner++) {
      const free = fixed.flatMap((f, i) => (f ? [] : [i]));
      const rhs = Float64Array.from(y);
      for (let i = 0; i < p; i++) {
        if (!fixed[i]) continue;
        for (let t = 0; t < rhs.length; t++) rhs[t] -= coef[i] * columns[i][t];
      }
      const s = solveFree(columns, free, rhs);
      basis = s.basis;
      let step = 1;
      let hit = -1;
      for (const [k, i] of free.entries()) {
        const target = s.z[k];
        if (Math.abs(target) <= bound) continue;
        const edge = target > 0 ? bound : -bound;
        const t = (edge - coef[i]) / (target - coef[i]);
        if (t < step) {
          step = Math.max(0, t);
          hit = i;
        }
      }
      for (const [k, i] of free.entries()) coef[i] = clamp(coef[i] + step * (s.z[k] - coef[i]));
      if (hit < 0) break;
      coef[hit] = coef[hit] > 0 ? bound : -bound;
      fixed[hit] = true;
      for (const i of free) if (Math.abs(coef[i]) >= bound) fixed[i] = true;
    }
    // Optimality: a coefficient on the bound must be pushed outward by the gradient; free the worst one that is not.
    const residual = residualOf(columns, coef, y);
    let worst = -1;
    let worstPull = KKT_TOLERANCE * scale;
    for (let i = 0; i < p; i++) {
      if (!fixed[i]) continue;
      const pull = dot(columns[i], residual) * Math.sign(coef[i]); // > 0: wants to grow past the bound
      if (-pull > worstPull) {
        worstPull = -pull;
        worst = i;
      }
    }
    if (worst < 0) return { coef, residual, sse: dot(residual, residual), basis, atBound: fixed };
    fixed[worst] = false;
  }
  const residual = residualOf(columns, coef, y);
  return { coef, residual, sse: dot(residual, residual), basis, atBound: fixed };
}
