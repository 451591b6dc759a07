// One optimizer step for stacked parameters P[R, p, 1] of R runs, each with its own learning rate:
// Adam exactly as TF.js's AdamOptimizer computes it (bias corrections on m and v, ε outside the
// root), or plain SGD; the learning-rate schedule of math/optimizers.ts, or per run a factor of its
// own (the decay after its plateau, loop.ts). Both trainers (train.ts, net-train.ts) step with it.
// When runs stop, keep() narrows the moments to the runs still training.
import { ADAM, scheduleFactor, type Optimizer, type Schedule } from '../math/optimizers.js';
import type { TF } from './backend.js';
import type { Factors } from './loop.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor3D = import('@tensorflow/tfjs').Tensor3D;
type Variable = import('@tensorflow/tfjs').Variable;

export interface Updater {
  /** Apply one step (t is the 1-based step count of totalSteps); call inside tf.tidy. */
  step: (grad: Tensor3D, t: number, factors?: Factors) => void;
  /** Continue with these rows only; P is the narrowed parameter variable to update from now on. */
  keep: (rows: number[], P: Variable) => void;
  /** Release the moments and constants. */
  dispose: () => void;
}

/** The rows of x (along axis 0) as a new variable; x is released. */
export function narrow<V extends Variable>(tf: TF, x: V, rows: number[]): V {
  const out = tf.tidy(() => tf.variable(tf.gather(x, tf.tensor1d(rows, 'int32')))) as V;
  x.dispose();
  return out;
}

export function updater(tf: TF, P0: Variable, lrs0: number[], optimizer: Optimizer, schedule: Schedule, totalSteps: number): Updater {
  let P = P0;
  let lrs = lrs0;
  const { beta1, beta2, epsilon } = ADAM;
  let M = tf.tidy(() => tf.variable(tf.zerosLike(P)));
  let V = tf.tidy(() => tf.variable(tf.zerosLike(P)));
  let LR = tf.tensor3d(Float32Array.from(lrs), [lrs.length, 1, 1]);
  const k = {
    beta1: tf.scalar(beta1),
    oneMinusBeta1: tf.scalar(1 - beta1),
    beta2: tf.scalar(beta2),
    oneMinusBeta2: tf.scalar(1 - beta2),
    epsilon: tf.scalar(epsilon),
  };
  let stepScalars = new Float32Array(2 * lrs.length);
  const step = (grad: Tensor3D, t: number, factors: Factors = null) => {
    const R = lrs.length;
    const factor = scheduleFactor(schedule, t, totalSteps);
    if (optimizer === 'sgd') {
      const rate = factors ? tf.tensor3d(Float32Array.from(lrs, (lr, r) => lr * (factors[r] ?? factor)), [R, 1, 1]) : tf.mul(LR, factor);
      P.assign(tf.sub(P, tf.mul(rate, grad)));
      return;
    }
    // Each run's step size and the v correction go up as one small tensor per step.
    for (let r = 0; r < R; r++) {
      stepScalars[2 * r] = (lrs[r] * (factors?.[r] ?? factor)) / (1 - beta1 ** t);
      stepScalars[2 * r + 1] = 1 / (1 - beta2 ** t);
    }
    const [lrStep, vScale] = tf.split(tf.tensor3d(stepScalars, [R, 1, 2]), 2, 2);
    const m = tf.add(tf.mul(M, k.beta1), tf.mul(grad, k.oneMinusBeta1));
    const v = tf.add(tf.mul(V, k.beta2), tf.mul(tf.square(grad), k.oneMinusBeta2));
    M.assign(m as Tensor3D);
    V.assign(v as Tensor3D);
    P.assign(tf.sub(P, tf.div(tf.mul(lrStep, m), tf.add(tf.sqrt(tf.mul(v, vScale)), k.epsilon))) as Tensor);
  };
  const keep = (rows: number[], narrowed: Variable) => {
    P = narrowed;
    M = narrow(tf, M, rows);
    V = narrow(tf, V, rows);
    lrs = rows.map((r) => lrs[r]);
    LR.dispose();
    LR = tf.tensor3d(Float32Array.from(lrs), [lrs.length, 1, 1]);
    stepScalars = new Float32Array(2 * lrs.length);
  };
  return { step, keep, dispose: () => tf.dispose([M, V, LR, ...Object.values(k)]) };
}
