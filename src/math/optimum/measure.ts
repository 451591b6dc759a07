// The two measures the optimum search minimises over: sums over the sample grid (the objective)
// and integrals against the samples joined by straight lines (a smooth stand-in that finds the
// layout). Both give the inner products of features that are lines on an interval in O(1).

/**
 * The inner products the least squares needs, for features that are lines on an interval.
 * Intervals are [from, to) in the measure's own coordinates: grid indices for the sample grid,
 * x itself for the continuous version. m0, m1, m2 integrate 1, x, x²; my, mxy integrate y, x·y.
 */
export interface Measure {
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
export class GridSums implements Measure {
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
export class LineSums implements Measure {
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
