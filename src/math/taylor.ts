// Smooth units read the way the question reads sin: a unit c·act(w·x + b) expanded in powers of
// (x − centre), the coefficients of 1, x, x², x³ (in two inputs also x1·x2 and the other mixed
// terms), and beside them the least-squares projection of the unit on the same monomials over the
// grid, which says what the unit contributes where the data is rather than at one point.
// Derivatives come from truncated Taylor arithmetic ("jets"), exact to round-off for every
// activation, so no finite differences. Pure: no TF.js, no I/O.
import type { ActivationName } from './activations.js';
import { LEAKY_SLOPE } from './activations.js';
import { lstsq } from './linalg.js';
import { FLAT_VARIANCE } from './roundoff.js';

/** Highest power read: the question's expansion stops at the cubic term. */
export const TAYLOR_ORDER = 3;

/** A truncated power series: j[k] is the coefficient of ε^k. */
type Jet = Float64Array;

const jet = (c0: number, c1 = 0): Jet => {
  const j = new Float64Array(TAYLOR_ORDER + 1);
  j[0] = c0;
  j[1] = c1;
  return j;
};

function mul(a: Jet, b: Jet): Jet {
  const out = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) for (let i = 0; i <= k; i++) out[k] += a[i] * b[k - i];
  return out;
}

const add = (a: Jet, b: Jet): Jet => a.map((v, k) => v + b[k]);
const scale = (a: Jet, s: number): Jet => a.map((v) => v * s);

/** g(a) from g(a0) and g' as a jet of a: g_k = (1/k)·Σ_{j=1..k} j·a_j·(g')_{k−j}, filled order by order. */
function integrate(a: Jet, g0: number, derivative: (g: Jet) => Jet): Jet {
  const g = jet(g0);
  for (let k = 1; k < a.length; k++) {
    const dg = derivative(g); // uses g up to order k−1, which is final
    let s = 0;
    for (let j = 1; j <= k; j++) s += j * a[j] * dg[k - j];
    g[k] = s / k;
  }
  return g;
}

const expJet = (a: Jet): Jet => integrate(a, Math.exp(a[0]), (g) => g);
const tanhJet = (a: Jet): Jet => integrate(a, Math.tanh(a[0]), (t) => add(jet(1), scale(mul(t, t), -1)));
const sigmoidJet = (a: Jet): Jet => {
  const s0 = 1 / (1 + Math.exp(-a[0]));
  return integrate(a, s0, (s) => mul(s, add(jet(1), scale(s, -1))));
};
function sinJet(a: Jet): Jet {
  // sin and cos of a jet, each the other's derivative
  const s = jet(Math.sin(a[0]));
  const c = jet(Math.cos(a[0]));
  for (let k = 1; k < a.length; k++) {
    let ss = 0;
    let cc = 0;
    for (let j = 1; j <= k; j++) {
      ss += j * a[j] * c[k - j];
      cc -= j * a[j] * s[k - j];
    }
    s[k] = ss / k;
    c[k] = cc / k;
  }
  return s;
}
const linear = (a: Jet, slope: number, offset = 0): Jet => a.map((v, k) => slope * v + (k === 0 ? offset : 0));

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

/** act(a) as a jet; at a kink the one-sided branch TF.js uses (z > 0 is the active side). */
export function activationJet(name: ActivationName, a: Jet): Jet {
  const z = a[0];
  switch (name) {
    case 'relu':
      return z > 0 ? linear(a, 1) : jet(0);
    case 'leaky-relu':
      return linear(a, z > 0 ? 1 : LEAKY_SLOPE);
    case 'abs':
      return linear(a, z > 0 ? 1 : z < 0 ? -1 : 0);
    case 'tanh':
      return tanhJet(a);
    case 'sigmoid':
      return sigmoidJet(a);
    case 'sin':
      return sinJet(a);
    case 'softplus':
      return integrate(a, z > 30 ? z : Math.log1p(Math.exp(z)), () => sigmoidJet(a));
    case 'elu':
      return z > 0 ? linear(a, 1) : add(expJet(a), jet(-1));
    case 'gelu': {
      const u = scale(add(a, scale(mul(mul(a, a), a), GELU_CUBIC)), SQRT_2_OVER_PI);
      return scale(mul(a, add(jet(1), tanhJet(u))), 0.5);
    }
    case 'swish':
      return mul(a, sigmoidJet(a));
  }
}

/** act(z0 + ε) = Σ_k d_k ε^k for k = 0..TAYLOR_ORDER: the derivatives of act at z0 over k!. */
export function activationSeries(name: ActivationName, z0: number): number[] {
  return Array.from(activationJet(name, jet(z0, 1)));
}

/** A monomial X1^p1·X2^p2 in the centred inputs X = x − centre; one input: p2 = 0. */
export interface Monomial {
  powers: number[];
  /** How reports write it, e.g. "x²", "x1·x2". */
  name: string;
}

const SUPERSCRIPT = ['', '', '²', '³'];

/** The monomials of total degree ≤ TAYLOR_ORDER in 1 or 2 inputs, by degree. */
export function monomials(inputs: number): Monomial[] {
  const out: Monomial[] = [];
  for (let deg = 0; deg <= TAYLOR_ORDER; deg++) {
    if (inputs === 1) out.push({ powers: [deg], name: deg === 0 ? '1' : `x${SUPERSCRIPT[deg]}` });
    else
      for (let p1 = deg; p1 >= 0; p1--) {
        const p2 = deg - p1;
        const part = (v: string, p: number) => (p === 0 ? '' : `${v}${SUPERSCRIPT[p]}`);
        out.push({ powers: [p1, p2], name: deg === 0 ? '1' : [part('x1', p1), part('x2', p2)].filter(Boolean).join('·') });
      }
  }
  return out;
}

const binomial = (n: number, k: number): number => {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
};

/**
 * Taylor coefficients of the unit c·act(w·x + b) around `centre`, one per monomial of
 * monomials(w.length): with δ = w·(x − centre), act(z0 + δ) = Σ d_k δ^k and δ^k expands by the
 * multinomial theorem, so the x1·x2 coefficient is 2·d₂·w1·w2 — zero exactly when a weight is zero,
 * i.e. when the unit looks along an axis.
 */
export function unitTaylor(name: ActivationName, w: readonly number[], b: number, c: number, centre: readonly number[]): number[] {
  const z0 = b + w.reduce((s, wi, i) => s + wi * centre[i], 0);
  const d = activationSeries(name, z0);
  return monomials(w.length).map(({ powers }) => {
    const deg = powers.reduce((s, p) => s + p, 0);
    const coef = powers.length === 1 ? w[0] ** powers[0] : binomial(deg, powers[0]) * w[0] ** powers[0] * w[1] ** powers[1];
    return c * d[deg] * coef;
  });
}

/**
 * Least-squares coefficients of values on the grid (points row-major, `inputs` per point) in the
 * monomials of the centred inputs, and the share of the values' variance the fit leaves unexplained.
 */
export function projectOnMonomials(points: ArrayLike<number>, inputs: number, values: ArrayLike<number>, centre: readonly number[]): { coef: number[]; unexplained: number } {
  const N = values.length;
  const cols = monomials(inputs).map(({ powers }) => {
    const col = new Float64Array(N);
    for (let j = 0; j < N; j++) {
      let v = 1;
      for (let k = 0; k < inputs; k++) v *= (points[j * inputs + k] - centre[k]) ** powers[k];
      col[j] = v;
    }
    return col;
  });
  const y = Float64Array.from(values);
  const { coef, sse } = lstsq(cols, y);
  let mean = 0;
  for (let j = 0; j < N; j++) mean += y[j] / N;
  let sst = 0;
  let sumSquares = 0;
  for (let j = 0; j < N; j++) {
    sst += (y[j] - mean) ** 2;
    sumSquares += y[j] ** 2;
  }
  // a unit saturated over the whole grid is a constant: its variance is round-off, and the share of
  // round-off the powers miss is noise (a tanh unit × 30 read 1.836); the constant term explains it
  return { coef: Array.from(coef), unexplained: sst > FLAT_VARIANCE * sumSquares ? sse / sst : 0 };
}
