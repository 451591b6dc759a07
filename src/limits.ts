// Every limit a user can hit, as a named constant in one place. Settings validation, the docs
// table and the JSON Schema read them from here, so a limit changed here changes everywhere.
// Each limit is what this 2-core machine finishes in a stated time, or guards against a value
// that would never return (a grid that is not finite, a config nested without end).

/** Most grid points: the grid, its targets and the optimum's arrays stay a few tens of MB. */
export const MAX_SAMPLES = 1_000_000;

/**
 * Widest hidden layer: what a default run finishes in minutes, not hours (docs/limits.md). Every
 * one-layer run also computes the best width-n network, and that search grows about 17× per
 * doubling of n (1..32: 10 s, 1..64: 3 min on this loaded 2-core machine); at 128 it ran past
 * 15 minutes, at 1024 it never returned.
 */
export const MAX_WIDTH = 64;

/** Most hidden layers: the sawtooth construction needs about one layer per halving of the error; 16 is far past float32's reach. */
export const MAX_LAYERS = 16;

/**
 * Most trainable numbers in one network. A full-batch epoch costs about 6 · samples · parameters
 * flops. Measured with a plain TF.js wasm loop (Adam, 1000 samples) on this 2-core machine while
 * shared with other jobs: 8 513 parameters (64,64,64) 0.16 s per epoch, 36 961 (110,110,110,110)
 * 0.53 s; so 50 000 parameters run about 0.7 s per epoch, 8000 epochs in under two hours at worst,
 * and a few minutes for a few hundred epochs. The widest one-layer network (64 units, 193
 * parameters) is far below it.
 */
export const MAX_PARAMETERS = 50_000;

/** Largest |lo| and |hi| of a domain: keeps x, x² and x³ finite in float32 and the grid's steps resolvable. */
export const DOMAIN_BOUND = 1e6;

/**
 * Shortest domain hi − lo. At the bound (1e6) a float64 step is 2.3e-10; 1e-3 spread over
 * MAX_SAMPLES points gives steps of 1e-9, so every grid point stays distinct.
 */
export const MIN_DOMAIN_WIDTH = 1e-3;

export const MAX_SEED = 2 ** 31 - 1;
/** Largest learning rate: past it every optimiser here diverges on every target. */
export const MAX_LR = 10;
export const MAX_EPOCHS = 10_000_000;
/** Most networks trained side by side for one run. */
export const MAX_RESTARTS = 64;

/** Largest config file read: a real one is under a kilobyte. */
export const MAX_CONFIG_BYTES = 1_000_000;
/** Deepest nesting of a config value: settings are numbers, strings and lists of them (3 levels: {hidden: [..]}). */
export const MAX_CONFIG_DEPTH = 8;
/** Longest list in a config (a sweep's seeds, widths, ...). */
export const MAX_LIST_LENGTH = 10_000;
/** Most runs one sweep may name (the product of its lists), checked before the product is built. */
export const MAX_SWEEP_RUNS = 100_000;
