// The TF.js (float32) forward pass of any Net: what a trained or hand-built network predicts when
// TF.js evaluates it. Tested against the float64 `forward` of src/math/net.ts to float32 precision.
// Every tensor is made and disposed inside one tf.tidy; the result comes back as a plain array.
import { LEAKY_SLOPE, type ActivationName } from '../math/activations.js';
import type { Net } from '../math/net.js';
import type { TF } from './backend.js';

type Tensor2D = import('@tensorflow/tfjs').Tensor2D;

/** The tanh form of gelu (as math/activations.ts writes it): TF.js 4.22 has no gelu op. */
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

/** Each activation of math/activations.ts as TF.js ops. */
export function tfActivation(tf: TF, name: ActivationName, z: Tensor2D): Tensor2D {
  switch (name) {
    case 'relu':
      return tf.relu(z);
    case 'leaky-relu':
      return tf.leakyRelu(z, LEAKY_SLOPE);
    case 'abs':
      return tf.abs(z);
    case 'tanh':
      return tf.tanh(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'sin':
      return tf.sin(z);
    case 'softplus':
      return tf.softplus(z);
    case 'elu':
      return tf.elu(z);
    case 'gelu': {
      const inner = tf.mul(SQRT_2_OVER_PI, tf.add(z, tf.mul(GELU_CUBIC, tf.pow(z, 3))));
      return tf.mul(tf.mul(0.5, z), tf.add(1, tf.tanh(inner)));
    }
    case 'swish':
      return tf.mul(z, tf.sigmoid(z));
  }
}

/** ŷ for N points given row by row (X[j·inputs + k] is input k of point j), computed by TF.js. */
export function predictNet(tf: TF, net: Net, X: ArrayLike<number>): Float32Array {
  const N = X.length / net.inputs;
  return tf.tidy(() => {
    let h: Tensor2D = tf.tensor2d(Float32Array.from(X), [N, net.inputs]);
    for (const layer of net.layers) {
      // W is [units, fan-in]; h·Wᵀ + b gives [N, units].
      const W = tf.tensor2d(layer.W.flat(), [layer.b.length, layer.W[0]?.length ?? 0]);
      const z = tf.add(tf.matMul(h, W, false, true), tf.tensor1d(layer.b)) as Tensor2D;
      h = tfActivation(tf, layer.activation, z);
    }
    const w = tf.tensor2d(net.output.w, [net.output.w.length, 1]);
    const y = tf.add(tf.matMul(h, w), net.output.d);
    return y.dataSync() as Float32Array;
  });
}
