// One optimizer step for stacked parameters P[R, p, 1] of R runs, each with its own learning rate:
// Adam exactly as TF.js's AdamOptimizer computes it (bias corrections on m and v, ε outside the
// root), or plain SGD; the learning-rate schedule of math/optimizers.ts. Used by the general
// trainer (net-train.ts); the fused shallow trainer (train.ts) does the same arithmetic on the
// host in float64, where each network can stop on its own.
import { ADAM, scheduleFactor, type Optimizer, type Schedule } from '../math/optimizers.js';
import type { TF } from './backend.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor3D = import('@tensorflow/tfjs').Tensor3D;
type Variable = import('@tensorflow/tfjs').Variable;

export interface Updater {
  /** Apply one step (t is the 1-based step count of totalSteps); call inside tf.tidy. */
  step: (grad: Tensor3D, t: number) => void;
  /** Release the moments and constants. */
  dispose: () => void;
}

export function updater(tf: TF, P: Variable, lrs: number[], optimizer: Optimizer, schedule: Schedule, totalSteps: number): Updater {
  const R = lrs.length;
  const { beta1, beta2, epsilon } = ADAM;
  const M = tf.tidy(() => tf.variable(tf.zerosLike(P)));
  const V = tf.tidy(() => tf.variable(tf.zerosLike(P)));
  const LR = tf.tensor3d(Float32Array.from(lrs), [R, 1, 1]);
  const k = {
    beta1: tf.scalar(beta1),
    oneMinusBeta1: tf.scalar(1 - beta1),
    beta2: tf.scalar(beta2),
    oneMinusBeta2: tf.scalar(1 - beta2),
    epsilon: tf.scalar(epsilon),
  };
  const stepScalars = new Float32Array(2 * R);
  const step = (grad: Tensor3D, t: number) => {
    const factor = scheduleFactor(schedule, t, totalSteps);
    if (optimizer === 'sgd') {
      P.assign(tf.sub(P, tf.mul(tf.mul(LR, factor), grad)));
      return;
    }
    // Each run's step size and the v correction go up as one small tensor per step.
    for (let r = 0; r < R; r++) {
      stepScalars[2 * r] = (lrs[r] * factor) / (1 - beta1 ** t);
      stepScalars[2 * r + 1] = 1 / (1 - beta2 ** t);
    }
    const [lrStep, vScale] = tf.split(tf.tensor3d(stepScalars, [R, 1, 2]), 2, 2);
    const m = tf.add(tf.mul(M, k.beta1), tf.mul(grad, k.oneMinusBeta1));
    const v = tf.add(tf.mul(V, k.beta2), tf.mul(tf.square(grad), k.oneMinusBeta2));
    M.assign(m as Tensor3D);
    V.assign(v as Tensor3D);
    P.assign(tf.sub(P, tf.div(tf.mul(lrStep, m), tf.add(tf.sqrt(tf.mul(v, vScale)), k.epsilon))) as Tensor);
  };
  return { step, dispose: () => tf.dispose([M, V, LR, ...Object.values(k)]) };
}
