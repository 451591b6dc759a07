// Two-input sweep summaries, rebuilt from the run files alone: per target, setting and width the
// median and min–max band of the trained MSE over seeds beside the ridge-sum constructions of the
// same width (for product the polarisation identity with the best one-input squares, and with the
// answer's hₖ), the median interaction share; as CSV, Markdown, a terminal chart and an SVG figure.
import type { PlaneRecord, PlaneSettings } from '../experiment/plane-run.js';
import { metrics } from '../math/compare.js';
import { maxOf, minOf } from '../math/extent.js';
import { interaction } from '../math/interaction.js';
import { forward, type Net } from '../math/net.js';
import { RIDGE_PARTS, constructionBest, constructionHk } from '../math/polarisation.js';
import { planeGrid, sample2, target2, type Target2Name } from '../math/targets2.js';
import { chart } from './chart.js';
import { PALETTE, figure, type Figure, type FigureOptions, type FigureSeries } from './figures.js';
import { num } from './text.js';
import { learnedSeries, type SeedStats } from './summary.js';

/** Samples along each part's range for the best one-input networks: as train and handbuilt compare with. */
export const BEST_SAMPLES_2 = 81;

/** The constructions a one-layer width is compared with: best one-input parts (width a multiple of the parts), hₖ (of twice the parts). */
export function planeComparisons(s: PlaneRecord['settings']): { name: string; net: Net }[] {
  const P = RIDGE_PARTS[s.target].length;
  if (s.hidden.length !== 1) return [];
  const w = s.hidden[0];
  const out: { name: string; net: Net }[] = [];
  if (w % P === 0) out.push(constructionBest(s.target, w / P, s.domain, BEST_SAMPLES_2)[w / P - 1]);
  if (w % (2 * P) === 0) out.push(constructionHk(s.target, w / (2 * P), s.domain));
  return out;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export interface PlaneWidthRow extends SeedStats {
  target: Target2Name;
  formula: string;
  setting: string;
  width: number;
  architecture: string;
  /** Median share of the learned function's variance in f12, over seeds. */
  share12: number;
  /** The constructions of this width (null where the width has none: best needs a multiple of the parts, hₖ of twice the parts). */
  best: { name: string; mse: number } | null;
  hk: { name: string; mse: number } | null;
  diverged: string[];
}

/** What distinguishes runs beyond target, grid and width: runs differing only by seed are pooled (an activation other than relu leads). */
export function planeSettingOf(s: PlaneSettings): string {
  return `${s.activation && s.activation !== 'relu' ? `${s.activation}, ` : ''}init ${s.init}, ${s.optimizer} lr ${s.lr} ${s.schedule}, ${s.epochs} epochs${s.batchSize ? `, batch ${s.batchSize}` : ''}${s.restarts > 1 ? `, ${s.restarts} restarts` : ''}${s.refit !== 'none' ? `, refit ${s.refit}` : ''}`;
}

/** The constructions of a one-layer width on a run's grid, computed once per target and grid. */
function constructionsAt(runs: PlaneRecord[]): (s: PlaneSettings) => { best: PlaneWidthRow['best']; hk: PlaneWidthRow['hk'] } {
  const cache = new Map<string, { best: { name: string; mse: number }[]; hk: Map<number, { name: string; mse: number }> }>();
  const gridKey = (s: PlaneSettings) => JSON.stringify([s.target, s.domain, s.samples]);
  for (const r of runs) {
    const s = r.settings;
    const key = gridKey(s);
    if (cache.has(key)) continue;
    const P = RIDGE_PARTS[s.target].length;
    const widest = Math.max(...runs.filter((q) => gridKey(q.settings) === key && q.settings.hidden.length === 1).map((q) => q.settings.hidden[0]), 0);
    const g = planeGrid(s.domain, s.samples);
    const y = sample2(s.target, g);
    const mseOf = (net: Parameters<typeof forward>[0]) => metrics(y, forward(net, g.X)).mse;
    const best = Math.floor(widest / P) >= 1 ? constructionBest(s.target, Math.floor(widest / P), s.domain, BEST_SAMPLES_2).map((c) => ({ name: c.name, mse: mseOf(c.net) })) : [];
    const hk = new Map<number, { name: string; mse: number }>();
    for (let k = 1; 2 * P * k <= widest; k++) {
      const c = constructionHk(s.target, k, s.domain);
      hk.set(c.width, { name: c.name, mse: mseOf(c.net) });
    }
    cache.set(key, { best, hk });
  }
  return (s) => {
    const c = cache.get(gridKey(s))!;
    const P = RIDGE_PARTS[s.target].length;
    const n = s.hidden.length === 1 ? s.hidden[0] : 0;
    return { best: n && n % P === 0 ? (c.best[n / P - 1] ?? null) : null, hk: c.hk.get(n) ?? null };
  };
}

export function planeWidthRows(runs: { id: string; record: PlaneRecord }[]): PlaneWidthRow[] {
  const groups = new Map<string, { id: string; record: PlaneRecord }[]>();
  for (const run of runs) {
    const s = run.record.settings;
    const key = JSON.stringify([s.target, s.domain, s.samples, planeSettingOf(s), s.hidden]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(run);
  }
  const constructions = constructionsAt(runs.map((r) => r.record));
  const rows: PlaneWidthRow[] = [];
  for (const group of groups.values()) {
    const s = group[0].record.settings;
    const ok = group.filter((r) => r.record.status === 'ok');
    const mses = ok.map((r) => r.record.mse);
    const shares = ok.map((r) => {
      const g = planeGrid(s.domain, s.samples);
      return interaction(g, forward(r.record.net, g.X)).share12;
    });
    rows.push({
      target: s.target,
      formula: target2(s.target).formula,
      setting: planeSettingOf(s),
      width: s.hidden.reduce((a, b) => a + b, 0),
      architecture: s.hidden.join(','),
      runs: group.length,
      ok: ok.length,
      median: mses.length ? median(mses) : NaN,
      min: mses.length ? minOf(mses) : NaN,
      max: mses.length ? maxOf(mses) : NaN,
      share12: shares.length ? median(shares) : NaN,
      ...constructions(s),
      diverged: group.filter((r) => r.record.status === 'diverged').map((r) => r.id),
    });
  }
  return rows.sort((p, q) => p.target.localeCompare(q.target) || p.setting.localeCompare(q.setting) || p.width - q.width || p.architecture.localeCompare(q.architecture));
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function planeSummaryCsv(runs: { id: string; record: PlaneRecord }[]): string {
  // an activation column only where a run is not relu: relu sweeps keep their header
  const acts = runs.some((r) => (r.record.settings.activation ?? 'relu') !== 'relu');
  const head = ['target', 'hidden', 'seed', 'domain', 'samples', 'lr', 'epochs', 'init', 'optimizer', 'restarts', 'refit', 'backend', 'mse', 'max_abs_error', 'seconds', 'status', 'id', ...(acts ? ['activation'] : [])];
  const rows = runs.map(({ id, record: r }) => {
    const s = r.settings;
    return [s.target, s.hidden.join(','), s.seed, JSON.stringify(s.domain), s.samples, s.lr, s.epochs, s.init, s.optimizer, s.restarts, s.refit, r.backend, r.status === 'ok' ? r.mse : null, r.status === 'ok' ? r.maxAbsError : null, r.seconds.toFixed(3), r.status, id, ...(acts ? [s.activation ?? 'relu'] : [])];
  });
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** Interaction shares below rounding of the ANOVA (an additive target's learned network: 1e-11) print as 0. */
export const shareText = (v: number): number => (Math.abs(v) < SHARE_ROUNDING ? 0 : v);
const SHARE_ROUNDING = 1e-9;

const keysOf = (rows: PlaneWidthRow[]) => [...new Set(rows.map((r) => `${r.target}\u0000${r.setting}`))];

export function planeSummaryMd(name: string, rows: PlaneWidthRow[]): string {
  const out = [
    `# ${name}: MSE by width (two inputs)`,
    '',
    'MSE on the square grid over seeds. "Best squares": the ridge-sum construction of the same width with the best one-input network for each part (for product the polarisation identity x1·x2 = ((x1 + x2)² − (x1 − x2)²)/4, each square the best one-input ReLU network of half the width); "hₖ": each part the answer\'s hₖ stretched over its range. Ratio = median learned / best squares (≤ 1: training matches or beats the hand-built network). f12 share: median share of the learned function\'s variance in the interaction term.',
    '',
  ];
  for (const key of keysOf(rows)) {
    const [tgt, setting] = key.split('\u0000');
    const part = rows.filter((r) => r.target === tgt && r.setting === setting);
    out.push(`## ${tgt}: ${part[0].formula} (${setting})`, '');
    out.push('| width | runs | median MSE | min | max | best squares | ratio | hₖ | f12 share |');
    out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of part) {
      out.push(`| ${r.architecture} | ${r.ok}/${r.runs} | ${num(r.median)} | ${num(r.min)} | ${num(r.max)} | ${r.best ? `${num(r.best.mse)}` : '—'} | ${r.best ? num(r.median / r.best.mse, 3) : '—'} | ${r.hk ? `${r.hk.name}: ${num(r.hk.mse)}` : '—'} | ${num(shareText(r.share12), 4)} |`);
    }
    const diverged = part.flatMap((r) => r.diverged);
    out.push('', diverged.length ? `Diverged runs: ${diverged.join(', ')}` : 'No run diverged.');
    const beaten = part.filter((r) => r.best && r.median <= r.best.mse).map((r) => r.width);
    const notBeaten = part.filter((r) => r.best && !(r.median <= r.best.mse)).map((r) => r.width);
    out.push(`Median at or below the best-squares construction at widths: ${beaten.join(', ') || 'none'}${notBeaten.length ? `; above it at widths: ${notBeaten.join(', ')}` : ''}.`, '');
  }
  return out.join('\n');
}

/** One-layer rows of a target and setting, in width order. */
const shallow = (rows: PlaneWidthRow[], tgt: string, setting?: string) => rows.filter((r) => r.target === tgt && (setting === undefined || r.setting === setting) && Number.isFinite(r.median) && !r.architecture.includes(','));

/** Terminal chart of MSE vs width (log): min, max, median learned, and the best-squares construction over the widths that have one. */
export function planeWidthChart(rows: PlaneWidthRow[], view: { width: number; height: number; color: boolean }): string {
  return keysOf(rows)
    .map((key) => {
      const [tgt, setting] = key.split('\u0000');
      const all = shallow(rows, tgt, setting);
      const withBest = all.filter((r) => r.best);
      const part = withBest.length >= 2 ? withBest : all;
      if (part.length < 2) return `${tgt} (${setting}): fewer than two widths, no chart`;
      const series = part === withBest ? [{ name: 'best squares (constructed)', ys: part.map((r) => r.best!.mse) }] : [];
      series.push({ name: 'max', ys: part.map((r) => r.max) }, { name: 'min', ys: part.map((r) => r.min) }, { name: 'median learned', ys: part.map((r) => r.median) });
      const text = chart(part.map((r) => r.width), series, { ...view, log: true, title: `${tgt} ${part[0].formula}: MSE vs width\n(${setting})` });
      const hk = all.filter((r) => r.hk);
      const left = all.filter((r) => !part.includes(r));
      return [
        text,
        hk.length ? `hₖ sums: ${hk.map((r) => `${r.hk!.name} (${r.width} units) ${num(r.hk!.mse)}`).join(', ')}` : '',
        left.length ? `not charted (no construction of that width): ${left.map((r) => `width ${r.width} median ${num(r.median)}`).join(', ')}` : '',
      ].filter(Boolean).join('\n');
    })
    .join('\n\n');
}

/** The same chart as a figure: learned median with its min–max band, best squares and hₖ constructions. */
export function planeWidthFigureData(rows: PlaneWidthRow[], tgt: string): { series: FigureSeries[]; options: FigureOptions } {
  const part = shallow(rows, tgt);
  const { settings, series, bands } = learnedSeries(part);
  const first = part.filter((r) => r.setting === settings[0]);
  const best = first.filter((r) => r.best);
  if (best.length) series.push({ name: 'constructed, best one-input parts', xs: best.map((r) => r.width), ys: best.map((r) => r.best!.mse) });
  const hk = first.filter((r) => r.hk);
  if (hk.length) series.push({ name: 'constructed, hₖ parts', xs: hk.map((r) => r.width), ys: hk.map((r) => r.hk!.mse) });
  const colors = series.map((s) => (s.name.includes('best one-input') ? PALETTE.optimum : s.name.includes('hₖ') ? PALETTE.handbuilt : PALETTE.learned));
  const formula = part[0]?.formula ?? tgt;
  return { series, options: { title: `${tgt} ${formula}: MSE vs width`, xTitle: 'width (hidden units)', yTitle: 'MSE on the grid', log: true, points: true, bands, colors: settings.length > 1 ? undefined : colors } };
}

export async function planeSweepFigures(rows: PlaneWidthRow[]): Promise<Figure[]> {
  const figs: Figure[] = [];
  for (const t of [...new Set(rows.map((r) => r.target))]) {
    const { series, options } = planeWidthFigureData(rows, t);
    if (series.length && series[0].xs.length >= 2) figs.push(await figure(`mse-vs-width-${t}`, series, options));
  }
  return figs;
}
