// The SVG figures of a run, of the hand-built sums and of a sweep: the same curves the terminal
// charts draw (views.ts), laid out for vega-lite. Returns figures; experiment/store.ts writes them.
import { metrics } from '../math/compare.js';
import type { HandBuilt } from '../math/handbuilt.js';
import { evalTerms } from '../math/hinges.js';
import { pointwiseLoss } from '../math/compare.js';
import type { GridData, RunRecord } from '../experiment/run.js';
import { PALETTE, figure, type Figure } from './figures.js';
import { widthFigureData, type WidthRow } from './summary.js';
import { runCurves } from './views.js';

/** The fit (target, hand-built, learned) and the pointwise losses of one run. */
export async function runFigures(r: RunRecord, data: GridData, hb: HandBuilt | null): Promise<Figure[]> {
  const v = runCurves(r, data, hb);
  const arch = r.network ? `width ${r.config.hidden}` : `hidden ${r.net.layers.map((l) => l.b.length).join(',')}`;
  const learnedName = `learned, ${arch}`;
  const fit = [{ name: `${r.target.formula} (target)`, xs: v.xs, ys: v.target }];
  if (v.handbuilt) fit.push({ name: `${v.handbuilt.name} (hand-built)`, xs: v.xs, ys: v.handbuilt.ys });
  fit.push({ name: learnedName, xs: v.xs, ys: v.learned });
  const losses = [];
  if (v.handbuilt) losses.push({ name: v.handbuilt.name, xs: v.xs, ys: v.handbuilt.loss });
  losses.push({ name: learnedName, xs: v.xs, ys: v.learnedLoss });
  const sub = `${r.target.name}, ${arch}, seed ${r.seed}, ${r.backend}`;
  const colors = [PALETTE.target, ...(v.handbuilt ? [PALETTE.handbuilt] : []), PALETTE.learned];
  return [
    await figure('fit', fit, { title: `${r.target.formula}: target, hand-built and learned (${sub})`, xTitle: 'x', yTitle: 'y', colors }),
    await figure('loss', losses, { title: `pointwise loss 0.5·(y − ŷ)² (${sub})`, xTitle: 'x', yTitle: '0.5·(y − ŷ)²', log: true, colors: colors.slice(1) }),
  ];
}

/** Each hand-built sum against the target, then all their pointwise losses on one figure. */
export async function handbuiltFigures(formula: string, data: GridData, sums: HandBuilt[]): Promise<Figure[]> {
  const figs: Figure[] = [];
  for (const hb of sums) {
    figs.push(await figure(hb.name, [{ name: `${formula} (target)`, xs: data.xs, ys: data.ys }, { name: hb.name, xs: data.xs, ys: evalTerms(hb.terms, hb.d, data.xs) }], { title: `${hb.name} and ${formula}`, xTitle: 'x', yTitle: 'y' }));
  }
  figs.push(await figure('loss', sums.map((hb) => ({ name: hb.name, xs: data.xs, ys: pointwiseLoss(data.ys, evalTerms(hb.terms, hb.d, data.xs)) })), { title: `pointwise loss 0.5·(y − ŷ)² of ${sums.map((s) => s.name).join(', ')}`, xTitle: 'x', yTitle: 'loss' }));
  return figs;
}

/** One MSE-vs-width figure per target of a sweep (targets with at least two widths). */
export async function sweepFigures(rows: WidthRow[]): Promise<Figure[]> {
  const figs: Figure[] = [];
  for (const t of [...new Set(rows.map((r) => r.target))]) {
    const { series, options } = widthFigureData(rows, t);
    if (series.length && series[0].xs.length >= 2) figs.push(await figure(`mse-vs-width-${t}`, series, options));
  }
  return figs;
}

/** The numbers `handbuilt --json` prints for each sum. */
export function handbuiltJson(data: GridData, hb: HandBuilt): Record<string, unknown> {
  return { name: hb.name, terms: hb.terms, d: hb.d, nodes: hb.nodes, ...metrics(data.ys, evalTerms(hb.terms, hb.d, data.xs)) };
}
