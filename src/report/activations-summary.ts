// The comparison of activations in a sweep that lists several: per target, MSE against width for
// each activation (median over seeds), beside each activation's reference curve, "best possible"
// for ReLU (exact) and "best found" for the others (a search under a weight bound, which the table
// says when it is active), as a markdown table, terminal charts and SVG figures. The table, charts
// and figures take rows, so two-input sweeps (report/plane-activations.ts) draw theirs with the
// same code, with their own reference (ReLU's polarisation construction) and columns.
import type { RunRecord } from '../experiment/run.js';
import { widthsOf } from '../settings.js';
import { ACTIVATION_NAMES } from '../math/activations.js';
import { ROUNDOFF_MSE, isExact } from '../math/roundoff.js';
import { chart } from './chart.js';
import { figure, type Figure } from './figures.js';
import { num, ratioCell, table, type View } from './text.js';

type Run = { id: string; record: RunRecord };

export interface ActivationRow {
  target: string;
  activation: string;
  width: number;
  runs: number;
  median: number;
  min: number;
  max: number;
  /** best possible (relu) or best found (others), or a construction (two inputs); null where none was computed. */
  reference: number | null;
  label: 'best possible' | 'best found' | 'constructed';
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

export interface Winner {
  target: string;
  width: number;
  /** The activation with the lowest median MSE; where that is round-off, every activation that reaches round-off, in the order of ACTIVATION_NAMES. */
  best: string;
  mse: number;
  relu: number | null;
  /** The best is at round-off: which of the tied activations is lowest is noise, and relu / best is only bounded below (relu / ROUNDOFF_MSE). */
  roundOff: boolean;
}

/** For each target and width, the activation with the lowest median MSE (or those tied at round-off), and by how much it beats ReLU. */
export function winners(rows: ActivationRow[]): Winner[] {
  const out: Winner[] = [];
  for (const target of [...new Set(rows.map((r) => r.target))]) {
    for (const width of [...new Set(rows.filter((r) => r.target === target).map((r) => r.width))].sort((a, b) => a - b)) {
      const at = rows.filter((r) => r.target === target && r.width === width && Number.isFinite(r.median));
      if (!at.length) continue;
      const best = at.reduce((p, q) => (q.median < p.median ? q : p));
      const roundOff = isExact(best.median);
      const tied = roundOff ? at.filter((r) => isExact(r.median)).map((r) => r.activation).join(', ') : best.activation;
      out.push({ target, width, best: tied, mse: best.median, relu: at.find((r) => r.activation === 'relu')?.median ?? null, roundOff });
    }
  }
  return out;
}

/** relu / best as text: "≥ N" where the best is round-off (its value is noise; it is at most ROUNDOFF_MSE). */
const reluOverBest = (w: Winner): string => (w.relu === null ? '—' : w.roundOff ? `≥ ${num(w.relu / ROUNDOFF_MSE, 3)}` : num(w.relu / w.mse, 3));

/** A table of rows: its caption, and each column's head and cell. */
export interface ActivationTable {
  intro: string;
  columns: [string, (r: ActivationRow) => string][];
}

/** The columns every activations table opens with: which cell, and its MSE over seeds. */
export const CELL_COLUMNS: ActivationTable['columns'] = [
  ['target', (r) => r.target],
  ['activation', (r) => r.activation],
  ['width', (r) => String(r.width)],
  ['runs', (r) => String(r.runs)],
  ['median MSE', (r) => num(r.median)],
  ['min', (r) => num(r.min)],
  ['max', (r) => num(r.max)],
];

const ONE_INPUT_TABLE: ActivationTable = {
  intro: 'Median, min and max MSE over seeds (ReLU networks in float64, beside their exact optimum; the others in float32, the precision TF.js trains in, as their best found is measured); "reference" is the best possible network (ReLU: exact optimum) or the best found (other activations: a search with every |weight| ≤ the bound, marked "on bound" when it sits there); ratio = learned / reference ("exact": both at round-off, ≤ 1e-12; "round-off": the learned only); "largest weight" = the median over seeds of the learned network\'s largest |weight or bias|.',
  columns: [
    ...CELL_COLUMNS,
    ['reference', (r) => (r.reference === null ? '—' : `${r.label} ${num(r.reference)}${r.boundActive ? ' (on bound)' : ''}`)],
    ['median ratio', (r) => ratioCell(r.median, r.reference, r.medianRatio)],
    ['worst ratio', (r) => ratioCell(r.max, r.reference, r.worstRatio)],
    ['largest weight', (r) => num(r.largestWeight, 3)],
  ],
};

/** The markdown section: every row as the table says, then the best activation at each width against relu. */
export function activationsMdOf(rows: ActivationRow[], t: ActivationTable): string {
  const out = ['', '## Activations: MSE by width', '', t.intro, '', `| ${t.columns.map(([h]) => h).join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`];
  for (const r of rows) out.push(`| ${t.columns.map(([, cell]) => cell(r)).join(' | ')} |`);
  out.push('', '### Best activation at each width (median MSE)', '', '| target | width | best | its median MSE | relu median MSE | relu / best |', '|---|---|---|---|---|---|');
  for (const w of winners(rows)) out.push(`| ${w.target} | ${w.width} | ${w.roundOff ? `${w.best} (round-off)` : w.best} | ${num(w.mse)} | ${num(w.relu)} | ${reluOverBest(w)} |`);
  return out.join('\n') + '\n';
}

export const activationsMd = (runs: Run[]): string => activationsMdOf(activationRows(runs), ONE_INPUT_TABLE);

/** How a sweep names its references: the reference chart's title and each reference curve's name. */
export interface ReferenceNames {
  chartTitle: (target: string) => string;
  figureTitle: (target: string) => string;
  curve: (activation: string) => string;
}

const ONE_INPUT_REFERENCES: ReferenceNames = {
  chartTitle: (target) => `${target}: best possible (relu) / best found (others) MSE vs width`,
  figureTitle: (target) => `${target}: MSE vs width by activation (learned median; best possible / best found)`,
  curve: (a) => `${a} ${a === 'relu' ? 'best possible' : 'best found'}`,
};

/** Per target: median learned MSE against width, one curve per activation; then the reference curves (over the widths that have them). */
export function activationsTextOf(rows: ActivationRow[], view: View, names: ReferenceNames): string {
  const parts: string[] = [];
  for (const target of [...new Set(rows.map((r) => r.target))]) {
    const part = rows.filter((r) => r.target === target);
    const widths = [...new Set(part.map((r) => r.width))].sort((a, b) => a - b);
    if (widths.length < 2) {
      parts.push(`${target}: fewer than two widths, no chart`);
      continue;
    }
    const acts = [...new Set(part.map((r) => r.activation))];
    const at = (act: string, w: number) => part.find((r) => r.activation === act && r.width === w);
    const curve = (act: string, ws: number[], pick: (r: ActivationRow) => number | null) => Float64Array.from(ws.map((w) => pick(at(act, w)!) ?? NaN));
    const full = acts.filter((a) => widths.every((w) => at(a, w)));
    parts.push(chart(widths, full.map((a) => ({ name: a, ys: curve(a, widths, (r) => r.median) })), { ...view, log: true, title: `${target}: median learned MSE vs width, by activation` }));
    // references: the activations that have one, over the widths where all of them do (a construction may skip widths)
    const withRef = full.filter((a) => widths.some((w) => at(a, w)!.reference !== null));
    const refWidths = widths.filter((w) => withRef.every((a) => at(a, w)!.reference !== null));
    if (withRef.length && refWidths.length >= 2) parts.push(chart(refWidths, withRef.map((a) => ({ name: a, ys: curve(a, refWidths, (r) => r.reference) })), { ...view, log: true, title: names.chartTitle(target) }));
  }
  const best = winners(rows);
  parts.push(table(['target', 'width', 'best (median)', 'MSE', 'relu MSE', 'relu / best'], best.map((w) => [w.target, String(w.width), w.roundOff ? `${w.best} (round-off)` : w.best, w.mse, w.relu, reluOverBest(w)])));
  return parts.join('\n\n');
}

export const activationsText = (runs: Run[], view: View): string => activationsTextOf(activationRows(runs), view, ONE_INPUT_REFERENCES);

/** One colour per activation (Tableau 10): its learned curve solid, its reference dashed in the same colour. */
const ACTIVATION_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const SOLID: number[] = [];
const DASHED = [6, 3];

/** SVG figures: per target, learned medians and reference curves by activation. */
export async function activationsFiguresOf(rows: ActivationRow[], names: ReferenceNames): Promise<Figure[]> {
  const out: Figure[] = [];
  for (const target of [...new Set(rows.map((r) => r.target))]) {
    const part = rows.filter((r) => r.target === target);
    const acts = [...new Set(part.map((r) => r.activation))];
    const colors: string[] = [];
    const dashes: number[][] = [];
    const series = acts.flatMap((a, i) => {
      const p = part.filter((r) => r.activation === a);
      const ref = p.filter((r) => r.reference !== null);
      const color = ACTIVATION_COLORS[i % ACTIVATION_COLORS.length];
      colors.push(color);
      dashes.push(SOLID);
      if (ref.length) {
        colors.push(color);
        dashes.push(DASHED);
      }
      return [{ name: `${a} learned`, xs: p.map((r) => r.width), ys: p.map((r) => r.median) }, ...(ref.length ? [{ name: names.curve(a), xs: ref.map((r) => r.width), ys: ref.map((r) => r.reference as number) }] : [])];
    });
    out.push(await figure(`activations-${target}`, series, { title: names.figureTitle(target), xTitle: 'width (hidden units)', yTitle: 'MSE on the grid', log: true, points: true, colors, dashes }));
  }
  return out;
}

export const activationsFigures = (runs: Run[]): Promise<Figure[]> => activationsFiguresOf(activationRows(runs), ONE_INPUT_REFERENCES);
