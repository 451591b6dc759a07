// Two-input networks as text: the folds table (with each unit's own interaction), the interaction
// of target and network, and `handbuilt` for two-input targets: the ridge-sum constructions (for
// product the polarisation identity) at each width, against the target, with heatmaps. Returns
// strings and JSON-ready objects; never prints.
import { metrics } from '../math/compare.js';
import { folds, regionCount, regionsOnGrid, type Fold } from '../math/folds.js';
import { interaction, unitInteractions, type Interaction } from '../math/interaction.js';
import { forward, type Net } from '../math/net.js';
import { RIDGE_PARTS, type Construction } from '../math/polarisation.js';
import { target2, type PlaneGrid, type Target2Name } from '../math/targets2.js';
import { heatmapFigure, heatmaps, type HeatPanel } from './heatmap.js';
import type { Figure } from './figures.js';
import { num, table, wrap, type View } from './text.js';

/** A chord end; rounding noise (|v| < 1e-9) prints as 0. */
const pt = ([a, b]: [number, number]) => `(${num(Math.abs(a) < 1e-9 ? 0 : a, 3)}, ${num(Math.abs(b) < 1e-9 ? 0 : b, 3)})`;

/** One row per unit: where it folds, how hard, and how much it interacts on its own. */
export function foldsTable(fs: Fold[], units: Interaction[]): string {
  return table(
    ['unit', 'kind', 'angle°', 'offset', 'crosses the domain', 'slope chg', 'f12', 'x1·x2'],
    fs.map((f, i) => [String(f.unit), f.kind, f.angle, tiny(f.offset), f.segment ? `${pt(f.segment[0])} – ${pt(f.segment[1])}` : '—', f.slopeChange, share(units[i].share12), tiny(units[i].product)]),
  );
}

/** 'x1 0.5, x2 0.5, x1×x2 0' as variance shares, and the x1·x2 coefficient. */
export const sharesText = (i: Interaction): string =>
  Number.isNaN(i.share12) ? 'constant (no variance)' : `variance shares: x1 ${num(share(i.share1), 3)}, x2 ${num(share(i.share2), 3)}, interaction ${num(share(i.share12), 3)}; x1·x2 coefficient ${num(tiny(i.product), 4)}`;

/** Shares and coefficients below rounding (1e-12) print as 0, not as 3e-33. */
const ROUNDING = 1e-12;
const share = (v: number) => (Math.abs(v) < ROUNDING ? 0 : v);
const tiny = share;

export interface NetReading {
  mse: number;
  maxAbsError: number;
  interaction: Interaction;
  /** Exact for a shallow ReLU network, seen on a REGION_GRID² grid for a deep one, null without ReLU. */
  regions: number | null;
  /** Folds and each unit's interaction: shallow networks only (empty for deep ones). */
  folds: Fold[];
  units: Interaction[];
  yhat: Float64Array;
}

/** Samples per axis for counting a deep network's activation patterns. */
export const REGION_GRID = 201;

/** Everything the plane reports say about a two-input network on a grid. */
export function readNet(net: Net, g: PlaneGrid, y: ArrayLike<number>): NetReading {
  const yhat = forward(net, g.X);
  const m = metrics(y, yhat);
  const relu = net.layers.every((l) => l.activation === 'relu');
  const shallow = relu && net.layers.length === 1;
  const fs = shallow ? folds(net, g.domain) : [];
  const regions = shallow ? regionCount(fs, g.domain) : relu ? regionsOnGrid(net, g.domain, REGION_GRID) : null;
  return { mse: m.mse, maxAbsError: m.maxAbsError, interaction: interaction(g, yhat), regions, folds: fs, units: net.layers.length === 1 ? unitInteractions(net, g) : [], yhat };
}

export interface HeatOptions {
  view: View;
  truecolor: boolean;
}

/** Target, network (with its folds) and error y − ŷ side by side; target and network share one colour range. */
export function planePanels(targetTitle: string, y: ArrayLike<number>, netTitle: string, r: NetReading): HeatPanel[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < y.length; j++) {
    lo = Math.min(lo, y[j], r.yhat[j]);
    hi = Math.max(hi, y[j], r.yhat[j]);
  }
  const range: [number, number] = lo < 0 && hi > 0 ? [-Math.max(-lo, hi), Math.max(-lo, hi)] : [lo, hi];
  const error = Float64Array.from(y, (v, j) => v - r.yhat[j]);
  return [
    { title: targetTitle, values: y, range },
    { title: netTitle, values: r.yhat, range, lines: r.folds.filter((f) => f.kind === 'fold') },
    { title: 'error y − ŷ', values: error },
  ];
}

export interface PlaneHandbuilt {
  target: Target2Name;
  g: PlaneGrid;
  y: Float64Array;
  /** hₖ constructions for k = 1 … K and the best-parts constructions of the same widths. */
  hk: Construction[];
  best: Construction[];
}

function describeParts(target: Target2Name): string {
  const parts = RIDGE_PARTS[target];
  const terms = parts.map((p, i) => `${i ? (p.scale < 0 ? ' − ' : ' + ') : p.scale < 0 ? '−' : ''}${Math.abs(p.scale) === 1 ? '' : `${num(Math.abs(p.scale), 3)}·`}${p.formula}`).join('');
  const oblique = parts.some((p) => p.w[0] !== 0 && p.w[1] !== 0);
  return `${target2(target).formula === terms ? terms : `${target2(target).formula} = ${terms}`}: one one-input ReLU sum per term, each unit folding along a line where that term's argument is constant${oblique ? ' (oblique folds: these interact)' : ' (folds parallel to the axes: no interaction)'}.`;
}

/** `relu-lab handbuilt --target <two-input>`: the constructions at each width, folds of the widest hₖ one, heatmaps. */
export function planeHandbuiltReport(h: PlaneHandbuilt, o: HeatOptions): string {
  const t = target2(h.target);
  const w = (s: string) => wrap(s, o.view.width);
  const [[lo1, hi1], [lo2, hi2]] = h.g.domain;
  const ti = interaction(h.g, h.y);
  const rows: (string | number | null)[][] = [];
  const readings = h.hk.map((c) => readNet(c.net, h.g, h.y));
  h.hk.forEach((c, i) => {
    const r = readings[i];
    const b = h.best.find((x) => x.width === c.width);
    const br = b ? readNet(b.net, h.g, h.y) : null;
    rows.push([c.name, c.width, r.mse, r.maxAbsError, share(r.interaction.share12), tiny(r.interaction.product), r.regions, br ? br.mse : null, br ? share(br.interaction.share12) : null]);
  });
  const last = h.hk[h.hk.length - 1];
  const lr = readings[readings.length - 1];
  const parts = [
    w(`hand-built ReLU networks for ${t.formula} on [${lo1}, ${hi1}] × [${lo2}, ${hi2}], ${h.g.n1}×${h.g.n2} points`),
    w(describeParts(h.target) + ` "hk sums": each term's function interpolated at 2k + 1 even nodes over its range with 2k units arranged as the answer's hₖ; "best": each term the best one-input network of that many units (the optimum search).`),
    w(`target: ${sharesText(ti)}`),
    table(['construction', 'width', 'MSE', 'max|err|', 'f12', 'x1·x2', 'regions', 'best MSE', 'best f12'], rows),
    'f12: share of variance in the interaction; x1·x2: the least-squares x1·x2 coefficient; best: the same width with the best one-input networks per term',
    `folds of ${last.name} (width ${last.width}):`,
    foldsTable(lr.folds, lr.units),
    `d = ${num(last.net.output.d)};  network: ${sharesText(lr.interaction)}`,
    heatmaps(h.g, planePanels(`target ${t.formula}`, h.y, last.name, lr), { width: o.view.width, color: o.view.color, truecolor: o.truecolor }),
  ];
  return parts.join('\n\n');
}

export function constructionJson(c: Construction, g: PlaneGrid, y: ArrayLike<number>): Record<string, unknown> {
  const r = readNet(c.net, g, y);
  return {
    name: c.name,
    kind: c.kind,
    width: c.width,
    mse: r.mse,
    maxAbsError: r.maxAbsError,
    interaction: jsonInteraction(r.interaction),
    regions: r.regions,
    folds: r.folds.map((f, i) => ({ ...f, interaction: jsonInteraction(r.units[i]) })),
    net: c.net,
  };
}

/** NaN is not JSON: a constant's shares are null. */
export const jsonInteraction = (i: Interaction) => ({
  share1: Number.isNaN(i.share1) ? null : i.share1,
  share2: Number.isNaN(i.share2) ? null : i.share2,
  share12: Number.isNaN(i.share12) ? null : i.share12,
  product: i.product,
  variance: i.variance,
});

/** SVG heatmaps of the widest hₖ and best constructions. */
export async function planeHandbuiltFigures(h: PlaneHandbuilt): Promise<Figure[]> {
  const t = target2(h.target);
  const out: Figure[] = [];
  for (const c of [h.hk[h.hk.length - 1], h.best[h.best.length - 1]]) {
    const r = readNet(c.net, h.g, h.y);
    const slug = c.name.replace(/\s+/g, '-');
    out.push(await heatmapFigure(`plane-${slug}`, h.g, planePanels(`target ${t.formula}`, h.y, c.name, r), `${t.formula} and the hand-built ${c.name} (width ${c.width}, MSE ${num(r.mse)})`));
  }
  return out;
}

/** A fold's line direction folded to [0°, 180°): a line and its reversed normal are one direction. */
const lineAngle = (f: Fold) => (((f.angle % 180) + 180) % 180);
/** Within this many degrees a fold counts as diagonal or axis-parallel. */
const FAMILY_TOLERANCE = 5;

/** 'diagonal 6, axis-parallel 1, other 1': where the folds inside the domain point. */
export function foldFamilies(fs: Fold[]): string {
  const near = (a: number, b: number) => Math.min(Math.abs(a - b), 180 - Math.abs(a - b)) <= FAMILY_TOLERANCE;
  let diagonal = 0;
  let axis = 0;
  let other = 0;
  for (const f of fs) {
    if (f.kind !== 'fold') continue;
    const a = lineAngle(f);
    if (near(a, 45) || near(a, 135)) diagonal++;
    else if (near(a, 0) || near(a, 90)) axis++;
    else other++;
  }
  return `diagonal ${diagonal}, axis-parallel ${axis}, other ${other}`;
}

/** The learned network and hand-built ones side by side: one column each. */
export function sideBySide(columns: { name: string; net: Net }[], g: PlaneGrid, y: ArrayLike<number>): string {
  const rs = columns.map((c) => readNet(c.net, g, y));
  const kinds = (r: NetReading, k: string) => r.folds.filter((f) => f.kind === k).length;
  const rows: (string | number | null)[][] = [
    ['widths', ...columns.map((c) => c.net.layers.map((l) => l.b.length).join('×'))],
    ['MSE', ...rs.map((r) => r.mse)],
    ['max |error|', ...rs.map((r) => r.maxAbsError)],
    ['f12 share', ...rs.map((r) => share(r.interaction.share12))],
    ['x1·x2 coef', ...rs.map((r) => tiny(r.interaction.product))],
    ['regions', ...rs.map((r) => r.regions)],
    ['folds / linear / dead', ...rs.map((r) => `${kinds(r, 'fold')} / ${kinds(r, 'linear')} / ${kinds(r, 'dead')}`)],
    ['fold directions', ...rs.map((r) => foldFamilies(r.folds))],
  ];
  return table(['', ...columns.map((c) => c.name)], rows);
}

/** A trained two-input network: interaction of target and network, its folds, the comparison, heatmaps. */
export function planeNetReport(p: { targetName: Target2Name; g: PlaneGrid; y: Float64Array; net: Net; name: string; compare: { name: string; net: Net }[] }, o: HeatOptions): string {
  const t = target2(p.targetName);
  const w = (s: string) => wrap(s, o.view.width);
  const r = readNet(p.net, p.g, p.y);
  return [
    w(`target ${t.formula}: ${sharesText(interaction(p.g, p.y))}`),
    w(`${p.name}: ${sharesText(r.interaction)}; ${r.regions === null ? 'no linear regions (not ReLU)' : `${r.regions} linear regions in the domain${p.net.layers.length > 1 ? ` (activation patterns on a ${REGION_GRID}×${REGION_GRID} grid)` : ''}`}`),
    r.folds.length ? foldsTable(r.folds, r.units) + `\nd = ${num(p.net.output.d)}` : w('a deep network: its units bend along broken lines, not straight folds; the heatmap shows the function'),
    sideBySide([{ name: p.name, net: p.net }, ...p.compare], p.g, p.y),
    heatmaps(p.g, planePanels(`target ${t.formula}`, p.y, p.name, r), { width: o.view.width, color: o.view.color, truecolor: o.truecolor }),
  ].join('\n\n');
}
