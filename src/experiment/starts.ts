// The initial networks of a run: which inits can start which architecture (checked before any
// work), and the start of each restart for the general trainer (tfjs/net-train.ts). The fused
// one-input ReLU trainer builds its hinges itself (math/init.ts initialNetwork).
import { widthsOf, type Config } from '../settings.js';
import { initialNet, KNOT_INITS, solveNetOutput } from '../math/init.js';
import { activationInitRefusal } from '../settings/activation-init.js';
import { variedKind, variedNet } from '../math/smooth-starts.js';
import type { Net } from '../math/net.js';
import { refitOutput } from '../math/best-found/trained.js';
import { DEFAULT_WEIGHT_BOUND } from '../math/best-found/index.js';
import { ConfigError } from '../errors.js';
import type { GridData } from './grid.js';

/** Check before any work that every config's init can start its architecture. */
export function checkInits(configs: Config[]): void {
  for (const c of configs) {
    const widths = widthsOf(c.hidden);
    const why = activationInitRefusal(c.init, c.activation, 1, widths, c.domain);
    if (why) throw new ConfigError([`--init: ${JSON.stringify(c.init)} cannot start hidden ${widths.join(',')} of ${c.activation} units: ${why}`]);
  }
}

/**
 * The initial network of a run through the general trainer. A knot-placing start (mixed, curvature,
 * spread, ...) builds ReLU hinges: for leaky-relu and abs the same knots become their units and the
 * output layer is solved again for them (deeper layers pass non-negative values on unchanged, as
 * they do for ReLU).
 */
export function startOf(c: Config, widths: number[], seed: number, data: GridData, restart = 0): Net {
  if (c.init === 'varied' && variedKind(restart, widths) !== 'he') {
    // a start of another kind than He: its output layer by bounded least squares (restart 0 is today's he start, output Glorot)
    return refitOutput(variedNet(c.activation, widths, seed, data.xs, data.ys, DEFAULT_WEIGHT_BOUND, restart), data.xs, data.ys).net;
  }
  const knots = c.init === 'cascade' || (KNOT_INITS as readonly string[]).includes(c.init);
  const acts = widths.map(() => (knots ? 'relu' : c.activation));
  const net = initialNet(c.init, 1, widths, acts, seed, c.domain, data.xs, data.ys, restart);
  if (!knots || c.activation === 'relu') return net;
  const swapped: Net = { ...net, layers: net.layers.map((l) => ({ ...l, activation: c.activation })) };
  return solveNetOutput(swapped, data.xs, data.ys).net;
}
