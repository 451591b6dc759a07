// A network evaluated in the precision TF.js trains it in: weights, inputs and every intermediate
// rounded to float32 (Math.fround after each operation), so a network that only works in float64
// (a smooth unit deep in its Taylor regime cancelling against a large output weight) shows its
// float32 error. The mean of the squared errors is summed in float64: the reduction's rounding
// is not what the bound is about and would only add noise of order 1e-7 relative.
import { activation } from '../activations.js';
import type { Net } from '../net.js';

const f32 = Math.fround;

/** Predictions of a network (any depth) in float32 arithmetic, point by point. */
export function forward32(net: Net, X: ArrayLike<number>): Float64Array {
  const N = X.length / net.inputs;
  let h: ArrayLike<number> = Float64Array.from(X, f32);
  let fanIn = net.inputs;
  for (const layer of net.layers) {
    const act = activation(layer.activation).f;
    const width = layer.b.length;
    const W = layer.W.map((row) => row.map(f32));
    const b = layer.b.map(f32);
    const out = new Float64Array(N * width);
    for (let j = 0; j < N; j++) {
      for (let i = 0; i < width; i++) {
        let s = 0;
        for (let k = 0; k < fanIn; k++) s = f32(s + f32(W[i][k] * h[j * fanIn + k]));
        out[j * width + i] = f32(act(f32(s + b[i])));
      }
    }
    h = out;
    fanIn = width;
  }
  const w = net.output.w.map(f32);
  const d = f32(net.output.d);
  const y = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    let s = 0;
    for (let i = 0; i < fanIn; i++) s = f32(s + f32(w[i] * h[j * fanIn + i]));
    y[j] = f32(s + d);
  }
  return y;
}

/** MSE of the float32 predictions against the float32-rounded targets. */
export function mse32(net: Net, X: ArrayLike<number>, y: ArrayLike<number>): number {
  const yhat = forward32(net, X);
  let s = 0;
  for (let j = 0; j < yhat.length; j++) {
    const e = f32(y[j]) - yhat[j];
    s += e * e;
  }
  return s / yhat.length;
}

/** Float32's unit round-off: each operation is exact to within this relative error. */
const EPS32 = 2 ** -24;

/**
 * An estimate, to first order and on the generous side, of how far two float32 evaluations of this
 * network's MSE can sit apart when they add their sums in other orders (TF.js's kernels and
 * `forward32` do). Each prediction is taken to be off its exact value by up to s = ε₃₂ × the
 * magnitudes its products, sums and unit values round, carried through the layers by each unit's
 * slope (each counted once; the rounding inside an activation's own formula is not); two such
 * predictions move the MSE by up to 4·mean(|r|·s) + 4·mean(s²), r the residual. A fit cancelling
 * large terms (a smooth unit in its Taylor regime against a large output weight) has a large s,
 * up to about 1800× its MSE; a ReLU fit one below 2 % of it. On the 600 networks of
 * results/activations, TF.js (wasm) and the record differ by at most 2.2 % of this estimate.
 */
export function mse32Spread(net: Net, X: ArrayLike<number>, y: ArrayLike<number>): number {
  const N = X.length / net.inputs;
  let cross = 0;
  let square = 0;
  for (let j = 0; j < N; j++) {
    // each value beside the magnitude of everything rounded on the way to it
    let h = Array.from({ length: net.inputs }, (_, k) => X[j * net.inputs + k]);
    let m = h.map(Math.abs);
    for (const layer of net.layers) {
      const act = activation(layer.activation);
      const next: number[] = [];
      const nextM: number[] = [];
      layer.b.forEach((b, i) => {
        let z = b;
        let mz = Math.abs(b);
        h.forEach((v, k) => {
          z += layer.W[i][k] * v;
          mz += Math.abs(layer.W[i][k]) * (Math.abs(v) + m[k]);
        });
        const v = act.f(z);
        next.push(v);
        nextM.push(Math.abs(v) + Math.abs(act.df(z)) * mz);
      });
      h = next;
      m = nextM;
    }
    let out = net.output.d;
    let mOut = Math.abs(net.output.d);
    h.forEach((v, i) => {
      out += net.output.w[i] * v;
      mOut += Math.abs(net.output.w[i]) * (Math.abs(v) + m[i]);
    });
    const s = EPS32 * mOut;
    cross += Math.abs(y[j] - out) * s;
    square += s * s;
  }
  return (4 * (cross + square)) / N;
}

/**
 * Where `saved` (a network read back from float32 storage) holds another weight than `net` rounded
 * to float32, in words ("hidden layer 1, unit 3, bias: 0.25 against 0.5"), or null where every
 * weight is the same float32 number.
 */
export function float32Mismatch(saved: Net, net: Net): string | null {
  const differ = (a: number, b: number) => a !== f32(b) && !(Number.isNaN(a) && Number.isNaN(b));
  const say = (where: string, a: number, b: number) => `${where}: ${a} against ${f32(b)} in the record`;
  for (const [l, layer] of net.layers.entries()) {
    const other = saved.layers[l];
    for (const [i, row] of layer.W.entries()) {
      for (const [k, w] of row.entries()) if (differ(other.W[i][k], w)) return say(`hidden layer ${l + 1}, unit ${i + 1}, weight ${k + 1}`, other.W[i][k], w);
      if (differ(other.b[i], layer.b[i])) return say(`hidden layer ${l + 1}, unit ${i + 1}, bias`, other.b[i], layer.b[i]);
    }
  }
  for (const [i, w] of net.output.w.entries()) if (differ(saved.output.w[i], w)) return say(`the output weight of unit ${i + 1}`, saved.output.w[i], w);
  if (differ(saved.output.d, net.output.d)) return say('the output bias', saved.output.d, net.output.d);
  return null;
}
