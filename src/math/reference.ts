// A plain-TypeScript reference trainer: forward, backward and Adam written out over Float64Array,
// for one hidden layer of any activation (activations.ts).
// It is no backend of `train`; it exists to check TF.js (same start, same steps, same loss curve)
// and to be the speed yardstick of `npm run bench`. Pure: no TF.js, no I/O.
import { optimizerStep, type Optimizer, type Schedule } from './optimizers.js';
import type { Network } from './hinges.js';
import { activation, type ActivationName } from './activations.js';

export interface ReferenceSettings {
  epochs: number;
  optimizer: Optimizer;
  lr: number;
  schedule: Schedule;
  /** The hidden units' activation (relu when absent): c·act(a·x + b) in place of c·relu(a·x + b). */
  activation?: ActivationName;
}

/** Parameters as one vector in train.ts's layout: a (n), b (n), c (n), d. */
function flatten(net: Network): Float64Array {
  const n = net.a.length;
  const p = new Float64Array(3 * n + 1);
  p.set(net.a, 0);
  p.set(net.b, n);
  p.set(net.c, 2 * n);
  p[3 * n] = net.d;
  return p;
}

function unflatten(p: Float64Array, n: number): Network {
  return { a: Array.from(p.subarray(0, n)), b: Array.from(p.subarray(n, 2 * n)), c: Array.from(p.subarray(2 * n, 3 * n)), d: p[3 * n] };
}

/**
 * The same for any activation: ŷ = d + Σ cᵢ·f(zᵢ); ∂cᵢ = Σ G·f(zᵢ), ∂aᵢ = Σ G·cᵢ·f'(zᵢ)·x,
 * ∂bᵢ = Σ G·cᵢ·f'(zᵢ), G = 2(ŷ − y)/N: the formulas net-train.ts uses, with f and f' from activations.ts.
 */
export function lossAndGradOf(act: ActivationName, p: Float64Array, n: number, xs: Float64Array, ys: Float64Array, grad: Float64Array): number {
  if (act === 'relu') return lossAndGrad(p, n, xs, ys, grad);
  const { f, df } = activation(act);
  const N = xs.length;
  grad.fill(0);
  let loss = 0;
  const z = new Float64Array(n);
  for (let j = 0; j < N; j++) {
    const x = xs[j];
    let yhat = p[3 * n];
    for (let i = 0; i < n; i++) {
      z[i] = p[i] * x + p[n + i];
      yhat += p[2 * n + i] * f(z[i]);
    }
    const e = yhat - ys[j];
    loss += e * e;
    const g = (2 * e) / N;
    grad[3 * n] += g;
    for (let i = 0; i < n; i++) {
      grad[2 * n + i] += g * f(z[i]);
      const dz = g * p[2 * n + i] * df(z[i]);
      grad[i] += dz * x;
      grad[n + i] += dz;
    }
  }
  return loss / N;
}

/** MSE and its gradient (in the flat layout) at p; the same formulas as train.ts, in float64. */
export function lossAndGrad(p: Float64Array, n: number, xs: Float64Array, ys: Float64Array, grad: Float64Array): number {
  const N = xs.length;
  grad.fill(0);
  let loss = 0;
  const d = p[3 * n];
  for (let j = 0; j < N; j++) {
    const x = xs[j];
    let yhat = d;
    for (let i = 0; i < n; i++) {
      const z = p[i] * x + p[n + i];
      if (z > 0) yhat += p[2 * n + i] * z;
    }
    const e = yhat - ys[j];
    loss += e * e;
    const g = (2 * e) / N;
    grad[3 * n] += g;
    for (let i = 0; i < n; i++) {
      const z = p[i] * x + p[n + i];
      if (z > 0) {
        grad[2 * n + i] += g * z;
        const dz = g * p[2 * n + i];
        grad[i] += dz * x;
        grad[n + i] += dz;
      }
    }
  }
  return loss / N;
}

export function referenceGradient(net: Network, xs: Float64Array, ys: Float64Array, act: ActivationName = 'relu'): { loss: number; grad: Float64Array } {
  const p = flatten(net);
  const grad = new Float64Array(p.length);
  return { loss: lossAndGradOf(act, p, net.a.length, xs, ys, grad), grad };
}

/** Full-batch training; returns the network and the full-grid MSE after every epoch. */
export function trainReference(init: Network, xs: Float64Array, ys: Float64Array, s: ReferenceSettings): { network: Network; loss: Float64Array } {
  const n = init.a.length;
  const p = flatten(init);
  const g = new Float64Array(p.length);
  const m = new Float64Array(p.length);
  const v = new Float64Array(p.length);
  const loss = new Float64Array(s.epochs);
  const act = s.activation ?? 'relu';
  for (let t = 1; t <= s.epochs; t++) {
    lossAndGradOf(act, p, n, xs, ys, g);
    const factor = s.schedule === 'cosine' ? 0.5 * (1 + Math.cos((Math.PI * (t - 1)) / s.epochs)) : 1;
    optimizerStep(s.optimizer, s.lr * factor, t, g, p, m, v);
    loss[t - 1] = lossAndGradOf(act, p, n, xs, ys, g);
  }
  return { network: unflatten(p, n), loss };
}
