// A start for two-input shallow ReLU networks that puts every fold inside the domain: each unit's
// normal at a random angle, its line through a random point of the rectangle, the output layer by
// least squares. Glorot or He starts put lines through the origin's neighbourhood only (zero
// biases), so many folds start far from where the target bends; this start spreads them. Pure.
import { lstsq } from './linalg.js';
import type { Net } from './net.js';
import { rng, uniform } from './rng.js';
import type { Domain2 } from './targets2.js';

export function foldsInit(width: number, seed: number, domain: Domain2, X: Float64Array, y: Float64Array): Net {
  const next = rng(seed);
  const W: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < width; i++) {
    const t = uniform(next, -Math.PI, Math.PI);
    const p1 = uniform(next, domain[0][0], domain[0][1]);
    const p2 = uniform(next, domain[1][0], domain[1][1]);
    W.push([Math.cos(t), Math.sin(t)]);
    b.push(-(Math.cos(t) * p1 + Math.sin(t) * p2));
  }
  const N = y.length;
  const columns = W.map(([a1, a2], i) => {
    const col = new Float64Array(N);
    for (let j = 0; j < N; j++) col[j] = Math.max(0, a1 * X[2 * j] + a2 * X[2 * j + 1] + b[i]);
    return col;
  });
  columns.push(new Float64Array(N).fill(1));
  const { coef } = lstsq(columns, y);
  return { inputs: 2, layers: [{ activation: 'relu', W, b }], output: { w: Array.from(coef.subarray(0, width)), d: coef[width] } };
}
