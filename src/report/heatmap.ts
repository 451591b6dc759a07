// Functions of two inputs as heatmaps in the terminal, side by side (target, learned, error), each
// with a value legend, and a network's fold lines drawn over a map. On a colour terminal a cell is a
// background colour (truecolour, or the xterm 256-colour cube); piped or with NO_COLOR it is a
// character of a density ramp. Colours follow TensorFlow Playground's heatmap: orange for low,
// near-white for the middle, blue for high. Returns strings; never prints.
import { clipLine } from '../math/folds.js';
import type { PlaneGrid } from '../math/targets2.js';
import { visibleWidth } from './chart.js';
import { renderSvg, type Figure } from './figures.js';
import { num } from './text.js';

export interface Line {
  a1: number;
  a2: number;
  b: number;
}

export interface HeatPanel {
  title: string;
  /** Values in the grid's point order. */
  values: ArrayLike<number>;
  /** The value range the colours span; panels given the same range compare by colour. Default: the panel's own. */
  range?: [number, number];
  /** Lines a1·x1 + a2·x2 + b = 0 to draw over the map (a network's folds). */
  lines?: Line[];
}

export interface HeatmapOptions {
  /** Columns available for all panels together. */
  width: number;
  color: boolean;
  /** 24-bit colour (COLORTERM=truecolor) rather than the 256-colour cube. */
  truecolor?: boolean;
}

/** Playground's low, middle and high colours. */
const STOPS: [number, number, number][] = [
  [245, 147, 34],
  [232, 234, 235],
  [8, 119, 189],
];
/** Light to dark: the piped map's ramp, low values light. */
const RAMP = ' .:-=+*#%@';
const GAP = 3;
/** Wider maps add nothing over a 41-point grid and crowd the terminal. */
const MAX_COLS = 48;
/** A terminal cell is about twice as tall as wide: two x2 steps per row keep the map square. */
const CELL_ASPECT = 2;

/** The panel's colour range; a range across 0 is made symmetric so 0 is the middle colour. */
export function rangeOf(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [0, 1];
  if (lo < 0 && hi > 0) {
    const m = Math.max(-lo, hi);
    return [-m, m];
  }
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

/** t in [0, 1] -> RGB along orange, white, blue. */
export function colorAt(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0.5)) * 2;
  const [p, q] = u <= 1 ? [STOPS[0], STOPS[1]] : [STOPS[1], STOPS[2]];
  const s = u <= 1 ? u : u - 1;
  return [0, 1, 2].map((k) => Math.round(p[k] + (q[k] - p[k]) * s)) as [number, number, number];
}

/** The xterm 256-colour cube index nearest to an RGB colour. */
export function xterm256([r, g, b]: [number, number, number]): number {
  const level = (v: number) => (v < 48 ? 0 : Math.min(5, 1 + Math.round((v - 95) / 40))); // levels 0, 95, 135, 175, 215, 255
  return 16 + 36 * level(r) + 6 * level(g) + level(b);
}

const bg = (rgb: [number, number, number], truecolor: boolean) => (truecolor ? `\x1b[48;2;${rgb.join(';')}m` : `\x1b[48;5;${xterm256(rgb)}m`);
const RESET = '\x1b[0m';

/** A character for a line by its direction on screen (x2 up). */
function lineChar(l: Line, color: boolean): string {
  const deg = ((Math.atan2(l.a1, -l.a2) * 180) / Math.PI + 360) % 180;
  const [flat, up, steep, down] = color ? ['─', '╱', '│', '╲'] : ['-', '/', '|', '\\'];
  return deg < 22.5 || deg >= 157.5 ? flat : deg < 67.5 ? up : deg < 112.5 ? steep : down;
}

interface Raster {
  cols: number;
  rows: number;
  /** t in [0, 1] per cell, row 0 at the top (highest x2). */
  t: Float64Array;
  /** The line character drawn in a cell, or ''. */
  marks: string[];
}

function raster(g: PlaneGrid, p: HeatPanel, cols: number, rows: number, color: boolean): Raster {
  const [[lo1, hi1], [lo2, hi2]] = g.domain;
  const [lo, hi] = p.range ?? rangeOf(p.values);
  const w1 = (hi1 - lo1) / cols;
  const w2 = (hi2 - lo2) / rows;
  const t = new Float64Array(cols * rows);
  const marks: string[] = new Array(cols * rows).fill('');
  for (let r = 0; r < rows; r++) {
    const x2 = hi2 - (r + 0.5) * w2;
    const i2 = Math.round(((x2 - lo2) / (hi2 - lo2)) * (g.n2 - 1));
    for (let c = 0; c < cols; c++) {
      const x1 = lo1 + (c + 0.5) * w1;
      const i1 = Math.round(((x1 - lo1) / (hi1 - lo1)) * (g.n1 - 1));
      t[r * cols + c] = (p.values[i2 * g.n1 + i1] - lo) / (hi - lo);
      for (const l of p.lines ?? []) {
        // one cell per row for a steep line, one per column for a flat one: a thin line
        const steep = Math.abs(l.a1) * w1 >= Math.abs(l.a2) * w2;
        const hit = steep ? Math.abs(-(l.a2 * x2 + l.b) / l.a1 - x1) <= w1 / 2 : Math.abs(-(l.a1 * x1 + l.b) / l.a2 - x2) <= w2 / 2;
        if (hit) marks[r * cols + c] = lineChar(l, color);
      }
    }
  }
  return { cols, rows, t, marks };
}

function cell(t: number, mark: string, o: HeatmapOptions): string {
  if (!o.color) return mark || RAMP[Math.min(RAMP.length - 1, Math.max(0, Math.floor((Number.isFinite(t) ? t : 0.5) * RAMP.length)))];
  const ink = mark ? `\x1b[30m${mark}` : ' ';
  return `${bg(colorAt(t), o.truecolor ?? false)}${ink}${RESET}`;
}

const pad = (s: string, w: number) => (visibleWidth(s) >= w ? [...s].slice(0, w).join('') : s + ' '.repeat(w - visibleWidth(s)));

/** The legend: the colour (or ramp) bar over the panel's width, then its low, middle and high values. */
function legend(range: [number, number], cols: number, o: HeatmapOptions): string[] {
  const bar = Array.from({ length: cols }, (_, c) => cell(cols === 1 ? 0.5 : c / (cols - 1), '', o)).join('');
  const lo = num(range[0], 3);
  const hi = num(range[1], 3);
  const mid = num((range[0] + range[1]) / 2, 3);
  const left = Math.floor((cols - mid.length) / 2) - lo.length;
  const labels = left >= 1 && cols - lo.length - left - mid.length - hi.length >= 1
    ? lo + ' '.repeat(left) + mid + ' '.repeat(cols - lo.length - left - mid.length - hi.length) + hi
    : pad(`${lo} … ${hi}`, cols);
  return [bar, labels];
}

/** Panels side by side, each titled, with its legend below and the axes named under them all. */
export function heatmaps(g: PlaneGrid, panels: HeatPanel[], o: HeatmapOptions): string {
  const P = panels.length;
  const cols = Math.max(8, Math.min(MAX_COLS, Math.floor((o.width - (P - 1) * GAP) / P)));
  const [[lo1, hi1], [lo2, hi2]] = g.domain;
  const rows = Math.max(4, Math.round(((cols / CELL_ASPECT) * (hi2 - lo2)) / (hi1 - lo1)));
  const rasters = panels.map((p) => raster(g, p, cols, rows, o.color));
  const columns = panels.map((p, k) => {
    const r = rasters[k];
    const lines = [pad(p.title, cols)];
    for (let row = 0; row < rows; row++) {
      let s = '';
      for (let c = 0; c < cols; c++) s += cell(r.t[row * cols + c], r.marks[row * cols + c], o);
      lines.push(s);
    }
    lines.push(...legend(p.range ?? rangeOf(p.values), cols, o));
    return lines;
  });
  const out: string[] = [];
  for (let i = 0; i < columns[0].length; i++) out.push(columns.map((c) => c[i]).join(' '.repeat(GAP)).trimEnd());
  out.push(`x1 from ${num(lo1)} (left) to ${num(hi1)} (right), x2 from ${num(lo2)} (bottom) to ${num(hi2)} (top)${panels.some((p) => p.lines?.length) ? '; lines: folds' : ''}`);
  return out.join('\n');
}

/** At most this many cells per axis in an SVG map: finer grids are thinned (every k-th sample). */
const MAX_SVG_CELLS = 81;
const hex = (rgb: [number, number, number]) => '#' + rgb.map((v) => v.toString(16).padStart(2, '0')).join('');

/** The same panels as a vega-lite specification: one map per panel, side by side, folds as segments. */
export function heatmapSpec(g: PlaneGrid, panels: HeatPanel[], title: string): Record<string, unknown> {
  const step1 = Math.max(1, Math.ceil(g.n1 / MAX_SVG_CELLS));
  const step2 = Math.max(1, Math.ceil(g.n2 / MAX_SVG_CELLS));
  const h1 = ((g.domain[0][1] - g.domain[0][0]) / (g.n1 - 1)) * step1;
  const h2 = ((g.domain[1][1] - g.domain[1][0]) / (g.n2 - 1)) * step2;
  const axis = (k: 0 | 1) => ({ domain: [...g.domain[k]], nice: false, zero: false });
  const hconcat = panels.map((p) => {
    const [lo, hi] = p.range ?? rangeOf(p.values);
    const values: Record<string, number>[] = [];
    for (let i2 = 0; i2 < g.n2; i2 += step2) {
      for (let i1 = 0; i1 < g.n1; i1 += step1) {
        const x1 = g.x1s[i1];
        const x2 = g.x2s[i2];
        values.push({ x1: Math.max(g.domain[0][0], x1 - h1 / 2), x1e: Math.min(g.domain[0][1], x1 + h1 / 2), x2: Math.max(g.domain[1][0], x2 - h2 / 2), x2e: Math.min(g.domain[1][1], x2 + h2 / 2), value: p.values[i2 * g.n1 + i1] });
      }
    }
    const layer: unknown[] = [
      {
        data: { values },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'x1', type: 'quantitative', title: 'x1', scale: axis(0) },
          x2: { field: 'x1e' },
          y: { field: 'x2', type: 'quantitative', title: 'x2', scale: axis(1) },
          y2: { field: 'x2e' },
          color: { field: 'value', type: 'quantitative', title: p.title, scale: { domain: [lo, (lo + hi) / 2, hi], range: [0, 0.5, 1].map((t) => hex(colorAt(t))), interpolate: 'rgb', clamp: true }, legend: { orient: 'bottom', gradientLength: 200 } },
        },
      },
    ];
    const segments = (p.lines ?? []).map((l) => clipLine(l.a1, l.a2, l.b, g.domain)).filter((s) => s !== null);
    if (segments.length) {
      layer.push({
        data: { values: segments.map(([[a, b], [c, d]]) => ({ x1: a, x2: b, x1e: c, x2e: d })) },
        mark: { type: 'rule', color: '#222', strokeWidth: 1.2 },
        encoding: { x: { field: 'x1', type: 'quantitative', scale: axis(0) }, y: { field: 'x2', type: 'quantitative', scale: axis(1) }, x2: { field: 'x1e' }, y2: { field: 'x2e' } },
      });
    }
    return { title: p.title, width: 240, height: 240, layer, resolve: { scale: { color: 'independent' } } };
  });
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, background: 'white', hconcat, resolve: { scale: { color: 'independent' } } };
}

export async function heatmapFigure(name: string, g: PlaneGrid, panels: HeatPanel[], title: string): Promise<Figure> {
  const spec = heatmapSpec(g, panels, title);
  return { name, spec, svg: await renderSvg(spec) };
}
