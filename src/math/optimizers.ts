// The optimizers and learning-rate schedules the trainers share (the fused TF.js trainer's host
// update in src/tfjs/train.ts, the general one's on the device in src/tfjs/adam.ts, and the float64
// reference in reference.ts), so they take the same steps.

export const OPTIMIZERS = ['adam', 'sgd'] as const;
export const SCHEDULES = ['cosine', 'constant'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];
export type Schedule = (typeof SCHEDULES)[number];

/** Adam's constants: TF.js's defaults for float32 (its epsilon is 1e-7, not Keras's 1e-8 in float64). */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** The learning-rate factor at optimizer step t of T (1-based). Cosine ends near, not at, 0. */
export function scheduleFactor(schedule: Schedule, t: number, total: number): number {
  return schedule === 'cosine' ? 0.5 * (1 + Math.cos((Math.PI * (t - 1)) / total)) : 1;
}

/**
 * One optimizer step in float64, in place, on p[o … o + g.length) (and the moments m, v at the same
 * offsets) from the gradient g: Adam exactly as TF.js's AdamOptimizer computes it (bias corrections
 * on m and v, ε outside the root), or plain SGD. lr already carries the schedule's factor; t is the
 * 1-based step count. The reference trainer and the fused trainer's host update both step with it.
 */
export function optimizerStep(optimizer: Optimizer, lr: number, t: number, g: Float64Array, p: Float64Array, m: Float64Array, v: Float64Array, o = 0): void {
  const len = g.length;
  if (optimizer === 'sgd') {
    for (let i = 0; i < len; i++) p[o + i] -= lr * g[i];
    return;
  }
  const { beta1, beta2, epsilon } = ADAM;
  const lrStep = lr / (1 - beta1 ** t);
  const vScale = 1 / (1 - beta2 ** t);
  for (let i = 0; i < len; i++) {
    const gi = g[i];
    const mi = (m[o + i] = beta1 * m[o + i] + (1 - beta1) * gi);
    const vi = (v[o + i] = beta2 * v[o + i] + (1 - beta2) * gi * gi);
    p[o + i] -= (lrStep * mi) / (Math.sqrt(vi * vScale) + epsilon);
  }
}
