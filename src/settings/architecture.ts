// The `hidden` setting as an architecture: one width (one hidden layer, as the answer's networks)
// or a list of widths, one per hidden layer. One layer stays a plain number everywhere (records,
// run ids, config.json), so everything written before deep networks existed keeps its meaning.
import { parameterCount } from '../math/net.js';
import { MAX_LAYERS, MAX_PARAMETERS, MAX_WIDTH } from '../limits.js';

/** A resolved architecture: a width for one hidden layer, or 2 … MAX_LAYERS widths for a deep network. */
export type Hidden = number | number[];

/** The widths of the hidden layers, one per layer: 4 -> [4], [8, 8] -> [8, 8]. */
export function widthsOf(hidden: Hidden): number[] {
  return typeof hidden === 'number' ? [hidden] : [...hidden];
}

/** More than one hidden layer? */
export const isDeep = (hidden: Hidden): hidden is number[] => Array.isArray(hidden);

/** As a user writes it: 4 or 8,8,8. */
export const hiddenText = (hidden: Hidden): string => widthsOf(hidden).join(',');

export const HIDDEN_ALLOWED = `a whole number from 1 to ${MAX_WIDTH} (one hidden layer) or 2 to ${MAX_LAYERS} widths separated by commas such as "8,8,8" (one per hidden layer)`;

export type Parsed<T> = { value: T } | { allowed: string };

const isWidth = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_WIDTH;

/** A config value (a number, or a string of widths) or a flag's value as typed, as a Hidden or what is allowed. */
export function parseHidden(v: unknown): Parsed<Hidden> {
  if (typeof v === 'number') return isWidth(v) ? { value: v } : { allowed: HIDDEN_ALLOWED };
  if (typeof v !== 'string' || !v.includes(',')) return { allowed: HIDDEN_ALLOWED };
  const parts = v.split(',').map((p) => p.trim());
  const bad = parts.findIndex((p) => !/^[0-9]+$/.test(p) || !isWidth(Number(p)));
  if (bad >= 0) {
    const why = parts[bad] === '' ? `layer ${bad + 1} has no width` : `layer ${bad + 1}'s width ${JSON.stringify(parts[bad])} is not a whole number from 1 to ${MAX_WIDTH}`;
    return { allowed: `${HIDDEN_ALLOWED}; ${why}` };
  }
  const widths = parts.map(Number);
  if (widths.length > MAX_LAYERS) return { allowed: `at most ${MAX_LAYERS} hidden layers (this has ${widths.length})` };
  const params = parameterCount(1, widths);
  if (params > MAX_PARAMETERS) {
    return { allowed: `at most ${MAX_PARAMETERS} trainable parameters, to train in reasonable time on this machine (this network has ${params}); use fewer or narrower layers` };
  }
  return { value: widths };
}

/**
 * The width of a one-layer architecture, for code that handles one hidden layer only. Deep
 * architectures are refused before they get there (crossCheck), so reaching it deep is a bug.
 */
export function oneLayer(hidden: Hidden): number {
  if (isDeep(hidden)) throw new Error(`one-hidden-layer code reached with hidden = ${hiddenText(hidden)}`);
  return hidden;
}
