// The activations of src/math/activations.ts as TF.js ops: f, and f' written by hand for the
// backward pass of net-train.ts (tested against tf.grad and against the float64 f'). f' may use
// the layer's output h = f(z) where that saves kernels (tanh, sigmoid, elu).
import type { TF } from './backend.js';
import { LEAKY_SLOPE, type ActivationName } from '../math/activations.js';

type Tensor = import('@tensorflow/tfjs').Tensor;

export interface ActivationOps {
  f: (tf: TF, z: Tensor) => Tensor;
  /** f'(z) given z and h = f(z); at a kink the one-sided value of activations.ts (relu'(0) = 0). */
  df: (tf: TF, z: Tensor, h: Tensor) => Tensor;
}

/** √(2/π) and the cubic coefficient of the tanh form of gelu, as math/activations.ts computes it. */
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

const geluTanh = (tf: TF, z: Tensor) => tf.tanh(tf.mul(tf.add(z, tf.mul(tf.pow(z, 3), GELU_CUBIC)), SQRT_2_OVER_PI));

export const ACTIVATION_OPS: Record<ActivationName, ActivationOps> = {
  relu: { f: (tf, z) => tf.relu(z), df: (tf, z) => tf.step(z) },
  'leaky-relu': { f: (tf, z) => tf.leakyRelu(z, LEAKY_SLOPE), df: (tf, z) => tf.step(z, LEAKY_SLOPE) },
  abs: { f: (tf, z) => tf.abs(z), df: (tf, z) => tf.sign(z) },
  tanh: { f: (tf, z) => tf.tanh(z), df: (tf, _z, h) => tf.sub(1, tf.square(h)) },
  sigmoid: { f: (tf, z) => tf.sigmoid(z), df: (tf, _z, h) => tf.mul(h, tf.sub(1, h)) },
  sin: { f: (tf, z) => tf.sin(z), df: (tf, z) => tf.cos(z) },
  softplus: { f: (tf, z) => tf.softplus(z), df: (tf, z) => tf.sigmoid(z) },
  // e^z − 1 below 0, z above: f' = e^z = h + 1 below 0, 1 above, i.e. min(h, 0) + 1.
  elu: { f: (tf, z) => tf.elu(z), df: (tf, _z, h) => tf.add(tf.minimum(h, 0), 1) },
  gelu: {
    f: (tf, z) => tf.mul(tf.mul(z, 0.5), tf.add(geluTanh(tf, z), 1)),
    df: (tf, z) => {
      const t = geluTanh(tf, z);
      const inner = tf.mul(tf.add(tf.mul(tf.square(z), 3 * GELU_CUBIC), 1), SQRT_2_OVER_PI);
      return tf.add(tf.mul(tf.add(t, 1), 0.5), tf.mul(tf.mul(tf.mul(z, 0.5), tf.sub(1, tf.square(t))), inner));
    },
  },
  swish: {
    f: (tf, z) => tf.mul(z, tf.sigmoid(z)),
    df: (tf, z) => {
      const s = tf.sigmoid(z);
      return tf.mul(s, tf.add(tf.mul(z, tf.sub(1, s)), 1));
    },
  },
};
