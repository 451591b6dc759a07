// When things happen during training, derived from the settings: the least-squares refits of the
// output layer (--refit during: every 5% of the epochs) and the race between restarts
// (math/stopping.ts), which comes with the first refit. Pure: the trainers and the reports agree.
import { RACE_PATIENCES } from '../math/stopping.js';
import type { Config } from './table.js';

/** Epochs between the least-squares refits of the output layer during training (every 5% of the cap); 0 = none. */
export const refitEvery = (c: Pick<Config, 'refit' | 'epochs'>): number => (c.refit === 'during' ? Math.max(1, Math.ceil(c.epochs / 20)) : 0);

/** The epoch of the race between restarts: the first refit, else RACE_PATIENCES patiences; never before one patience. */
export const raceEpoch = (c: Pick<Config, 'refit' | 'epochs' | 'patience'>): number => Math.max(c.patience, refitEvery(c) || RACE_PATIENCES * c.patience);
