// SVG figures of the same charts, drawn by vega-lite (compiled to vega, rendered headless in Node:
// no browser, no canvas). Each figure comes with its vega-lite specification, so it can be
// re-rendered or edited. Returns strings; results.ts writes them.

export interface FigureSeries {
  name: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
}

export interface Figure {
  /** File stem, e.g. 'fit' -> fit.svg and fit.vl.json */
  name: string;
  spec: Record<string, unknown>;
  svg: string;
}

export interface FigureOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  log?: boolean;
  /** Draw points as well as lines (for few x values, as in the MSE-vs-width chart). */
  points?: boolean;
  /** A colour per series, in order (so one curve keeps its colour across figures). */
  colors?: string[];
  /** A dash pattern per series, in order ([] solid): two series of one colour told apart. */
  dashes?: number[][];
  /** Optional bands (min–max) per series: rows {series, x, lo, hi}. */
  bands?: { series: string; x: number; lo: number; hi: number }[];
}

/** Colours for target, hand-built and learned curves, the same in every figure. */
export const PALETTE = { target: '#4c78a8', handbuilt: '#f58518', learned: '#e45756', optimum: '#54a24b' };

/** At most this many points per series: enough for a smooth line, small enough for a small file. */
const MAX_POINTS = 400;

function thin(s: FigureSeries): { series: string; x: number; y: number }[] {
  const n = s.xs.length;
  const step = Math.max(1, Math.ceil(n / MAX_POINTS));
  const rows: { series: string; x: number; y: number }[] = [];
  for (let j = 0; j < n; j += step) rows.push({ series: s.name, x: s.xs[j], y: s.ys[j] });
  if ((n - 1) % step !== 0) rows.push({ series: s.name, x: s.xs[n - 1], y: s.ys[n - 1] });
  return rows.filter((r) => Number.isFinite(r.y));
}

export function figureSpec(series: FigureSeries[], o: FigureOptions): Record<string, unknown> {
  const values = series.flatMap(thin).filter((r) => !o.log || r.y > 0);
  const order = series.map((s) => s.name);
  const yScale = o.log ? { type: 'log' } : { zero: false };
  // whole x values only (widths, parameter counts): ticks at whole numbers, never 2.1, 2.2, …
  const integerX = series.every((s) => Array.from(s.xs).every(Number.isInteger));
  const line = {
    mark: { type: 'line', point: o.points ?? false, strokeWidth: 2 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.xTitle, scale: { nice: false }, ...(integerX ? { axis: { tickMinStep: 1, format: 'd' } } : {}) },
      y: { field: 'y', type: 'quantitative', title: o.yTitle, scale: yScale },
      color: { field: 'series', type: 'nominal', title: null, sort: order, legend: { orient: 'top', labelLimit: 400, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1, encode: { symbols: { update: { opacity: { value: 1 } } } } /* the band layer shares this legend: without it every swatch takes the band's 0.2 */ }, ...(o.colors ? { scale: { domain: order, range: o.colors } } : {}) },
      strokeDash: { field: 'series', type: 'nominal', sort: order, legend: null, ...(o.dashes ? { scale: { domain: order, range: o.dashes } } : {}) },
    },
    data: { values },
  };
  const layers: unknown[] = [];
  if (o.bands?.length) {
    layers.push({
      data: { values: o.bands },
      mark: { type: 'area', opacity: 0.2 },
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'lo', type: 'quantitative', scale: yScale },
        y2: { field: 'hi' },
        color: { field: 'series', type: 'nominal', sort: order, ...(o.colors ? { scale: { domain: order, range: o.colors } } : {}) },
      },
    });
  }
  layers.push(line);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: 640,
    height: 360,
    background: 'white',
    layer: layers,
  };
}

/** Render a vega-lite spec to SVG. vega and vega-lite load on first use, so other commands never pay for them. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  // vega-lite logs spec warnings on the console; a report must not.
  const quiet = { level: () => quiet, error: () => quiet, warn: () => quiet, info: () => quiet, debug: () => quiet };
  const compiled = vl.compile(spec as never, { logger: quiet as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.None });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

export async function figure(name: string, series: FigureSeries[], o: FigureOptions): Promise<Figure> {
  const spec = figureSpec(series, o);
  return { name, spec, svg: await renderSvg(spec) };
}
