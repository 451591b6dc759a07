// What a one-hidden-layer ReLU network is, read as hinges: every unit c·relu(a·x + b) rewritten as
// w·relu(s·(x − k)) with knot k = −b/a, direction s = sign(a) and slope change w = c·|a|, and the
// piecewise-linear function the hinges add up to. Pure: no TF.js, no I/O.

/** y = d + Σᵢ cᵢ·relu(aᵢ·x + bᵢ); unit i is index i of every array. */
export interface Network {
  a: number[];
  b: number[];
  c: number[];
  d: number;
}

export type Direction = 'right' | 'left' | 'none';
/** hinge: bends inside the domain; linear: active on every sample; dead: active on none; constant: a = 0. */
export type Kind = 'hinge' | 'linear' | 'dead' | 'constant';

/** One ReLU term w·relu(s·(x − k)): right-facing (s = +1) is active for x > k, left-facing for x < k. */
export interface Term {
  knot: number;
  direction: 'right' | 'left';
  slopeChange: number;
}

export interface Hinge {
  unit: number;
  a: number;
  b: number;
  c: number;
  /** −b/a; null when a = 0. */
  knot: number | null;
  direction: Direction;
  /** c·|a|: how much the slope changes as the unit switches on. */
  slopeChange: number;
  kind: Kind;
}

/** The piecewise-linear function on the domain: slopes[j] is the slope left of knots[j]; the last, right of the last knot. */
export interface Piecewise {
  knots: number[];
  slopes: number[];
  values: number[];
}

export const relu = (z: number): number => (z > 0 ? z : 0);

export function predict(net: Network, xs: ArrayLike<number>): Float64Array {
  const out = new Float64Array(xs.length);
  const n = net.a.length;
  for (let j = 0; j < xs.length; j++) {
    let y = net.d;
    for (let i = 0; i < n; i++) y += net.c[i] * relu(net.a[i] * xs[j] + net.b[i]);
    out[j] = y;
  }
  return out;
}

/** Σ (yⱼ − net(xⱼ))² on the grid. */
export function gridSse(net: Network, xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const pred = predict(net, xs);
  let sse = 0;
  for (let j = 0; j < xs.length; j++) sse += (pred[j] - ys[j]) ** 2;
  return sse;
}

/** Classify every unit on the sample grid xs and rewrite it as a hinge term. */
export function hinges(net: Network, xs: ArrayLike<number>): Hinge[] {
  return net.a.map((a, unit) => {
    const b = net.b[unit];
    const c = net.c[unit];
    if (a === 0) return { unit, a, b, c, knot: null, direction: 'none', slopeChange: 0, kind: 'constant' };
    let active = 0;
    for (let j = 0; j < xs.length; j++) if (a * xs[j] + b > 0) active++;
    const kind: Kind = active === 0 ? 'dead' : active === xs.length ? 'linear' : 'hinge';
    return { unit, a, b, c, knot: -b / a, direction: a > 0 ? 'right' : 'left', slopeChange: c * Math.abs(a), kind };
  });
}

/** Evaluate d + Σ w·relu(s·(x − k)) directly from the terms. */
export function evalTerms(terms: Term[], d: number, xs: ArrayLike<number>): Float64Array {
  const out = new Float64Array(xs.length);
  for (let j = 0; j < xs.length; j++) {
    let y = d;
    for (const t of terms) y += t.slopeChange * relu(t.direction === 'right' ? xs[j] - t.knot : t.knot - xs[j]);
    out[j] = y;
  }
  return out;
}

/** The slope of d + Σ terms just right of x (or just left, with side = -1). */
function slopeAt(terms: Term[], x: number, side: 1 | -1): number {
  let m = 0;
  for (const t of terms) {
    const active = t.direction === 'right' ? x > t.knot || (x === t.knot && side > 0) : x < t.knot || (x === t.knot && side < 0);
    if (active) m += t.direction === 'right' ? t.slopeChange : -t.slopeChange;
  }
  return m;
}

/** The function the terms build, on the open domain: its distinct knots, piece slopes and values at the knots. */
export function piecewise(terms: Term[], d: number, domain: readonly [number, number]): Piecewise {
  const [lo, hi] = domain;
  const knots = [...new Set(terms.map((t) => t.knot).filter((k) => k > lo && k < hi))].sort((p, q) => p - q);
  const slopes = knots.map((k) => slopeAt(terms, k, -1));
  slopes.push(knots.length ? slopeAt(terms, knots[knots.length - 1], 1) : slopeAt(terms, (lo + hi) / 2, 1));
  const values = Array.from(evalTerms(terms, d, knots));
  return { knots, slopes, values };
}
