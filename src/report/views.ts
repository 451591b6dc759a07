// The curves of a run, computed once and drawn by every renderer (terminal charts, SVG figures):
// the target, the learned function, the hand-built sum, and the pointwise losses of the last two.
import { pointwiseLoss } from '../math/compare.js';
import type { HandBuilt } from '../math/handbuilt.js';
import { evalTerms } from '../math/hinges.js';
import { forward } from '../math/net.js';
import type { GridData, RunRecord } from '../experiment/run.js';

export interface RunCurves {
  xs: Float64Array;
  target: Float64Array;
  learned: Float64Array;
  learnedLoss: Float64Array;
  /** The hand-built sum compared with (null for --compare none). */
  handbuilt: { name: string; ys: Float64Array; loss: Float64Array } | null;
}

export function runCurves(r: RunRecord, data: GridData, hb: HandBuilt | null): RunCurves {
  const learned = forward(r.net, data.xs);
  const hby = hb ? evalTerms(hb.terms, hb.d, data.xs) : null;
  return {
    xs: data.xs,
    target: data.ys,
    learned,
    learnedLoss: pointwiseLoss(data.ys, learned),
    handbuilt: hb && hby ? { name: hb.name, ys: hby, loss: pointwiseLoss(data.ys, hby) } : null,
  };
}
