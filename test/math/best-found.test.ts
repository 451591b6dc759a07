// The best-found search (src/math/best-found/) against independent references: the bounded output
// layer against explicit least squares and a brute force over active sets, the VarPro gradient and
// Jacobian against finite differences for every activation, the float32 evaluation against a
// Float32Array forward, the bound, determinism, two inputs, and ReLU against the exact optimum.
import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, activation, type ActivationName } from '../../src/math/activations.js';
import { boundedLsq } from '../../src/math/best-found/bounded-lsq.js';
import { forward32, mse32 } from '../../src/math/best-found/float32.js';
import { bestFound, bestFoundCurve, DEFAULT_WEIGHT_BOUND } from '../../src/math/best-found/index.js';
import { descend, evaluate, jacobian, type Problem } from '../../src/math/best-found/lm.js';
import { lstsq } from '../../src/math/linalg.js';
import { forward } from '../../src/math/net.js';
import { optimumCurve } from '../../src/math/optimum/index.js';
import { rng, uniform } from '../../src/math/rng.js';
import { grid, sample } from '../../src/math/targets.js';
import { planeGrid, sample2 } from '../../src/math/targets2.js';

const D: [number, number] = [-3, 3];

function randomColumns(seed: number, p: number, N: number): { cols: Float64Array[]; y: Float64Array } {
  const next = rng(seed);
  const cols = Array.from({ length: p }, () => Float64Array.from({ length: N }, () => uniform(next, -1, 1)));
  const y = Float64Array.from({ length: N }, () => uniform(next, -5, 5));
  return { cols, y };
}

/** min over every assignment (free, at −B, at +B) of each coefficient: the feasible least-squares solutions' best. */
function bruteForceBounded(cols: Float64Array[], y: Float64Array, B: number): number {
  const p = cols.length;
  let best = Infinity;
  for (let code = 0; code < 3 ** p; code++) {
    const state = Array.from({ length: p }, (_, i) => Math.floor(code / 3 ** i) % 3); // 0 free, 1 −B, 2 +B
    const rhs = Float64Array.from(y);
    state.forEach((s, i) => {
      if (s) for (let t = 0; t < y.length; t++) rhs[t] -= (s === 1 ? -B : B) * cols[i][t];
    });
    const free = state.flatMap((s, i) => (s ? [] : [i]));
    const sol = free.length ? lstsq(free.map((i) => cols[i]), rhs) : { coef: new Float64Array(0), sse: rhs.reduce((s, v) => s + v * v, 0) };
    if (Array.from(sol.coef).every((c) => Math.abs(c) <= B + 1e-12)) best = Math.min(best, sol.sse);
  }
  return best;
}

describe('bounded least squares (the output layer)', () => {
  it('equals explicit least squares when the bound does not bite', () => {
    const { cols, y } = randomColumns(1, 5, 200);
    const mine = boundedLsq(cols, y, 1e9);
    const ref = lstsq(cols, y);
    for (let i = 0; i < 5; i++) expect(mine.coef[i]).toBeCloseTo(ref.coef[i], 10);
    expect(mine.sse).toBeCloseTo(ref.sse, 8);
    expect(mine.atBound.some(Boolean)).toBe(false);
  });
  it.each([0.05, 0.2, 0.5])('matches a brute force over active sets under bound %s', (B) => {
    for (let seed = 0; seed < 4; seed++) {
      const { cols, y } = randomColumns(10 + seed, 4, 60);
      const mine = boundedLsq(cols, y, B);
      expect(Array.from(mine.coef).every((c) => Math.abs(c) <= B)).toBe(true);
      expect(mine.sse).toBeCloseTo(bruteForceBounded(cols, y, B), 8);
    }
  });
  it('returns an orthonormal basis of the free columns, orthogonal to the residual', () => {
    const { cols, y } = randomColumns(3, 4, 80);
    const r = boundedLsq(cols, y, 0.3);
    for (const u of r.basis) expect(Math.abs(u.reduce((s, v, t) => s + v * r.residual[t], 0))).toBeLessThan(1e-9);
    expect(r.basis.length).toBe(r.atBound.filter((b) => !b).length);
  });
});

const small = (act: ActivationName, width = 3, bound = 20): Problem => {
  const X = grid(D, 61);
  return { X, inputs: 1, y: sample('square', X), activation: act, width, bound };
};
const thetaFor = (p: Problem, seed: number) => {
  const next = rng(seed);
  return Float64Array.from({ length: p.width * 2 }, (_, i) => (i % 2 ? uniform(next, -2, 2) : uniform(next, 0.3, 1.5) * (next() < 0.5 ? -1 : 1)));
};

describe('variable projection and Levenberg–Marquardt, for every activation', () => {
  it.each(ACTIVATION_NAMES)('%s: −2·Jᵀr is the gradient of the projected error, and J the projected derivative at fixed c', (act) => {
    const p = small(act);
    const theta = thetaFor(p, 7);
    const e = evaluate(p, theta);
    const J = jacobian(p, e);
    const h = 1e-6;
    for (let k = 0; k < theta.length; k++) {
      const up = Float64Array.from(theta);
      const down = Float64Array.from(theta);
      up[k] += h;
      down[k] -= h;
      const fd = (evaluate(p, up).lsq.sse - evaluate(p, down).lsq.sse) / (2 * h);
      const g = -2 * J[k].reduce((s, v, j) => s + v * e.lsq.residual[j], 0);
      expect(Math.abs(fd - g)).toBeLessThan(1e-4 * Math.max(1, Math.abs(g)));
      // the model's derivative at fixed output layer, projected: column k of J
      const f = activation(act).f;
      const unit = Math.floor(k / 2);
      const c = e.lsq.coef[unit];
      const dcol = Float64Array.from({ length: p.y.length }, (_, j) => {
        const z = (t: Float64Array) => t[unit * 2] * p.X[j] + t[unit * 2 + 1];
        return (c * (f(z(up)) - f(z(down)))) / (2 * h);
      });
      for (const u of e.lsq.basis) {
        const s = u.reduce((a, v, j) => a + v * dcol[j], 0);
        for (let j = 0; j < dcol.length; j++) dcol[j] -= s * u[j];
      }
      for (let j = 0; j < dcol.length; j++) expect(Math.abs(dcol[j] - J[k][j])).toBeLessThan(1e-5 * Math.max(1, Math.abs(J[k][j])));
    }
  });
  it.each(ACTIVATION_NAMES)('%s: LM lowers the error and keeps every weight in the box', (act) => {
    const p = small(act, 3, 4);
    const theta = thetaFor(p, 11);
    const before = evaluate(p, theta).lsq.sse;
    const d = descend(p, theta, 30);
    expect(d.best.lsq.sse).toBeLessThan(before);
    expect([...d.best.theta, ...d.best.lsq.coef].every((w) => Math.abs(w) <= 4)).toBe(true);
  });
});

/** A float32 forward written independently: every intermediate stored in a Float32Array. */
function float32Reference(net: ReturnType<typeof bestFound>['net'], X: Float64Array): Float32Array {
  const inputs = net.inputs;
  const N = X.length / inputs;
  const f = activation(net.layers[0].activation).f;
  const out = new Float32Array(N);
  const acc = new Float32Array(4);
  for (let j = 0; j < N; j++) {
    acc[0] = 0; // running output
    for (let i = 0; i < net.layers[0].b.length; i++) {
      acc[1] = 0; // running pre-activation
      for (let k = 0; k < inputs; k++) {
        acc[2] = Math.fround(net.layers[0].W[i][k]) * Math.fround(X[j * inputs + k]);
        acc[1] += acc[2];
      }
      acc[1] += Math.fround(net.layers[0].b[i]);
      acc[2] = f(acc[1]);
      acc[3] = Math.fround(net.output.w[i]) * acc[2];
      acc[0] += acc[3];
    }
    out[j] = acc[0] + Math.fround(net.output.d);
  }
  return out;
}

describe('bestFound', () => {
  const X = grid(D, 200);
  const y = sample('square', X);
  it('holds every weight to the bound and says when it is active', () => {
    const tight = bestFound({ X, inputs: 1, y, activation: 'tanh', width: 2, bound: 5, starts: 4 });
    const all = [...tight.net.layers[0].W.flat(), ...tight.net.layers[0].b, ...tight.net.output.w, tight.net.output.d].map(Math.abs);
    expect(Math.max(...all)).toBeLessThanOrEqual(5);
    expect(tight.largestWeight).toBe(Math.max(...all));
    expect(tight.boundActive).toBe(true); // the Taylor-regime pull: two tanh units want ever larger output weights on x²
    const loose = bestFound({ X, inputs: 1, y, activation: 'relu', width: 2, bound: 1000, starts: 4 });
    expect(loose.boundActive).toBe(false);
    expect(loose.largestWeight).toBeLessThan(1000);
  });
  it('without a bound, least squares with one sin unit fits x² to ~0 in float64 but not in float32', () => {
    const free = bestFound({ X, inputs: 1, y, activation: 'sin', width: 1, bound: 1e8, starts: 6 });
    expect(free.mse64).toBeLessThan(1e-8);
    expect(free.mse).toBeGreaterThan(100 * free.mse64);
    const bounded = bestFound({ X, inputs: 1, y, activation: 'sin', width: 1, bound: DEFAULT_WEIGHT_BOUND, starts: 6 });
    expect(bounded.mse64).toBeGreaterThan(free.mse64);
  });
  it('reports the float32 MSE of its network, as a Float32Array forward computes it, and the float64 MSE as forward does', () => {
    const r = bestFound({ X, inputs: 1, y, activation: 'gelu', width: 3, bound: 20, starts: 3 });
    const ref = float32Reference(r.net, X);
    expect(Array.from(forward32(r.net, X))).toEqual(Array.from(ref));
    const mse = ref.reduce((s, v, j) => s + (Math.fround(y[j]) - v) ** 2, 0) / y.length;
    expect(r.mse).toBeCloseTo(mse, 14);
    expect(mse32(r.net, X, y)).toBe(r.mse);
    const f64 = forward(r.net, X).reduce((s, v, j) => s + (y[j] - v) ** 2, 0) / y.length;
    expect(r.mse64).toBeCloseTo(f64, 12);
  });
  it('gives the same network for the same seed', () => {
    const a = bestFound({ X, inputs: 1, y: sample('sin', X), activation: 'swish', width: 3, bound: 20, seed: 5, starts: 4 });
    const b = bestFound({ X, inputs: 1, y: sample('sin', X), activation: 'swish', width: 3, bound: 20, seed: 5, starts: 4 });
    expect(b).toEqual(a);
  });
  it('never gets worse with width along a curve, and a cached prefix continues identically', () => {
    const full = bestFoundCurve({ X, inputs: 1, y, activation: 'sigmoid', bound: 20, starts: 4 }, 3);
    for (let n = 1; n < 3; n++) expect(full[n].mse64).toBeLessThanOrEqual(full[n - 1].mse64);
    const resumed = bestFoundCurve({ X, inputs: 1, y, activation: 'sigmoid', bound: 20, starts: 4 }, 3, undefined, full.slice(0, 2));
    expect(resumed[2]).toEqual(full[2]);
  });
  it('works on two inputs (x1·x2)', () => {
    const g = planeGrid([[-3, 3], [-3, 3]], 15);
    const y2 = sample2('product', g);
    const variance = y2.reduce((s, v) => s + v * v, 0) / y2.length; // mean 0 by symmetry
    const [one, , four] = bestFoundCurve({ X: g.X, inputs: 2, y: y2, activation: 'relu', bound: 100, starts: 5 }, 3).concat(
      bestFound({ X: g.X, inputs: 2, y: y2, activation: 'relu', width: 4, bound: 100, starts: 5 }),
    );
    expect(one.mse64).toBeGreaterThan(0.5 * variance); // one fold cannot make a saddle
    expect(four.mse64).toBeLessThan(0.3 * variance);
    expect(four.mse64).toBeLessThan(one.mse64 / 3);
    expect(four.net.inputs).toBe(2);
    const f64 = forward(four.net, g.X).reduce((s, v, j) => s + (y2[j] - v) ** 2, 0) / y2.length;
    expect(four.mse64).toBeCloseTo(f64, 10);
  });
});

describe('soundness: for ReLU the general search finds the exact optimum', () => {
  // The full check (widths 1–32, three targets) is test/bench/best-found.js; here the small widths.
  const X = grid(D, 1000);
  it.each(['square', 'sin', 'cube'])('%s: widths 1–4 within a thousandth of src/math/optimum', (t) => {
    const y = sample(t, X);
    const exact = optimumCurve(X, y, D, 4);
    const found = bestFoundCurve({ X, inputs: 1, y, activation: 'relu', bound: 1000 }, 4);
    for (let n = 0; n < 4; n++) {
      expect(found[n].mse64 / exact[n].mse).toBeLessThan(1.001);
      expect(found[n].mse64 / exact[n].mse).toBeGreaterThan(0.999);
    }
  });
});

describe('the search’s starts', () => {
  it('put a one-input unit’s bend at its place on the axis, whichever way it faces', async () => {
    const { unit } = await import('../../src/math/best-found/starts.js');
    const box = { centre: [1], half: [2] }; // the domain [-1, 3]
    for (const face of [1, -1]) {
      for (const frac of [-0.75, 0, 0.5]) {
        const [w, b] = unit(box, [face], 3, frac);
        expect(-b / w).toBeCloseTo(1 + 2 * frac, 12);
        expect(Math.sign(w)).toBe(face);
      }
    }
  });
});
