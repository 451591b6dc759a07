// The vega-lite specifications of the report page's charts. Every series differs by dash and by
// point shape as well as by colour (readable in black and white and without colour vision), and
// every spec carries a description (vega turns it into the SVG's aria-label).
import type { Hinge, Network } from '../math/hinges.js';

/** Drawing size in CSS pixels: fits an A4 page's printable width (186 mm ≈ 703 px) with its axes and legend. */
export const CHART_WIDTH = 540;
export const CHART_HEIGHT = 280;
export const SMALL_WIDTH = 360;
export const SMALL_HEIGHT = 160;

/** At most this many points per curve: smooth at the drawn size, small in the page. */
export const MAX_POINTS = 200;

/** Dash patterns and shapes in series order, so the n-th series looks the same on every chart. */
const DASHES = [[1, 0], [7, 3], [2, 2], [10, 3, 2, 3], [4, 4], [12, 2], [1, 3]];
const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'wedge'];
const NUM = '.4~g';

/** The curves every page draws keep one colour, dash and shape on every chart. */
export const ROLES = {
  target: { color: '#4c78a8', dash: [1, 0], shape: 'circle' },
  handbuilt: { color: '#f58518', dash: [6, 3], shape: 'triangle-up' },
  optimum: { color: '#54a24b', dash: [2, 3], shape: 'square' },
  learned: { color: '#e45756', dash: [10, 3, 2, 3], shape: 'diamond' },
} as const;
export type Role = keyof typeof ROLES;

export interface Row {
  series: string;
  x: number;
  y: number;
  [k: string]: unknown;
}

/** Colours, dashes and shapes of series that play the given roles, for LineOptions. */
export function styled(roles: Role[]): Pick<LineOptions, 'colors' | 'dashes' | 'shapes'> {
  return { colors: roles.map((r) => ROLES[r].color), dashes: roles.map((r) => [...ROLES[r].dash]), shapes: roles.map((r) => ROLES[r].shape) };
}

/** Every step-th sample (and the last), dropping non-finite values (and non-positive ones on a log scale). */
export function thinRows(series: string, xs: ArrayLike<number>, ys: ArrayLike<number>, log = false, max = MAX_POINTS): Row[] {
  const n = xs.length;
  const step = Math.max(1, Math.ceil(n / max));
  const rows: Row[] = [];
  for (let j = 0; j < n; j += step) rows.push({ series, x: xs[j], y: ys[j] });
  if (n && (n - 1) % step !== 0) rows.push({ series, x: xs[n - 1], y: ys[n - 1] });
  return rows.filter((r) => Number.isFinite(r.y) && (!log || r.y > 0));
}

export interface LineOptions {
  title: string;
  description: string;
  xTitle: string;
  yTitle: string;
  /** Series names in drawing order, and their colours. */
  order: string[];
  colors: string[];
  /** Dash and shape per series (default: by position); `roles` sets colour, dash and shape at once. */
  dashes?: number[][];
  shapes?: string[];
  log?: boolean;
  points?: boolean;
  small?: boolean;
  /** Horizontal reference lines (e.g. the optimum's MSE), drawn dashed with a label. */
  rules?: { label: string; y: number; color: string }[];
  /** Min–max bands per series. */
  bands?: { series: string; x: number; lo: number; hi: number }[];
  /** A log x axis (parameters from a few to thousands). */
  xLog?: boolean;
  /** Whole-number x values (widths): ticks only at whole numbers. */
  xInteger?: boolean;
  /** Rows come from the page's datasets (filled by the page script) instead of inline values. */
  dataset?: string;
}

function seriesEncoding(o: LineOptions, legend: boolean) {
  const dom = { domain: o.order };
  // One legend for colour, dash and shape together: its symbols then show all three (a thin outline
  // where points are drawn: a thick dashed one only blurs a filled shape).
  const leg = legend ? { orient: 'top', columns: 2, labelLimit: 320, symbolStrokeWidth: o.points ? 0.5 : 2.5, symbolSize: 160, symbolOpacity: 1 } : null;
  return {
    color: { field: 'series', type: 'nominal', title: null, scale: { ...dom, range: o.colors }, legend: leg },
    strokeDash: { field: 'series', type: 'nominal', title: null, scale: { ...dom, range: o.dashes ?? o.order.map((_, i) => DASHES[i % DASHES.length]) }, legend: leg },
    shape: { field: 'series', type: 'nominal', title: null, scale: { ...dom, range: o.shapes ?? o.order.map((_, i) => SHAPES[i % SHAPES.length]) }, legend: leg },
  };
}

/** Lines (and points) of several series on one chart, with optional reference lines and bands. */
export function lineSpec(rows: Row[], o: LineOptions): Record<string, unknown> {
  const yScale = o.log ? { type: 'log' } : { zero: false };
  const x = { field: 'x', type: 'quantitative', title: o.xTitle, scale: o.xLog ? { type: 'log' } : { nice: false, zero: false }, ...(o.xInteger ? { axis: { tickMinStep: 1, format: 'd' } } : o.small ? { axis: { tickCount: 6 } } : {}) };
  const y = { field: 'y', type: 'quantitative', title: o.yTitle, scale: yScale };
  const enc = seriesEncoding(o, true);
  const layers: unknown[] = [];
  if (o.bands?.length) {
    layers.push({
      data: { values: o.bands },
      mark: { type: 'area', opacity: 0.18 },
      encoding: { x: { field: 'x', type: 'quantitative', scale: o.xLog ? { type: 'log' } : undefined }, y: { field: 'lo', type: 'quantitative', scale: yScale }, y2: { field: 'hi' }, color: enc.color },
    });
  }
  const { shape, ...lineEnc } = enc;
  layers.push({ mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, ...lineEnc } });
  if (o.points) {
    layers.push({
      mark: { type: 'point', filled: true, size: 50, opacity: 1 },
      encoding: { x, y, color: enc.color, shape, tooltip: [{ field: 'series', title: 'series' }, { field: 'x', title: o.xTitle, format: NUM }, { field: 'y', title: o.yTitle, format: NUM }] },
    });
  }
  for (const r of o.rules ?? []) {
    if (!(Number.isFinite(r.y) && (!o.log || r.y > 0))) continue;
    layers.push({
      data: { values: [{ y: r.y, label: `${r.label}: ${r.y.toPrecision(4)}` }] },
      layer: [
        { mark: { type: 'rule', strokeDash: [5, 3], color: r.color, strokeWidth: 1.5 }, encoding: { y: { field: 'y', type: 'quantitative', scale: yScale }, tooltip: { field: 'label' } } },
        { mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -2, dy: -2, color: r.color, x: 'width' }, encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } } },
      ],
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    description: o.description,
    width: o.small ? SMALL_WIDTH : CHART_WIDTH,
    height: o.small ? SMALL_HEIGHT : CHART_HEIGHT,
    background: 'white',
    data: o.dataset ? { name: o.dataset } : { values: rows },
    layer: layers,
  };
}

/** A unit's contribution c·relu(a·x + b) along the grid, thinned like the curves. */
function unitRows(net: Network, h: Hinge, xs: ArrayLike<number>): Row[] {
  const i = h.unit;
  const ys = Array.from(xs, (x) => net.c[i] * Math.max(0, net.a[i] * x + net.b[i]));
  return thinRows(`unit ${i}`, xs, ys).map((r) => ({ ...r, unit: i }));
}

/**
 * The fit chart: target, hand-built, learned and best possible; each live unit's own line
 * c·relu(a·x + b) (faint, bold while its table row or knot is hovered: the `unit` parameter); and
 * the knots on the learned curve, shaped by the side they face, with the unit in their tooltip.
 */
export function fitSpec(curves: Row[], o: LineOptions, net: Network, hs: Hinge[], xs: ArrayLike<number>, learnedAt: (x: number) => number): Record<string, unknown> {
  const base = lineSpec(curves, o);
  const live = hs.filter((h) => h.kind === 'hinge' || h.kind === 'linear');
  const units = live.flatMap((h) => unitRows(net, h, xs));
  const knots = hs
    .filter((h) => h.kind === 'hinge' && h.knot !== null)
    .map((h) => ({ unit: h.unit, x: h.knot as number, y: learnedAt(h.knot as number), a: h.a, b: h.b, c: h.c, slopeChange: h.slopeChange, faces: h.direction, kind: h.kind, label: `unit ${h.unit}` }));
  const on = 'datum.unit === unit';
  const unitLayer = {
    data: { values: units },
    mark: { type: 'line', color: '#6b6b6b', strokeDash: [3, 2] },
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      detail: { field: 'unit', type: 'nominal' },
      strokeWidth: { condition: { test: on, value: 2.5 }, value: 1 },
      opacity: { condition: { test: on, value: 1 }, value: 0.3 },
      tooltip: [{ field: 'unit', title: 'unit (its own line c·relu(a·x + b))' }],
    },
  };
  const knotLayer = {
    data: { values: knots },
    mark: { type: 'point', filled: true, stroke: 'black', strokeWidth: 0.8, color: '#222' },
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      shape: { field: 'faces', type: 'nominal', title: 'knot faces', scale: { domain: ['right', 'left'], range: ['triangle-right', 'triangle-left'] }, legend: { orient: 'bottom' } },
      size: { condition: { test: on, value: 220 }, value: 90 },
      tooltip: [
        { field: 'unit', title: 'unit' },
        { field: 'a', format: NUM },
        { field: 'b', format: NUM },
        { field: 'c', format: NUM },
        { field: 'x', title: 'knot −b/a', format: NUM },
        { field: 'slopeChange', title: 'slope change c·|a|', format: NUM },
        { field: 'faces', title: 'faces' },
        { field: 'kind' },
      ],
    },
  };
  return { ...base, params: [{ name: 'unit', value: -1 }], layer: [unitLayer, ...(base.layer as unknown[]), knotLayer] };
}

/** Points per category (one per run), e.g. each seed's MSE at each width; clicking one goes to its run's section. */
export function stripSpec(rows: { x: number; y: number; series: string; id: string; href: string }[], o: LineOptions): Record<string, unknown> {
  const yScale = o.log ? { type: 'log' } : { zero: false };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    description: o.description,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    background: 'white',
    data: { values: rows.filter((r) => Number.isFinite(r.y) && (!o.log || r.y > 0)) },
    mark: { type: 'point', filled: true, size: 60, opacity: 0.8, cursor: 'pointer' },
    encoding: {
      x: { field: 'x', type: 'ordinal', title: o.xTitle, axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal' },
      y: { field: 'y', type: 'quantitative', title: o.yTitle, scale: yScale },
      color: seriesEncoding(o, true).color,
      shape: seriesEncoding(o, true).shape,
      href: { field: 'href' },
      tooltip: [{ field: 'id', title: 'run' }, { field: 'x', title: o.xTitle }, { field: 'y', title: o.yTitle, format: NUM }],
    },
  };
}

/** Bars per category, e.g. the share of dead units at each width. */
export function barSpec(rows: { x: number; y: number; series: string }[], o: LineOptions): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    description: o.description,
    width: CHART_WIDTH,
    height: SMALL_HEIGHT,
    background: 'white',
    data: { values: rows },
    mark: { type: 'bar', stroke: 'black', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'x', type: 'ordinal', title: o.xTitle, axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal' },
      // 0 to at least 10%: a sweep without dead units shows flat bars on a readable axis
      y: { field: 'y', type: 'quantitative', title: o.yTitle, axis: { format: '.0%' }, scale: { domain: [0, Math.max(0.1, ...rows.map((r) => r.y))] } },
      color: seriesEncoding(o, true).color,
      tooltip: [{ field: 'series' }, { field: 'x', title: o.xTitle }, { field: 'y', title: o.yTitle, format: '.1%' }],
    },
  };
}
