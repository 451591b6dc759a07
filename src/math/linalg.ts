// Least squares in float64, for the output layer (c, d) of a network whose hidden layer is fixed.
// Pure. Gram–Schmidt with a second orthogonalisation pass where the first cancelled ("twice is enough"), dropping columns
// that add nothing new, so coincident knots or dead units give a solution instead of a blow-up.

export interface LeastSquares {
  coef: Float64Array;
  /** Σ (y − Φ·coef)² */
  sse: number;
  residual: Float64Array;
}

/** A Gram–Schmidt pass that leaves less than this share of a column's norm is repeated (Kahan–Parlett; half the work when columns are far from dependent). */
const REORTHOGONALISE = 1 / Math.SQRT2;

/** min ‖y − Σ_j coef_j·columns_j‖²; a column that is (nearly) a combination of earlier ones gets coef 0. */
export function lstsq(columns: Float64Array[], y: Float64Array): LeastSquares {
  const p = columns.length;
  const n = y.length;
  const q: (Float64Array | null)[] = [];
  const r = new Float64Array(p * p); // upper triangular, row-major
  for (let j = 0; j < p; j++) {
    const v = Float64Array.from(columns[j]);
    const norm0 = Math.sqrt(dot(v, v));
    let norm = norm0;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const qi = q[i];
        if (!qi) continue;
        const h = dot(qi, v);
        r[i * p + j] += h;
        for (let t = 0; t < n; t++) v[t] -= h * qi[t];
      }
      const before = norm;
      norm = Math.sqrt(dot(v, v));
      // Kahan's test: a pass that kept most of the column lost no accuracy to cancellation, so a second adds nothing
      if (norm > REORTHOGONALISE * before) break;
    }
    if (norm <= 1e-10 * Math.max(norm0, 1e-300) || norm === 0) {
      q.push(null);
      continue;
    }
    for (let t = 0; t < n; t++) v[t] /= norm;
    r[j * p + j] = norm;
    q.push(v);
  }
  const qty = new Float64Array(p);
  const residual = Float64Array.from(y);
  for (let j = 0; j < p; j++) {
    const qj = q[j];
    if (!qj) continue;
    qty[j] = dot(qj, residual);
    for (let t = 0; t < n; t++) residual[t] -= qty[j] * qj[t];
  }
  const coef = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    if (!q[j]) continue;
    let s = qty[j];
    for (let i = j + 1; i < p; i++) s -= r[j * p + i] * coef[i];
    coef[j] = s / r[j * p + j];
  }
  return { coef, sse: dot(residual, residual), residual };
}

/** The Cholesky factor L (row-major p×p, A = L·Lᵀ) of a symmetric matrix, or null if it is not positive definite. */
export function cholesky(a: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * p + i] = Math.sqrt(s);
      } else l[i * p + j] = s / l[j * p + j];
    }
  }
  return l;
}

/** Solve L·z = b (forward substitution) given the Cholesky factor L: zᵀz = bᵀA⁻¹b. */
export function forwardSolve(l: Float64Array, p: number, b: ArrayLike<number>): Float64Array {
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * z[k];
    z[i] = s / l[i * p + i];
  }
  return z;
}

/** Solve L·Lᵀ·x = b given the Cholesky factor L. */
export function cholSolve(l: Float64Array, p: number, b: Float64Array): Float64Array {
  const z = forwardSolve(l, p, b);
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
    x[i] = s / l[i * p + i];
  }
  return x;
}

/** Solve the symmetric positive definite system A·x = b (A row-major n×n); null if A is not positive definite. */
export function solveSpd(a: Float64Array, b: Float64Array): Float64Array | null {
  const l = cholesky(a, b.length);
  return l && cholSolve(l, b.length, b);
}

export function dot(u: ArrayLike<number>, v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
}
