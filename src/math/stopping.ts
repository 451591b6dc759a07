// When more epochs no longer pay: a plateau rule on the full-grid loss, the learning-rate decay
// that follows it, and the test for restarts that lag their best sibling. Pure functions over
// plain numbers, so every trainer (the batched shallow one, the deep one) can share them.

export const STOPS = ['plateau', 'off'] as const;
export type Stop = (typeof STOPS)[number];

/** Why a network stopped training. */
export type StopReason = 'plateau' | 'epochs' | 'diverged' | 'lagging';

export interface StopRule {
  stop: Stop;
  /** Epochs without a relative improvement of PLATEAU_TOLERANCE in the best loss before the plateau is declared. */
  patience: number;
  /** The decay phase lasts this share of the epochs trained before the plateau (at least one patience); default DECAY_SHARE. */
  decayShare?: number;
  /** The epoch of the race between restarts (see lagging); default RACE_PATIENCES × patience. */
  raceAt?: number;
}

/** An improvement smaller than this share of the best loss does not count: Adam's jitter at a fixed rate is of this order. */
export const PLATEAU_TOLERANCE = 0.01;

/**
 * After the plateau the learning rate decays to 0 (cosine) over this share of the epochs trained so
 * far (at least one patience), then the network stops: stopping with the rate still high would
 * leave the knots where the noise put them, and a fit that took long to find needs a slow anneal.
 */
export const DECAY_SHARE = 0.5;

/** A restart whose loss exceeds its best sibling's by this factor (after one patience) is dropped. */
export const LAG_FACTOR = 2;

/**
 * The race between restarts: at `raceAt` (the trainers put it at the first refit of the output
 * layer, when each restart has settled its knots and chosen its directions once) only the best
 * RACE_KEEP share of a run's restarts go on. Restarts of different kinds cover layouts one kind
 * misses, but most of them lose, and early: measured on gauss at width 8 (5 seeds), six kinds
 * trained to the end reach worst 1.03, the best half of them kept at epoch 400 1.07, three kinds
 * 1.25, at about the cost of three.
 */
export const RACE_KEEP = 0.5;
/** Without refits during training, the race is run after this many patiences. */
export const RACE_PATIENCES = 2;

/** What the plateau rule remembers about one network. */
export interface PlateauState {
  /** The loss that the next improvement is measured against, and the epoch it was set. */
  mark: number;
  markEpoch: number;
  /** The epoch the plateau was declared (the decay phase starts), or null while still improving. */
  plateauAt: number | null;
}

export function plateauStart(): PlateauState {
  return { mark: Infinity, markEpoch: 0, plateauAt: null };
}

/** The state after seeing the full-grid loss at `epoch`. A non-finite loss changes nothing (divergence is the trainer's business). */
export function observe(s: PlateauState, epoch: number, loss: number, rule: StopRule): PlateauState {
  if (rule.stop === 'off' || s.plateauAt !== null || !Number.isFinite(loss)) return s;
  if (loss < s.mark * (1 - PLATEAU_TOLERANCE)) return { mark: loss, markEpoch: epoch, plateauAt: null };
  if (epoch - s.markEpoch >= rule.patience) return { ...s, plateauAt: epoch };
  return s;
}

/** Epochs of the decay phase that follows a plateau declared at `plateauAt`. */
export function decayEpochs(rule: StopRule, plateauAt: number): number {
  return Math.max(1, rule.patience, Math.round((rule.decayShare ?? DECAY_SHARE) * plateauAt));
}

/**
 * The learning-rate factor at epoch `epoch` (1-based) for a network whose plateau began at
 * `plateauAt`: the base schedule's factor `base(e)` up to the plateau, then a cosine from that
 * factor down to 0 over the decay phase. Returns null once the decay phase is over (stop).
 */
export function decayedFactor(base: (epoch: number) => number, epoch: number, plateauAt: number | null, rule: StopRule): number | null {
  if (plateauAt === null || epoch <= plateauAt) return base(epoch);
  const k = epoch - plateauAt;
  const D = decayEpochs(rule, plateauAt);
  if (k > D) return null;
  return base(plateauAt) * 0.5 * (1 + Math.cos((Math.PI * k) / (D + 1)));
}

/**
 * Which members of a group of restarts lag: loss above LAG_FACTOR × the group's best, once
 * `epoch` ≥ the patience. `losses[i]` is member i's lowest loss so far (NaN/∞ for diverged ones, which
 * are not judged here). Returns the indices to drop; the best member is never dropped.
 */
export function lagging(losses: number[], epoch: number, rule: StopRule): number[] {
  if (rule.stop === 'off' || epoch < rule.patience) return [];
  const finite = losses.filter(Number.isFinite);
  if (finite.length < 2) return [];
  const best = Math.min(...finite);
  return losses.flatMap((l, i) => (Number.isFinite(l) && l > LAG_FACTOR * best ? [i] : []));
}

/**
 * The losers of the race in a group of more than two restarts: every member outside the best
 * ⌈RACE_KEEP × members⌉ by score (where each is heading: the trainers score a network by the loss
 * its knots would polish to, else its lowest loss; NaN/∞ rank last, earlier members win ties).
 * Returns the indices to drop.
 */
export function raceLosers(scores: number[]): number[] {
  if (scores.length < 3) return [];
  const ranked = scores.map((l, i) => ({ l: Number.isFinite(l) ? l : Infinity, i })).sort((p, q) => p.l - q.l || p.i - q.i);
  return ranked
    .slice(Math.ceil(RACE_KEEP * scores.length))
    .map(({ i }) => i)
    .sort((p, q) => p - q);
}
