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
