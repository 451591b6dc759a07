// The comparison of activations in a sweep that lists several: per target, MSE against width for
// each activation (median over seeds), beside each activation's reference curve, "best possible"
// for ReLU (exact) and "best found" for the others (a search under a weight bound, which the table
// says when it is active), as a markdown table, terminal charts and SVG figures.
import type { RunRecord } from '../experiment/run.js';
import { widthsOf } from '../settings.js';
import { ACTIVATION_NAMES } from '../math/activations.js';
import { chart } from './chart.js';
import { figure, type Figure } from './figures.js';
import { num, table, type View } from './text.js';

type Run = { id: string; record: RunRecord };

export interface ActivationRow {
  target: string;
  activation: string;
  width: number;
  runs: number;
  median: number;
  min: number;
  max: number;
  /** best possible (relu) or best found (others); null where none was computed. */
  reference: number | null;
  label: 'best possible' | 'best found';
  boundActive: boolean;
  medianRatio: number | null;
  worstRatio: number | null;
  /** Median over seeds of the learned network's largest |weight|. */
  largestWeight: number | null;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const actOf = (r: RunRecord): string => r.config.activation ?? 'relu';

/** Does this sweep compare activations (more than one, or any but relu)? */
export const hasActivations = (runs: Run[]): boolean => new Set(runs.map((r) => actOf(r.record))).size > 1;

/** One row per target, activation and width (one hidden layer; deep runs are left to the depth summary). */
export function activationRows(runs: Run[]): ActivationRow[] {
  const groups = new Map<string, RunRecord[]>();
  for (const { record } of runs) {
    const widths = widthsOf(record.config.hidden);
    if (widths.length !== 1) continue;
    const key = JSON.stringify([record.config.target, actOf(record), widths[0]]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(record);
  }
  const rows: ActivationRow[] = [];
  for (const group of groups.values()) {
    const r0 = group[0];
    const ok = group.filter((r) => r.status === 'ok');
    const mses = ok.map((r) => r.metrics.mse);
    const ratios = ok.map((r) => r.ratio).filter((v): v is number => v !== null);
    const weights = ok.map((r) => r.largestWeight).filter((v): v is number => v !== undefined);
    rows.push({
      target: r0.config.target,
      activation: actOf(r0),
      width: widthsOf(r0.config.hidden)[0],
      runs: group.length,
      median: mses.length ? median(mses) : NaN,
      min: mses.length ? Math.min(...mses) : NaN,
      max: mses.length ? Math.max(...mses) : NaN,
      reference: r0.optimum?.mse ?? null,
      label: r0.optimum?.label ?? 'best possible',
      boundActive: Boolean(r0.optimum?.boundActive),
      medianRatio: ratios.length ? median(ratios) : null,
      worstRatio: ratios.length ? Math.max(...ratios) : null,
      largestWeight: weights.length ? median(weights) : null,
    });
  }
  const order = (a: string) => ACTIVATION_NAMES.indexOf(a as never);
  return rows.sort((p, q) => p.target.localeCompare(q.target) || order(p.activation) - order(q.activation) || p.width - q.width);
}

/** For each target and width, the activation with the lowest median MSE, and by how much it beats ReLU. */
export function winners(rows: ActivationRow[]): { target: string; width: number; best: string; mse: number; relu: number | null }[] {
  const out = [];
  for (const target of [...new Set(rows.map((r) => r.target))]) {
    for (const width of [...new Set(rows.filter((r) => r.target === target).map((r) => r.width))].sort((a, b) => a - b)) {
      const at = rows.filter((r) => r.target === target && r.width === width && Number.isFinite(r.median));
      if (!at.length) continue;
      const best = at.reduce((p, q) => (q.median < p.median ? q : p));
      out.push({ target, width, best: best.activation, mse: best.median, relu: at.find((r) => r.activation === 'relu')?.median ?? null });
    }
  }
  return out;
}

export function activationsMd(runs: Run[]): string {
  const rows = activationRows(runs);
  const out = [
    '',
    '## Activations: MSE by width',
    '',
    'Median, min and max MSE over seeds; "reference" is the best possible network (ReLU: exact optimum) or the best found (other activations: a search with every |weight| ≤ the bound, marked "on bound" when it sits there); ratio = learned / reference; "largest weight" = the median over seeds of the learned network\'s largest |weight or bias|.',
    '',
    '| target | activation | width | runs | median MSE | min | max | reference | median ratio | worst ratio | largest weight |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    out.push(`| ${r.target} | ${r.activation} | ${r.width} | ${r.runs} | ${num(r.median)} | ${num(r.min)} | ${num(r.max)} | ${r.reference === null ? '—' : `${r.label} ${num(r.reference)}${r.boundActive ? ' (on bound)' : ''}`} | ${num(r.medianRatio, 3)} | ${num(r.worstRatio, 3)} | ${num(r.largestWeight, 3)} |`);
  }
  out.push('', '### Best activation at each width (median MSE)', '', '| target | width | best | its median MSE | relu median MSE | relu / best |', '|---|---|---|---|---|---|');
  for (const w of winners(rows)) out.push(`| ${w.target} | ${w.width} | ${w.best} | ${num(w.mse)} | ${num(w.relu)} | ${w.relu === null ? '—' : num(w.relu / w.mse, 3)} |`);
  return out.join('\n') + '\n';
}

/** Per target: median learned MSE against width, one curve per activation; then the reference curves. */
export function activationsText(runs: Run[], view: View): string {
  const rows = activationRows(runs);
  const parts: string[] = [];
  for (const target of [...new Set(rows.map((r) => r.target))]) {
    const part = rows.filter((r) => r.target === target);
    const widths = [...new Set(part.map((r) => r.width))].sort((a, b) => a - b);
    if (widths.length < 2) {
      parts.push(`${target}: fewer than two widths, no chart`);
      continue;
    }
    const acts = [...new Set(part.map((r) => r.activation))];
    const curve = (act: string, pick: (r: ActivationRow) => number | null) => widths.map((w) => pick(part.find((r) => r.activation === act && r.width === w)!) ?? NaN);
    const has = (act: string) => widths.every((w) => part.some((r) => r.activation === act && r.width === w));
    const full = acts.filter(has);
    parts.push(chart(widths, full.map((a) => ({ name: a, ys: Float64Array.from(curve(a, (r) => r.median)) })), { ...view, log: true, title: `${target}: median learned MSE vs width, by activation` }));
    parts.push(chart(widths, full.map((a) => ({ name: a, ys: Float64Array.from(curve(a, (r) => r.reference)) })), { ...view, log: true, title: `${target}: best possible (relu) / best found (others) MSE vs width` }));
  }
  const best = winners(rows);
  parts.push(table(['target', 'width', 'best (median)', 'MSE', 'relu MSE', 'relu / best'], best.map((w) => [w.target, String(w.width), w.best, w.mse, w.relu, w.relu === null ? null : w.relu / w.mse])));
  return parts.join('\n\n');
}

/** SVG figures: per target, learned medians and reference curves by activation. */
export async function activationsFigures(runs: Run[]): Promise<Figure[]> {
  const rows = activationRows(runs);
  const out: Figure[] = [];
  for (const target of [...new Set(rows.map((r) => r.target))]) {
    const part = rows.filter((r) => r.target === target);
    const acts = [...new Set(part.map((r) => r.activation))];
    const series = acts.flatMap((a) => {
      const p = part.filter((r) => r.activation === a);
      const ref = p.filter((r) => r.reference !== null);
      return [
        { name: `${a} learned`, xs: p.map((r) => r.width), ys: p.map((r) => r.median) },
        ...(ref.length ? [{ name: `${a} ${a === 'relu' ? 'best possible' : 'best found'}`, xs: ref.map((r) => r.width), ys: ref.map((r) => r.reference as number) }] : []),
      ];
    });
    out.push(await figure(`activations-${target}`, series, { title: `${target}: MSE vs width by activation (learned median; best possible / best found)`, xTitle: 'width (hidden units)', yTitle: 'MSE on the grid', log: true, points: true }));
  }
  return out;
}
