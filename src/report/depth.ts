// `relu-lab handbuilt --cascade M` as text, JSON and figures: the cascade's layers and weights,
// its table for m = 0…M (against the best shallow network of as many parameters when asked), a
// chart against x², and the depth-against-width points every depth report shares. Never prints.
import type { CascadeRow } from '../math/cascade.js';
import { forward, type Net } from '../math/net.js';
import { knotsOf, type PiecewiseForm } from '../math/piecewise.js';
import type { GridData } from '../experiment/run.js';
import { chart } from './chart.js';
import { figure, PALETTE, type Figure } from './figures.js';
import { num, table, type View } from './text.js';

/** One point of a depth-against-width picture: a network family's MSE at a size. */
export interface SizePoint {
  family: string;
  label: string;
  units: number;
  parameters: number;
  mse: number;
}

/** The best shallow network with at most a cascade row's parameters (3n + 1 ≤ P). */
export interface ShallowMatch {
  width: number;
  parameters: number;
  mse: number;
}

export interface CascadeReport {
  formula: string;
  domain: [number, number];
  samples: number;
  rows: CascadeRow[];
  /** max |TF.js − float64| of each row's net on the grid. */
  tfDiff: number[];
  backend: string;
  shallow?: ShallowMatch[];
  /** The exact piecewise form of the deepest net. */
  reading: PiecewiseForm;
}

const term = (w: number, name: string, first: boolean): string => {
  const sign = w < 0 ? (first ? '−' : ' − ') : first ? '' : ' + ';
  const a = Math.abs(w);
  return `${sign}${a === 1 ? '' : `${num(a, 6)}·`}${name}`;
};

/** w·h + b written out, zero weights left out. */
function affine(row: number[], input: (j: number) => string, b: number): string {
  let s = '';
  row.forEach((w, j) => {
    if (w !== 0) s += term(w, input(j), s === '');
  });
  if (b !== 0 || s === '') s += s === '' ? num(b, 6) : ` ${b < 0 ? '−' : '+'} ${num(Math.abs(b), 6)}`;
  return s;
}

/** The layers and weights of a net, one line per unit group: `layer 2  u₀ = relu(h₀ + h₁) ...`. */
export function netText(net: Net): string {
  const lines: string[] = [];
  net.layers.forEach((layer, l) => {
    const input = l === 0 ? () => 'x' : (j: number) => `h${l}.${j}`;
    const units = layer.W.map((row, i) => `h${l + 1}.${i} = ${layer.activation}(${affine(row, input, layer.b[i])})`);
    lines.push(`layer ${l + 1} (${layer.b.length} ${layer.activation}): ${units.join('; ')}`);
  });
  const L = net.layers.length;
  lines.push(`output: y = ${affine(net.output.w, (j) => `h${L}.${j}`, net.output.d)}`);
  return lines.join('\n');
}

/** Most breakpoints listed one by one; beyond, a count per layer. */
const LISTED = 24;

/**
 * A one-input piecewise-linear network read exactly: pieces against the bound ∏(n_l + 1), dead and
 * never-switching units per layer, and its knots (x, the units that kink there, slope left → right).
 */
export function readingText(form: PiecewiseForm): string {
  const knots = knotsOf(form);
  const silent = form.breakpoints.length - knots.length;
  const lines = [
    `${form.pieces} linear pieces on [${form.domain.join(', ')}] (at most ${form.bound} for widths ${form.layers.map((l) => l.width).join(',')}: ∏(n + 1)); ${knots.length} knot${knots.length === 1 ? '' : 's'}${silent ? `, and ${silent} unit kinks that later layers cancel` : ''}`,
    `dead units per layer: ${form.layers.map((l) => l.dead.length).join(', ')}; never switching: ${form.layers.map((l) => l.linear.length).join(', ')}`,
  ];
  if (knots.length <= LISTED) {
    lines.push(...knots.map((b) => `  x = ${num(b.x, 6).padStart(9)}  slope ${num(b.slopeLeft, 4)} → ${num(b.slopeRight, 4)}  from ${b.sources.map((s) => `h${s.layer + 1}.${s.unit}`).join(', ')}`));
  } else {
    const perLayer = form.layers.map((_, l) => knots.filter((b) => b.sources.some((s) => s.layer === l)).length);
    lines.push(`  knots with a unit of layer 1, 2, …: ${perLayer.join(', ')} (more than ${LISTED}: not listed; --json has them)`);
  }
  return lines.join('\n');
}

export function cascadeText(r: CascadeReport, data: GridData, view: View): string {
  const M = r.rows.length - 1;
  const L = r.domain[1];
  const last = r.rows[M];
  const head = [
    `Yarotsky's cascade for ${r.formula} on [${r.domain.join(', ')}], ${r.samples} points: ${L * L}·f_m(|x|/${L}), f_m(t) = t − Σ_{s=1..m} g_s(t)/4^s,`,
    'g_s the tent map g(t) = 2·relu(t) − 4·relu(t − 1/2) composed s times. It interpolates x² at 2^(m+1) + 1 equally spaced nodes.',
    '',
    `the network for m = ${M} (${last.widths.length} hidden layer${last.widths.length > 1 ? 's' : ''}, widths ${last.widths.join(',')}; hL.j is unit j of layer L):`,
    netText(last.net),
    '',
    `read exactly (src/math/piecewise.ts): ${readingText(r.reading)}`,
  ].join('\n');
  const cols = ['m', 'layers', 'units', 'parameters', 'pieces', 'MSE', 'max |error|', 'bound L²/4^(m+1)', 'MSE, bias refit', `TF.js (${r.backend}) max diff`];
  if (r.shallow) cols.push('best shallow, ≤ same parameters', 'shallow MSE / cascade MSE');
  const rows = r.rows.map((row, m) => {
    const cells: (string | number | null)[] = [row.m, row.widths.length, row.units, row.parameters, row.pieces, row.mse, row.maxError, row.bound, row.mseBiasFit, r.tfDiff[m]];
    if (r.shallow) {
      const s = r.shallow[m];
      cells.push(`width ${s.width} (${s.parameters} p): ${num(s.mse)}`, s.mse / row.mse);
    }
    return cells;
  });
  const shown = [...new Set([0, 1, Math.min(2, M), M])].filter((m) => m <= M);
  const curves = chart(data.xs, [{ name: `${r.formula} (target)`, ys: data.ys }, ...shown.map((m) => ({ name: `cascade m = ${m}`, ys: forward(r.rows[m].net, data.xs) }))], {
    ...view,
    title: `${r.formula} and the cascade for m = ${shown.join(', ')}`,
  });
  const errs = chart(
    data.xs,
    shown.map((m) => ({ name: `m = ${m}`, ys: errorOf(r.rows[m].net, data) })),
    { ...view, log: true, title: '|x² − cascade| on the grid (zero at the nodes)' },
  );
  return [head, '', table(cols, rows), '', curves, '', errs, '', sentence(r)].join('\n');
}

function errorOf(net: Net, data: GridData): Float64Array {
  const y = forward(net, data.xs);
  return y.map((v, j) => Math.abs(v - data.ys[j]));
}

/** What the table says, in words: where the cascade overtakes the best shallow net of its size. */
function sentence(r: CascadeReport): string {
  const rows = r.rows;
  const last = rows[rows.length - 1];
  const parts = [`Each fold adds 3 units and about 12 parameters, doubles the pieces and divides the MSE by about 16 (m = ${last.m}: ${last.pieces} pieces from ${last.units} units).`];
  if (r.shallow) {
    const first = rows.findIndex((row, m) => r.shallow![m].mse > row.mse);
    const biased = rows.findIndex((row, m) => r.shallow![m].mse > row.mseBiasFit);
    parts.push(
      first < 0
        ? 'On this grid the best shallow network of as many parameters is better at every m shown.'
        : `From m = ${first} (${rows[first].parameters} parameters) the cascade beats the best shallow network of as many parameters (${num(r.shallow[first].mse)} vs ${num(rows[first].mse)}).`,
    );
    if (biased >= 0 && biased !== first) parts.push(`With its output bias refit by least squares, from m = ${biased} (${rows[biased].parameters} parameters: ${num(rows[biased].mseBiasFit)} vs ${num(r.shallow[biased].mse)}).`);
  }
  return parts.join(' ');
}

export function cascadeJson(r: CascadeReport): Record<string, unknown> {
  return {
    target: r.formula,
    domain: r.domain,
    samples: r.samples,
    backend: r.backend,
    rows: r.rows.map((row, m) => ({
      m: row.m,
      widths: row.widths,
      units: row.units,
      parameters: row.parameters,
      pieces: row.pieces,
      mse: row.mse,
      maxAbsError: row.maxError,
      bound: row.bound,
      mseBiasFit: row.mseBiasFit,
      tfjsMaxDiff: r.tfDiff[m],
      ...(r.shallow ? { shallow: r.shallow[m] } : {}),
    })),
    net: r.rows[r.rows.length - 1].net,
    reading: { pieces: r.reading.pieces, bound: r.reading.bound, layers: r.reading.layers, knots: knotsOf(r.reading).map((b) => ({ x: b.x, slopeLeft: b.slopeLeft, slopeRight: b.slopeRight, sources: b.sources })) },
  };
}

/** The cascade against x², its errors, and (with the shallow match) MSE against parameters. */
export async function cascadeFigures(r: CascadeReport, data: GridData): Promise<Figure[]> {
  const M = r.rows.length - 1;
  const shown = [...new Set([0, 1, Math.min(2, M), M])].filter((m) => m <= M);
  const figs = [
    await figure('cascade', [{ name: `${r.formula} (target)`, xs: data.xs, ys: data.ys }, ...shown.map((m) => ({ name: `cascade m = ${m}`, xs: data.xs, ys: forward(r.rows[m].net, data.xs) }))], {
      title: `${r.formula} and Yarotsky's cascade on [${r.domain.join(', ')}]`,
      xTitle: 'x',
      yTitle: 'y',
    }),
    await figure('cascade-error', shown.filter((m) => m > 0).map((m) => ({ name: `m = ${m}`, xs: data.xs, ys: errorOf(r.rows[m].net, data) })), {
      title: '|x² − cascade| on the grid',
      xTitle: 'x',
      yTitle: '|error|',
      log: true,
    }),
  ];
  const points: SizePoint[] = r.rows.map((row) => ({ family: 'cascade (hand-built, deep)', label: `m = ${row.m}`, units: row.units, parameters: row.parameters, mse: row.mse }));
  r.rows.forEach((row) => points.push({ family: 'cascade, output bias refit', label: `m = ${row.m}`, units: row.units, parameters: row.parameters, mse: row.mseBiasFit }));
  if (r.shallow) r.shallow.forEach((s) => points.push({ family: 'best shallow (optimum)', label: `width ${s.width}`, units: s.width, parameters: s.parameters, mse: s.mse }));
  figs.push(await sizeFigure('cascade-mse-vs-parameters', points, 'parameters', `${r.formula}: MSE against parameters`));
  return figs;
}

const FAMILY_COLORS: Record<string, string> = { 'cascade (hand-built, deep)': '#b279a2', 'cascade, output bias refit': '#ff9da6', 'best shallow (optimum)': PALETTE.optimum, 'hₖ (hand-built, shallow)': PALETTE.handbuilt };

/** MSE (log) against parameters or units, one line per family. */
export async function sizeFigure(name: string, points: SizePoint[], by: 'parameters' | 'units', title: string): Promise<Figure> {
  const families = [...new Set(points.map((p) => p.family))];
  const series = families.map((f) => {
    const ps = points.filter((p) => p.family === f && p.mse > 0).sort((a, b) => a[by] - b[by]);
    return { name: f, xs: ps.map((p) => p[by]), ys: ps.map((p) => p.mse) };
  });
  const fallback = ['#4c78a8', '#e45756', '#72b7b2', '#eeca3b', '#9d755d', '#bab0ac'];
  let k = 0;
  const colors = families.map((f) => FAMILY_COLORS[f] ?? fallback[k++ % fallback.length]);
  return figure(name, series, { title, xTitle: by === 'parameters' ? 'parameters (weights and biases)' : 'hidden units', yTitle: 'MSE on the grid', log: true, points: true, colors });
}
