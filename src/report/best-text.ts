// The line and sentence naming what a run is measured against: "best possible" (the exact ReLU
// optimum) or "best found" (a search for other activations, under a bound on every weight), the
// ratio learned / that, and, when the best found sits on the bound, the learned network's largest
// weight beside it: a smooth unit can trade weight size for error without end (its Taylor regime),
// so a run that leaves the bound may beat the best found. Returns strings; never prints.
import type { RunRecord } from '../experiment/run.js';
import { isExact, ratioText } from '../math/roundoff.js';

type Num = (v: number | null | undefined, digits?: number) => string;

export const isBestFound = (r: RunRecord): boolean => r.optimum?.label === 'best found';

/** "best found for tanh at width 8 (under |weights| ≤ 100, on the bound)". */
export function bestFoundName(r: RunRecord): string {
  const o = r.optimum!;
  const at = o.basis === 'same width' ? `width ${o.hidden}` : `width ${o.hidden}, as many parameters`;
  return `best found for ${r.config.activation} at ${at} (search under |weights| ≤ ${o.bound}${o.boundActive ? ', ON THE BOUND' : ''})`;
}

export function bestFoundLine(r: RunRecord, num: Num): string {
  const o = r.optimum!;
  const learnedW = r.largestWeight;
  const bound = o.boundActive
    ? `; the bound is active: the best found has a weight at ${num(o.largestWeight, 3)}, the learned network's largest is ${num(learnedW, 3)}${learnedW !== undefined && o.bound !== undefined && learnedW > o.bound ? ' (outside the bound, so it may beat the best found)' : ''}`
    : '';
  const ratio = ratioText(r.metrics.mse, o.mse, (v) => num(v, 3)) ?? num(r.ratio, 3);
  return `${bestFoundName(r)}: MSE ${num(o.mse)} (max |error| ${num(o.maxAbsError)}); learned / best found = ${ratio === 'exact' ? 'both exact (MSE at round-off level)' : ratio}${bound}`;
}

export function bestFoundSentence(r: RunRecord, num: Num): string {
  if (r.ratio === null || !r.optimum) return '';
  const o = r.optimum;
  const tail = o.boundActive
    ? ` The best found sits on the weight bound: with larger weights ${/^[aeiou]/.test(r.config.activation) ? 'an' : 'a'} ${r.config.activation} unit comes ever closer to a polynomial (its Taylor regime), so "best found" is the best under the bound, not an infimum.`
    : '';
  const leaves = r.largestWeight !== undefined && o.bound !== undefined && r.largestWeight > o.bound;
  // at round-off a ratio is the ratio of two float32 accidents (9.5e-15 against 1.09e-12 read "115×")
  const head = isExact(r.metrics.mse)
    ? isExact(o.mse)
      ? `Training and the best found are both exact on the grid (MSE at round-off level: ${num(r.metrics.mse)} and ${num(o.mse)}).`
      : `Training reached round-off (MSE ${num(r.metrics.mse)}), below the best found (${num(o.mse)}): the search is not exhaustive${leaves ? ', and the learned weights leave the bound' : ''}.`
    : isExact(o.mse)
    ? `The best found is exact on the grid (MSE ${num(o.mse)}, round-off); training ended at ${num(r.metrics.mse)}.`
    : r.ratio < 1
      ? `Training beat the best found by ${num(1 / r.ratio, 3)}× (the search is not exhaustive${leaves ? ', and the learned weights leave the bound' : ''}).`
      : r.ratio < 1.1
      ? `Training got within ${num((r.ratio - 1) * 100, 2)}% of the best found.`
      : `The best found reaches ${num(o.mse)}; training ended ${num(r.ratio, 3)}× above it.`;
  return head + tail;
}
