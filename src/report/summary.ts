// Sweep summaries, rebuilt from the run files alone: CSV, Markdown, and the MSE-vs-width chart
// (terminal and the data for its SVG figure).
import type { RunRecord } from '../experiment/run.js';
import { BELOW_OPTIMUM } from '../experiment/plan.js';
import { chart } from './chart.js';
import { maxOf, minOf } from '../math/extent.js';
import { ROUNDOFF_MSE, isExact } from '../math/roundoff.js';
import { num, ratioCell } from './text.js';
import { PALETTE, type FigureOptions, type FigureSeries } from './figures.js';
import { widthsOf, type Config } from '../settings.js';

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function summaryCsv(runs: { id: string; record: RunRecord }[]): string {
  const head = ['target', 'width', 'seed', 'lr', 'epochs', 'init', 'optimizer', 'restarts', 'refit', 'backend', 'mse', 'max_abs_error', 'dead_units', 'handbuilt', 'handbuilt_mse', 'optimum_mse', 'ratio', 'seconds', 'status', 'id'];
  const rows = runs.map(({ id, record: r }) => {
    const c = r.config;
    return [c.target, c.hidden, c.seed, c.lr, c.epochs, c.init, c.optimizer, c.restarts, c.refit, r.backend, r.status === 'ok' ? r.metrics.mse : null, r.status === 'ok' ? r.metrics.maxAbsError : null, r.deadUnits, r.comparison?.handbuilt.name ?? '', r.comparison?.functions.handbuilt.mse ?? null, r.optimum?.mse ?? null, r.ratio, r.seconds.toFixed(3), r.status, id];
  });
  // Sweeps with other activations than relu add what tells them apart (relu sweeps keep their columns).
  if (runs.some(({ record: r }) => (r.config.activation ?? 'relu') !== 'relu')) {
    head.push('activation', 'reference', 'bound_active', 'largest_weight');
    runs.forEach(({ record: r }, i) => rows[i].push(r.config.activation ?? 'relu', r.optimum?.label ?? (r.optimum ? 'best possible' : ''), r.optimum?.boundActive ? 'yes' : 'no', r.largestWeight ?? null));
  }
  return [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** One cell of a sweep summary over seeds: runs, finished runs and their MSE (median, min, max). */
export interface SeedStats {
  runs: number;
  ok: number;
  median: number;
  min: number;
  max: number;
}

export interface WidthRow extends SeedStats {
  target: string;
  setting: string;
  /** Hidden units (all layers). */
  width: number;
  /** '4', or '8,8,8' for a deep run: the MSE-vs-width charts draw one-layer rows only. */
  architecture: string;
  optimum: number | null;
  medianRatio: number | null;
  worstRatio: number | null;
  bestRatio: number | null;
  deadShare: number;
  handbuilt: { name: string; units: number; mse: number } | null;
  diverged: string[];
  /** What "best" is: the exact optimum (ReLU) or a search under a weight bound (other activations). */
  reference: { label: string; bound: number | null; learnedOutside: boolean };
}

/** What distinguishes runs beyond target and width (init, lr, ...): runs differing only by seed are pooled. */
export function settingOf(c: Config): string {
  return `${c.activation && c.activation !== 'relu' ? `${c.activation}, ` : ''}init ${c.init}, ${c.optimizer} lr ${c.lr} ${c.schedule}, ${c.epochs} epochs${c.batchSize ? `, batch ${c.batchSize}` : ''}${c.restarts > 1 ? `, ${c.restarts} restarts` : ''}${c.refit !== 'none' ? `, refit ${c.refit}` : ''}`;
}

export function widthRows(runs: { id: string; record: RunRecord }[]): WidthRow[] {
  const groups = new Map<string, { id: string; record: RunRecord }[]>();
  for (const run of runs) {
    const c = run.record.config;
    const key = JSON.stringify([c.target, c.domain, c.samples, settingOf(c), c.hidden]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(run);
  }
  const rows: WidthRow[] = [];
  for (const group of groups.values()) {
    const c = group[0].record.config;
    const widths = widthsOf(c.hidden);
    const units = widths.reduce((a, b) => a + b, 0);
    const ok = group.filter((g) => g.record.status === 'ok');
    const mses = ok.map((g) => g.record.metrics.mse);
    const ratios = ok.map((g) => g.record.ratio).filter((v): v is number => v !== null);
    // the hand-built sum these runs were compared with, whatever its size (auto takes h3 at width 8 on [-3, 3])
    const hbRun = ok.find((g) => g.record.comparison);
    rows.push({
      target: c.target,
      setting: settingOf(c),
      width: units,
      architecture: widths.join(','),
      runs: group.length,
      ok: ok.length,
      median: mses.length ? median(mses) : NaN,
      min: mses.length ? minOf(mses) : NaN,
      max: mses.length ? maxOf(mses) : NaN,
      optimum: group[0].record.optimum?.mse ?? null,
      medianRatio: ratios.length ? median(ratios) : null,
      worstRatio: ratios.length ? maxOf(ratios) : null,
      bestRatio: ratios.length ? minOf(ratios) : null,
      deadShare: group.reduce((s, g) => s + g.record.deadUnits, 0) / (group.length * units),
      handbuilt: hbRun ? { name: hbRun.record.comparison!.handbuilt.name, units: hbRun.record.comparison!.handbuilt.terms.length, mse: hbRun.record.comparison!.functions.handbuilt.mse } : null,
      diverged: group.filter((g) => g.record.status === 'diverged').map((g) => g.id),
      reference: referenceOf(ok.map((g) => g.record)),
    });
  }
  return rows.sort((p, q) => p.target.localeCompare(q.target) || p.setting.localeCompare(q.setting) || p.width - q.width || p.architecture.localeCompare(q.architecture));
}

/** The label of the runs' reference, its weight bound, and whether a learned network left that bound. */
function referenceOf(records: RunRecord[]): WidthRow['reference'] {
  const o = records.find((r) => r.optimum)?.optimum;
  const bound = o?.bound ?? null;
  const learnedOutside = bound !== null && records.some((r) => (r.largestWeight ?? 0) > bound);
  return { label: o?.label ?? 'best possible', bound, learnedOutside };
}

/** The reference of a table's rows, from a row that has one (a width whose runs all diverged has none). */
export const referenceOfRows = (part: WidthRow[]): WidthRow['reference'] => (part.find((r) => r.optimum !== null) ?? part[0]).reference;

export function summaryMd(name: string, rows: WidthRow[]): string {
  const out = [`# ${name}: MSE by width`, '', 'MSE on the sample grid over seeds; "best possible" is the lowest MSE any ReLU network of that width reaches on the grid (relu-lab optimum), "best found" the best network a search finds for other activations with every weight bounded (docs/best-found.md); ratio = learned / best. Hand-built: the hₖ the runs were compared with (auto: 2k = width units, or the largest hₖ whose knots fit the domain; its units in brackets when they differ from the width).', ''];
  const keys = [...new Set(rows.map((r) => `${r.target}\u0000${r.setting}`))];
  for (const key of keys) {
    const [tgt, setting] = key.split('\u0000');
    const part = rows.filter((r) => r.target === tgt && r.setting === setting);
    out.push(`## ${tgt} (${setting})`, '');
    const ref = referenceOfRows(part);
    out.push(`| width | runs | median MSE | min | max | ${ref.bound !== null ? `${ref.label} (|w| ≤ ${ref.bound})` : ref.label} | median ratio | worst ratio | dead units | hand-built MSE |`);
    out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of part) {
      out.push(`| ${r.architecture} | ${r.ok}/${r.runs} | ${num(r.median)} | ${num(r.min)} | ${num(r.max)} | ${num(r.optimum)} | ${ratioCell(r.median, r.optimum, r.medianRatio)} | ${ratioCell(r.max, r.optimum, r.worstRatio)} | ${(r.deadShare * 100).toFixed(0)}% | ${r.handbuilt ? `${r.handbuilt.name}${r.handbuilt.units !== r.width ? ` (${r.handbuilt.units} units)` : ''}: ${num(r.handbuilt.mse)}` : ''} |`);
    }
    const diverged = part.flatMap((r) => r.diverged);
    out.push('', diverged.length ? `Diverged runs: ${diverged.join(', ')}` : 'No run diverged.');
    const below = part.filter((r) => r.bestRatio !== null && r.bestRatio < 1 - BELOW_OPTIMUM);
    if (below.length && ref.label === 'best possible') out.push(`WARNING: at widths ${below.map((r) => r.width).join(', ')} a trained run beat the computed optimum by more than ${BELOW_OPTIMUM * 100}%: the optimum search missed a better layout there.`);
    else if (below.length) {
      const at = (ws: number[]) => `${ws.length > 1 ? 'widths' : 'width'} ${ws.join(', ')}`;
      // below 1e-12 both are float32 round-off (records before 2026-11-30 held float64 MSEs, down to 1e-29): no ratio
      const beat = below.filter((r) => !isExact(r.min));
      const roundOff = below.filter((r) => isExact(r.min)).map((r) => r.width);
      const outside = beat.filter((r) => r.reference.learnedOutside).map((r) => r.width);
      if (beat.length) out.push(`At ${at(beat.map((r) => r.width))} a trained run beat the best found by more than ${BELOW_OPTIMUM * 100}%: the search is not exhaustive${outside.length ? `, and at ${at(outside)} trained weights leave the bound the search keeps to` : ''}.`);
      if (roundOff.length) out.push(`At ${at(roundOff)} a trained run reached round-off (MSE ≤ ${ROUNDOFF_MSE}) below the best found: a ratio there compares rounding errors.`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The hand-built sums' MSE for a target: hₖ at width 2k (computed from the run records' own comparison when present). */
function handbuiltCurve(part: WidthRow[]): { width: number; name: string; mse: number }[] {
  const seen = new Map<string, { width: number; name: string; mse: number }>();
  for (const r of part) if (r.handbuilt && !seen.has(r.handbuilt.name)) seen.set(r.handbuilt.name, { width: r.handbuilt.units, name: r.handbuilt.name, mse: r.handbuilt.mse });
  return [...seen.values()].sort((p, q) => p.width - q.width);
}

/** Terminal chart of MSE vs width, log scale: median, min and max over seeds, the optimum, and the hand-built sums where a width has one. */
export function widthChart(rows: WidthRow[], view: { width: number; height: number; color: boolean }): string {
  const keys = [...new Set(rows.map((r) => `${r.target}\u0000${r.setting}`))];
  return keys
    .map((key) => {
      const [tgt, setting] = key.split('\u0000');
      const part = rows.filter((r) => r.target === tgt && r.setting === setting && Number.isFinite(r.median) && !r.architecture.includes(','));
      if (part.length < 2) return `${tgt} (${setting}): fewer than two widths, no chart`;
      const xs = part.map((r) => r.width);
      // drawn in this order, so the median learned curve lies on top of the optimum it meets
      const series = part.every((r) => r.optimum !== null) ? [{ name: 'best possible', ys: part.map((r) => r.optimum as number) }] : [];
      series.push({ name: 'max', ys: part.map((r) => r.max) }, { name: 'min', ys: part.map((r) => r.min) }, { name: 'median learned', ys: part.map((r) => r.median) });
      const text = chart(xs, series, { ...view, log: true, title: `${tgt}: MSE vs width\n(${setting})` });
      const hb = handbuiltCurve(part);
      return hb.length ? `${text}\nhand-built: ${hb.map((h) => `${h.name} (${h.width} units) ${num(h.mse)}`).join(', ')}` : text;
    })
    .join('\n\n');
}

/** The learned median of each setting with its min–max band: where every MSE-vs-width figure starts. */
export function learnedSeries(part: { setting: string; width: number; median: number; min: number; max: number }[]) {
  const settings = [...new Set(part.map((r) => r.setting))];
  const series: FigureSeries[] = [];
  const bands: NonNullable<FigureOptions['bands']> = [];
  for (const s of settings) {
    const p = part.filter((r) => r.setting === s);
    const name = settings.length > 1 ? `learned (${s})` : 'learned (median, min–max band)';
    series.push({ name, xs: p.map((r) => r.width), ys: p.map((r) => r.median) });
    p.forEach((r) => bands.push({ series: name, x: r.width, lo: r.min, hi: r.max }));
  }
  return { settings, series, bands };
}

/** The same chart as a figure: series and min–max bands, for figures.ts to render. */
export function widthFigureData(rows: WidthRow[], tgt: string): { series: FigureSeries[]; options: FigureOptions } {
  const part = rows.filter((r) => r.target === tgt && Number.isFinite(r.median) && !r.architecture.includes(','));
  const { settings, series, bands } = learnedSeries(part);
  const first = part.filter((r) => r.setting === settings[0]);
  if (first.length && first.every((r) => r.optimum !== null)) series.push({ name: 'best possible', xs: first.map((r) => r.width), ys: first.map((r) => r.optimum as number) });
  const hb = handbuiltCurve(first);
  if (hb.length) series.push({ name: 'hand-built hₖ (width 2k)', xs: hb.map((h) => h.width), ys: hb.map((h) => h.mse) });
  const colors = series.map((s) => (s.name === 'best possible' ? PALETTE.optimum : s.name.startsWith('hand-built') ? PALETTE.handbuilt : PALETTE.learned));
  return { series, options: { title: `${tgt}: MSE vs width`, xTitle: 'width (hidden units)', yTitle: 'MSE on the grid', log: true, points: true, bands, colors: settings.length > 1 ? undefined : colors } };
}

