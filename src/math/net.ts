// The one network description: any number of inputs, hidden layers each with a width and an
// activation, and a linear output unit. Its float64 forward pass is the reference every other
// evaluation (TF.js, the readings, the hand-built constructions) is tested against. The shallow
// one-input ReLU network {a, b, c, d} of hinges.ts is a view of it where that reading makes sense.
import { activation, type ActivationName } from './activations.js';
import type { Network } from './hinges.js';

export interface Layer {
  activation: ActivationName;
  /** W[i][j]: weight from input j of this layer to its unit i; every row has the layer's input count. */
  W: number[][];
  /** b[i]: unit i's bias. */
  b: number[];
}

/** y = w · h_L + d, h_l = act_l(W_l h_{l−1} + b_l), h_0 = x. */
export interface Net {
  inputs: number;
  layers: Layer[];
  output: { w: number[]; d: number };
}

/** Widths of the hidden layers, e.g. [8, 8, 8]. */
export const widths = (net: Net): number[] => net.layers.map((l) => l.b.length);

/** Trainable numbers: weights and biases of every layer and of the output unit. */
export function parameterCount(inputs: number, hidden: readonly number[]): number {
  let count = 0;
  let fanIn = inputs;
  for (const w of hidden) {
    count += w * (fanIn + 1);
    fanIn = w;
  }
  return count + fanIn + 1;
}

/**
 * The network on N points given row by row (X[j·inputs + k] is input k of point j). Returns ŷ and,
 * when asked, every layer's pre-activations z_l (N × width_l, row-major) for readings and gradients.
 */
export function forward(net: Net, X: ArrayLike<number>, keep?: { z: Float64Array[] }): Float64Array {
  const N = X.length / net.inputs;
  let h: ArrayLike<number> = X;
  let fanIn = net.inputs;
  for (const layer of net.layers) {
    const width = layer.b.length;
    const act = activation(layer.activation).f;
    const z = new Float64Array(N * width);
    const out = new Float64Array(N * width);
    for (let j = 0; j < N; j++) {
      for (let i = 0; i < width; i++) {
        const row = layer.W[i];
        let s = layer.b[i];
        for (let k = 0; k < fanIn; k++) s += row[k] * h[j * fanIn + k];
        z[j * width + i] = s;
        out[j * width + i] = act(s);
      }
    }
    keep?.z.push(z);
    h = out;
    fanIn = width;
  }
  const y = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    let s = net.output.d;
    for (let k = 0; k < fanIn; k++) s += net.output.w[k] * h[j * fanIn + k];
    y[j] = s;
  }
  return y;
}

/** The general form of a shallow one-input ReLU network. */
export function netOf(network: Network): Net {
  return {
    inputs: 1,
    layers: [{ activation: 'relu', W: network.a.map((a) => [a]), b: [...network.b] }],
    output: { w: [...network.c], d: network.d },
  };
}

/** The {a, b, c, d} view where it reads: one input, one hidden ReLU layer; otherwise null. */
export function shallowView(net: Net): Network | null {
  if (net.inputs !== 1 || net.layers.length !== 1 || net.layers[0].activation !== 'relu') return null;
  const [layer] = net.layers;
  return { a: layer.W.map((row) => row[0]), b: [...layer.b], c: [...net.output.w], d: net.output.d };
}
