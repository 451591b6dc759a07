// The defaults of a two-input run (`train` or `sweep` of product, saddle, bowl, sin-sum, ridge)
// where no flag or config key sets a value: smaller and shorter than one input's, because a
// two-input grid holds n² points (cli/commands/train-plane.ts planeSettings reads them).
import { DEFAULT_SAMPLES_2 } from '../math/targets2.js';

/** A width-8 product trains in seconds and already holds the diagonal folds (docs/interaction.md). */
export const PLANE_DEFAULTS = { hidden: 8, seed: 1, init: 'bends', optimizer: 'adam', lr: 0.01, schedule: 'cosine', epochs: 3000, batchSize: 0, restarts: 3, refit: 'during', backend: 'auto' } as const;

/** One sentence for the settings listing and docs/settings.md. */
export const planeDefaultsText = (): string =>
  `Two-input runs (train or sweep of product, saddle, bowl, sin-sum, ridge) have their own defaults: hidden ${PLANE_DEFAULTS.hidden}, samples ${DEFAULT_SAMPLES_2} per axis, epochs ${PLANE_DEFAULTS.epochs}, restarts ${PLANE_DEFAULTS.restarts}, seed ${PLANE_DEFAULTS.seed}, init ${PLANE_DEFAULTS.init} (he for smooth or deep units).`;
