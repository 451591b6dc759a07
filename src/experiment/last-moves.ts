// The last moves of a finished one-input non-ReLU run's kept restart, once per run: the moves LM
// cannot make (relocation, mirrors: math/best-found/trained.ts), then the grown finish, a start
// one unit narrower grown by a unit as the best-found search grows its widths. Each replaces the
// kept network only where it lowers the float32 error, so none can raise a run's error.
import { widthsOf, type Config } from '../settings.js';
import { restartSeed } from '../math/init.js';
import { plusUnit, variedKind } from '../math/smooth-starts.js';
import { activation } from '../math/activations.js';
import type { Net } from '../math/net.js';
import { finishTrained, mirrorTrained, relocateTrained, type Finished } from '../math/best-found/trained.js';
import { DEFAULT_WEIGHT_BOUND } from '../math/best-found/index.js';
import { isExact } from '../math/roundoff.js';
import type { GridData } from './grid.js';
import { startOf } from './starts.js';

/** What lastMoves needs of a kept restart (run.ts polished). */
export interface Kept {
  net: Net;
  divergedAt: number | null;
  /** Float32 MSE after the finish; undefined where the run was not finished. */
  polishedMse?: number;
  moved?: boolean;
}

/**
 * The kept restart of a finished non-ReLU run after the moves LM cannot make (math/best-found/
 * trained.ts): units relocated (as the ReLU polish relocates), then units that face a way
 * (leaky-relu, softplus, elu, gelu, swish) mirrored (as the best-found search mirrors); each kept
 * only where it pays. Then the grown finish (grownFinish) where it is lower. Once per run, not per
 * restart, for their cost (up to 10–25 s at widths 12–16 on 1000 points on the shared 2 cores).
 */
export function lastMoves<T extends Kept>(c: Config, data: GridData, t: T): T & { grown?: true } {
  if (c.activation === 'relu' || t.polishedMse === undefined || t.divergedAt !== null) return t;
  // a fit already exact up to float32 round-off, as the reports call it, has nothing to show for
  // them (gelu on sin at width 16 on 1000 points, 2e-16: 15 s of moves for nothing); a NaN can gain nothing
  if (isExact(t.polishedMse) || !Number.isFinite(t.polishedMse)) return t;
  const moved = movesOf(t.net, data);
  const out: T = moved.moved ? { ...t, net: moved.net, polishedMse: moved.mse, moved: true } : t;
  const grown = grownFinish(c, data);
  return grown && grown.mse < (out.polishedMse as number) ? { ...out, net: grown.net, polishedMse: grown.mse, moved: true, grown: true as const } : out;
}

/** `net` relocated, then mirrored, each move kept only where it lowers the float32 error; `moved` if either was kept. */
function movesOf(net: Net, data: GridData): Finished {
  const relocated = relocateTrained(net, data.xs, data.ys, DEFAULT_WEIGHT_BOUND);
  const mirrored = mirrorTrained(relocated.net, data.xs, data.ys, DEFAULT_WEIGHT_BOUND);
  return { ...mirrored, moved: relocated.moved || mirrored.moved };
}

/** The restart whose kind of start (the curvature start) the grown finish takes, one unit narrower. */
const GROW_RESTART = 1;
/** Widest run that gets the grown finish: the goal's widths (2–16), as for the moves of smooth units. */
export const GROW_MAX_WIDTH = 16;

/**
 * The grown finish of a finished smooth one-input run of width n whose restarts include the
 * curvature start: that start built for n − 1 units, plus a unit with output weight 0 bending at
 * the domain's centre (smooth-starts.ts plusUnit), finished by LM and moved as the kept restart is;
 * null where it does not apply. The best-found search grows each width from the previous width's
 * best, and from there reaches basins no start of width n lies in: elu on sin at width 12 on 1000
 * points, the best found 4.62e-9 is grown from width 11's; the same search without that start ends
 * at 1.25e-8, and training at 1.17e-8 (2.53×); the grown finish reaches 4.97e-9 (1.08×). Elsewhere
 * it was as often above the width-n finish as below (docs/activations-log.md), so it only ever
 * replaces a higher network. The LM finish alone is often orders of magnitude higher (elu on x² at
 * width 8, 200 points: 3.5e-5); the moves after it do the work (1.7e-9, the kept network 3.4e-9).
 * Periodic units (sin) are left out: relocation and mirrors leave them alone, and in 26 runs
 * (x² and sin, 200 and 1000 points) the grown finish never won. It costs about 8 s at width 12 on
 * 1000 points (the run 22 s, 14 s without it).
 */
export function grownFinish(c: Config, data: GridData): { net: Net; mse: number } | null {
  const widths = widthsOf(c.hidden);
  const n = widths[0];
  const unit = activation(c.activation);
  const finished = c.stop !== 'off' && c.refit !== 'none';
  const applies = finished && c.init === 'varied' && c.restarts > GROW_RESTART && widths.length === 1 && n >= 2 && n <= GROW_MAX_WIDTH;
  if (!applies || unit.piecewiseLinear || unit.periodic || variedKind(GROW_RESTART, widths) !== 'curvature') return null;
  const start = plusUnit(startOf(c, [n - 1], restartSeed(c.seed, GROW_RESTART), data, GROW_RESTART), (c.domain[0] + c.domain[1]) / 2);
  const grown = finishTrained(start, data.xs, data.ys, DEFAULT_WEIGHT_BOUND);
  const moved = movesOf(grown.net, data);
  return moved.moved ? moved : grown;
}
