// Depth against width in a sweep folder: for a sweep whose runs have more than one depth, the MSE
// of trained networks of every depth against their number of parameters (and of units), beside
// the references — the best shallow network (the optimum the records carry), the answer's hₖ
// sums and Yarotsky's cascade (computed here from the grid). A table, a terminal scatter plot and
// the figures; sweeps of shallow runs alone never get this section. Never prints, never writes.
import { cascadeTable, MAX_CASCADE, symmetricHalfWidth } from '../math/cascade.js';
import { metrics } from '../math/compare.js';
import { handBuilt, maxK } from '../math/handbuilt.js';
import { evalTerms } from '../math/hinges.js';
import { parameterCount, type Net } from '../math/net.js';
import { pieceBound, piecewiseForm } from '../math/piecewise.js';
import { activation } from '../math/activations.js';
import { grid, target as targetOf } from '../math/targets.js';
import type { RunRecord } from '../experiment/run.js';
import { widthsOf } from '../settings.js';
import { sizeFigure, type SizePoint } from './depth.js';
import type { Figure } from './figures.js';
import { num, table, type View } from './text.js';

type Run = { id: string; record: RunRecord };

/** A record's hidden widths, for readers of records of any age (4 → [4], [8, 8, 8] → [8, 8, 8]); html-sweep.ts uses it. */

/** Trained runs of one architecture (pooled over seeds) for one target and grid. */
export interface ArchRow {
  target: string;
  widths: number[];
  depth: number;
  units: number;
  parameters: number;
  runs: number;
  ok: number;
  median: number;
  min: number;
  max: number;
  /** Median linear pieces of the trained nets on the domain (exact reading), null when records carry no piecewise-linear net. */
  pieces: number | null;
  /** ∏(n_l + 1): the most pieces these widths allow. */
  bound: number;
}

/** The linear pieces of a record's trained net, read exactly; null for records without a general net (before deep nets) or smooth activations. */
function piecesOf(r: RunRecord): number | null {
  const net = (r as { net?: Net }).net;
  if (!net || net.inputs !== 1 || !net.layers.every((l) => activation(l.activation).piecewiseLinear)) return null;
  return piecewiseForm(net, r.config.domain).pieces;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Whether a folder's runs have more than one depth or any deep run: then the depth section is drawn. */
export function hasDepth(runs: Run[]): boolean {
  return runs.some((r) => widthsOf(r.record.config.hidden).length > 1);
}

export function archRows(runs: Run[]): ArchRow[] {
  const groups = new Map<string, Run[]>();
  for (const run of runs) {
    const c = run.record.config;
    const key = JSON.stringify([c.target, c.domain, c.samples, widthsOf(c.hidden)]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(run);
  }
  return [...groups.values()]
    .map((group) => {
      const c = group[0].record.config;
      const widths = widthsOf(c.hidden);
      const ok = group.filter((g) => g.record.status === 'ok');
      const mses = ok.map((g) => g.record.metrics.mse);
      const pieces = ok.map((g) => piecesOf(g.record)).filter((p): p is number => p !== null);
      return {
        target: c.target,
        widths,
        depth: widths.length,
        units: widths.reduce((a, b) => a + b, 0),
        parameters: parameterCount(1, widths),
        runs: group.length,
        ok: mses.length,
        median: mses.length ? median(mses) : NaN,
        min: mses.length ? Math.min(...mses) : NaN,
        max: mses.length ? Math.max(...mses) : NaN,
        pieces: pieces.length ? median(pieces) : null,
        bound: pieceBound(widths),
      };
    })
    .sort((p, q) => p.target.localeCompare(q.target) || p.depth - q.depth || p.parameters - q.parameters);
}

export const trainedFamily = (depth: number): string => (depth === 1 ? 'trained shallow (median)' : `trained depth ${depth} (median)`);

/**
 * Every point of the picture for one target: the trained architectures (median over seeds), the best
 * shallow network at each width the records name, hₖ, and the cascade where it applies (x² on a
 * symmetric domain) up to a little beyond the largest trained network.
 */
export function depthPoints(runs: Run[], tgt: string): SizePoint[] {
  const mine = runs.filter((r) => r.record.config.target === tgt);
  if (!mine.length) return [];
  const points: SizePoint[] = archRows(mine)
    .filter((r) => r.ok > 0)
    .map((r) => ({ family: trainedFamily(r.depth), label: r.widths.join(','), units: r.units, parameters: r.parameters, mse: r.median }));
  const optimum = new Map<number, number>();
  for (const { record: r } of mine) {
    const widths = widthsOf(r.config.hidden);
    const o = r.optimum as (RunRecord['optimum'] & { hidden?: number }) | null;
    const width = o ? (o.hidden ?? (widths.length === 1 ? widths[0] : null)) : null;
    if (o && width !== null) optimum.set(width, o.mse);
  }
  for (const [width, mse] of [...optimum].sort((p, q) => p[0] - q[0])) {
    points.push({ family: 'best shallow (optimum)', label: `width ${width}`, units: width, parameters: parameterCount(1, [width]), mse });
  }
  const c = mine[0].record.config;
  const { f } = targetOf(c.target);
  const xs = grid(c.domain, c.samples);
  const data = { xs, ys: xs.map(f) };
  for (let k = 1; k <= maxK(c.domain); k++) {
    const hb = handBuilt(k, f, c.domain);
    points.push({ family: 'hₖ (hand-built, shallow)', label: hb.name, units: 2 * k, parameters: parameterCount(1, [2 * k]), mse: metrics(data.ys, evalTerms(hb.terms, hb.d, data.xs)).mse });
  }
  const L = symmetricHalfWidth(c.domain);
  if (c.target === 'square' && L !== null) {
    const most = Math.max(...points.map((p) => p.parameters));
    const rows = cascadeTable(MAX_CASCADE, L, data.xs, f);
    // up to the first cascade at least as large as the largest trained network
    const last = rows.findIndex((r) => r.parameters >= most);
    for (const r of rows.slice(0, Math.max(4, last < 0 ? rows.length : last + 1))) {
      points.push({ family: 'cascade (hand-built, deep)', label: `m = ${r.m}`, units: r.units, parameters: r.parameters, mse: r.mse });
    }
  }
  return points;
}

/** The Markdown section: trained architectures, then every reference, sorted by parameters. */
export function depthMd(runs: Run[]): string {
  const out = ['', '# Depth against width', '', 'MSE on the grid against the number of parameters (weights and biases). Trained: median, min and max over seeds. Best shallow: the lowest MSE any one-hidden-layer network of that width reaches (relu-lab optimum). hₖ: the answer\'s sums. Cascade: Yarotsky\'s sawtooth construction of x² (`relu-lab handbuilt --cascade M`).', ''];
  for (const tgt of [...new Set(runs.map((r) => r.record.config.target))]) {
    const mine = runs.filter((r) => r.record.config.target === tgt);
    out.push(`## ${tgt}`, '', '| architecture | depth | units | parameters | runs | median MSE | min | max | pieces (median) | at most ∏(n+1) |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of archRows(mine)) out.push(`| ${r.widths.join(',')} | ${r.depth} | ${r.units} | ${r.parameters} | ${r.ok}/${r.runs} | ${num(r.median)} | ${num(r.min)} | ${num(r.max)} | ${r.pieces ?? '—'} | ${r.bound} |`);
    const refs = depthPoints(mine, tgt).filter((p) => !p.family.startsWith('trained'));
    out.push('', '| reference | network | units | parameters | MSE |', '|---|---|---:|---:|---:|');
    for (const p of refs.sort((a, b) => a.parameters - b.parameters)) out.push(`| ${p.family} | ${p.label} | ${p.units} | ${p.parameters} | ${num(p.mse)} |`);
    out.push('');
  }
  return out.join('\n');
}

const MARKS = ['o', '*', '+', 'x', '#', '%', '@', '&'];
const LABEL = 9;

/** A terminal scatter plot of log10 MSE against parameters (or units): one mark per family. */
export function depthScatter(points: SizePoint[], by: 'parameters' | 'units', view: View, title: string): string {
  const ps = points.filter((p) => p.mse > 0 && Number.isFinite(p.mse));
  if (ps.length < 2) return `${title}: fewer than two points, no chart`;
  const families = [...new Set(ps.map((p) => p.family))];
  const cols = Math.max(20, view.width - LABEL - 2);
  const rows = Math.max(4, view.height);
  const xs = ps.map((p) => p[by]);
  const ys = ps.map((p) => Math.log10(p.mse));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const cell = Array.from({ length: rows }, () => Array<string>(cols).fill(' '));
  // references first, trained networks last: where two marks meet, the trained one shows
  const order = ps.map((_, i) => i).sort((i, j) => Number(ps[i].family.startsWith('trained')) - Number(ps[j].family.startsWith('trained')));
  order.forEach((i) => {
    const p = ps[i];
    const c = x1 === x0 ? 0 : Math.round(((xs[i] - x0) / (x1 - x0)) * (cols - 1));
    const r = y1 === y0 ? 0 : Math.round(((y1 - ys[i]) / (y1 - y0)) * (rows - 1));
    cell[r][c] = MARKS[families.indexOf(p.family) % MARKS.length];
  });
  const lines = [title, '(log scale)'];
  cell.forEach((row, r) => {
    const label = r === 0 || r === rows - 1 || r === rows >> 1 ? (10 ** (y1 - ((y1 - y0) * r) / (rows - 1))).toExponential(1).replace('e+', 'e') : '';
    lines.push(`${label.padStart(LABEL)} ┤${row.join('').trimEnd()}`);
  });
  lines.push(' '.repeat(LABEL + 1) + '└' + '─'.repeat(cols));
  const mid = String(Math.round((x0 + x1) / 2));
  const axis = String(x0).padEnd(Math.floor(cols / 2) - Math.floor(mid.length / 2)) + mid;
  lines.push(' '.repeat(LABEL + 2) + axis.padEnd(cols - String(x1).length) + String(x1));
  let row = ' '.repeat(LABEL + 2) + `x axis: ${by === 'parameters' ? 'parameters' : 'hidden units'};`;
  for (const item of families.map((f, i) => `${MARKS[i % MARKS.length]} ${f}`)) {
    if ([...row].length + 3 + [...item].length > view.width) {
      lines.push(row);
      row = ' '.repeat(LABEL + 2) + item;
    } else row += `   ${item}`;
  }
  lines.push(row);
  return lines.join('\n');
}

/** Terminal text of the depth section: the table and the two scatter plots per target. */
export function depthText(runs: Run[], view: View): string {
  const parts: string[] = [];
  for (const tgt of [...new Set(runs.map((r) => r.record.config.target))]) {
    const rows = archRows(runs.filter((r) => r.record.config.target === tgt));
    parts.push(`${tgt}: trained architectures (median over seeds)\n` + table(['architecture', 'depth', 'units', 'parameters', 'runs', 'median MSE', 'min', 'max', 'pieces', 'at most'], rows.map((r) => [r.widths.join(','), r.depth, r.units, r.parameters, `${r.ok}/${r.runs}`, r.median, r.min, r.max, r.pieces, r.bound])));
    const points = depthPoints(runs, tgt);
    parts.push(depthScatter(points, 'parameters', view, `${tgt}: MSE against parameters`));
    parts.push(depthScatter(points, 'units', view, `${tgt}: MSE against hidden units`));
  }
  return parts.join('\n\n');
}

/** Per target: MSE against parameters and against units, as SVG figures. */
export async function depthFigures(runs: Run[]): Promise<Figure[]> {
  const figs: Figure[] = [];
  for (const tgt of [...new Set(runs.map((r) => r.record.config.target))]) {
    const points = depthPoints(runs, tgt);
    figs.push(await sizeFigure(`depth-mse-vs-parameters-${tgt}`, points, 'parameters', `${tgt}: MSE against parameters, by depth`));
    figs.push(await sizeFigure(`depth-mse-vs-units-${tgt}`, points, 'units', `${tgt}: MSE against hidden units, by depth`));
  }
  return figs;
}
