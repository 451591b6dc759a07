// Terminal charts as strings: asciichart draws the curves; this adds what it lacks (several series
// with a symbol of their own, an x axis with tick labels in domain units, a legend, a log scale,
// and a fit to the terminal width). Charts never print.
import asciichart from 'asciichart';
import { maxOf, minOf } from '../math/extent.js';

export interface Series {
  name: string;
  /** Values at the chart's xs. */
  ys: ArrayLike<number>;
}

export interface ChartOptions {
  /** Total width in columns, labels included. */
  width: number;
  /** Rows of the plot area. */
  height: number;
  /** ANSI colours, one per series; false draws each series with its own symbol instead. */
  color: boolean;
  /** Plot log10 of the values (non-positive values are drawn at the lowest positive one). */
  log?: boolean;
  title?: string;
}

const COLORS = [asciichart.default, asciichart.red, asciichart.green, asciichart.blue, asciichart.magenta, asciichart.cyan];
/** Plain-text markers: the first series keeps asciichart's line; the others get a symbol each. */
const MARKS = ['', '*', '+', 'o', '#', '%'];
const LABEL = 9;
/** Decades a log-scale chart shows below its largest value: more than a terminal's rows can tell apart. */
export const LOG_DECADES = 8;

function fmt(v: number, log: boolean, span: number): string {
  const x = log ? 10 ** v : v;
  if (x === 0 || (!log && Math.abs(x) < span * 1e-4)) return '0';
  const a = Math.abs(x);
  if (log || a >= 1e5 || a < 1e-2) return x.toExponential(1).replace('e+', 'e');
  return Number(x.toPrecision(3)).toString();
}

/** Linear interpolation of (xs, ys) at m evenly spaced points from xs[0] to xs[last]. */
export function resample(xs: ArrayLike<number>, ys: ArrayLike<number>, m: number): number[] {
  const n = xs.length;
  const lo = xs[0];
  const hi = xs[n - 1];
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < m; i++) {
    const x = m === 1 ? lo : lo + ((hi - lo) * i) / (m - 1);
    while (j < n - 2 && xs[j + 1] < x) j++;
    const t = xs[j + 1] === xs[j] ? 0 : (x - xs[j]) / (xs[j + 1] - xs[j]);
    out.push(ys[j] + Math.min(1, Math.max(0, t)) * (ys[j + 1] - ys[j]));
  }
  return out;
}

/** Tick positions (in columns) and labels along an axis from lo to hi over `cols` columns. */
export function ticks(lo: number, hi: number, cols: number): { col: number; label: string }[] {
  const want = Math.max(2, Math.floor(cols / 8));
  const raw = (hi - lo) / want;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((s) => s * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: { col: number; label: string }[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) {
    const col = Math.round(((v - lo) / (hi - lo)) * (cols - 1));
    out.push({ col, label: Number(v.toPrecision(6)).toString() });
  }
  return out;
}

/** A chart of several series over xs; every line is at most `width` columns wide (without colour codes). */
export function chart(xs: ArrayLike<number>, series: Series[], opts: ChartOptions): string {
  const log = opts.log ?? false;
  const cols = Math.max(10, opts.width - LABEL - 2);
  // The log axis spans at most LOG_DECADES below the largest value: round-off values (1e-32 where
  // a fit is exact) would otherwise stretch it until every meaningful curve is a flat line on top.
  const positive = series.flatMap((s) => Array.from(s.ys).filter((v) => v > 0 && Number.isFinite(v)));
  const floor = log ? Math.max(minOf(positive), maxOf(positive) * 10 ** -LOG_DECADES) : 0;
  const prepared = series.map((s) => {
    const ys = resample(xs, s.ys, cols);
    return log ? ys.map((v) => Math.log10(Math.max(v, Number.isFinite(floor) ? floor : 1e-300))) : ys;
  });
  const finite = prepared.flat().filter(Number.isFinite);
  let min = finite.length ? minOf(finite) : 0;
  let max = finite.length ? maxOf(finite) : 1;
  if (max === min) {
    max += 0.5;
    min -= 0.5;
  }
  const cfg = {
    min,
    max,
    height: Math.max(2, opts.height),
    offset: 3,
    padding: ' '.repeat(LABEL),
    format: (v: number) => fmt(v, log, max - min).padStart(LABEL).slice(-LABEL),
  };
  // Plot each series alone with the same scale, then lay them over each other cell by cell, so
  // each keeps its own symbol (or colour) where asciichart would give every series the same one.
  const grids = prepared.map((ys, i) => {
    const mark = MARKS[i % MARKS.length];
    const symbols = mark && !opts.color ? (['┼', '┤', ...Array(8).fill(mark)] as asciichart.PlotConfig['symbols']) : undefined;
    const text = asciichart.plot(ys.map((v) => (Number.isFinite(v) ? v : min)), symbols ? { ...cfg, symbols } : cfg);
    return text.split('\n').map((row) => [...row]);
  });
  const base = grids[0].map((row) => row.map((ch) => ({ ch, series: -1 })));
  const start = LABEL + 2;
  grids.forEach((g, i) =>
    g.forEach((row, r) =>
      row.forEach((ch, c) => {
        if (c >= start && ch !== ' ') base[r][c] = { ch, series: i };
      }),
    ),
  );
  const paint = (ch: string, i: number) => (opts.color && i >= 0 ? COLORS[i % COLORS.length] + ch + asciichart.reset : ch);
  const lines = base.map((row) => row.map((cell) => paint(cell.ch, cell.series)).join('').trimEnd());

  // x axis: a rule with tick marks, then the labels centred under them
  const lo = xs[0];
  const hi = xs[xs.length - 1];
  const tk = ticks(lo, hi, cols);
  const rule = Array(cols).fill('─');
  const labels = Array(cols + LABEL + 2).fill(' ');
  for (const t of tk) {
    rule[t.col] = '┬';
    const at = Math.min(Math.max(start + t.col - Math.floor(t.label.length / 2), 0), labels.length - t.label.length);
    if (labels.slice(at - 1, at + t.label.length + 1).every((ch) => ch === ' ')) [...t.label].forEach((ch, k) => (labels[at + k] = ch));
  }
  lines.push(' '.repeat(LABEL + 1) + '└' + rule.join(''));
  lines.push(labels.join('').trimEnd());
  const legend = series.map((s, i) => paint(opts.color || !MARKS[i % MARKS.length] ? '──' : MARKS[i % MARKS.length].repeat(2), opts.color ? i : -1) + ' ' + s.name);
  lines.push(fitLegend(legend, opts.width));
  const title = opts.title ? opts.title.split('\n').map((l) => [...l].slice(0, opts.width).join('')) : [];
  lines.unshift(...title);
  if (log) lines.splice(title.length, 0, '(log scale)');
  return lines.join('\n');
}

const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

function fitLegend(items: string[], width: number): string {
  const rows: string[] = [];
  let row = ' '.repeat(LABEL + 2);
  for (const item of items) {
    if (visible(row).trim() && visible(row).length + 3 + visible(item).length > width) {
      rows.push(row);
      row = ' '.repeat(LABEL + 2);
    }
    row += (visible(row).trim() ? '   ' : '') + item;
  }
  rows.push(row);
  return rows.join('\n');
}

/** The width of the widest line, colour codes not counted. */
export function visibleWidth(text: string): number {
  return maxOf(text.split('\n').map((l) => [...visible(l)].length));
}
