// The optimizers and learning-rate schedules both trainers share (TF.js in src/tfjs/train.ts and
// the float64 reference in reference.ts), so the two take exactly the same steps.

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
