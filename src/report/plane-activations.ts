// The comparison of activations in a two-input sweep that lists several: per target, activation and
// width (one hidden layer) the median MSE over seeds beside the reference two-input sweeps use
// (ReLU: the ridge-sum construction with the best one-input squares, for product the polarisation
// identity, at the widths it exists), and how each cell's networks read: folds (piecewise-linear
// units) or Taylor (smooth units: their x1², x1·x2 and x2² coefficients at the centre), with the
// interaction share and the grid's x1·x2 coefficient. Drawn by the one-input comparison's table,
// charts and figures (activations-summary.ts), not a copy of them.
import type { PlaneRecord } from '../experiment/plane-run.js';
import { ACTIVATION_NAMES } from '../math/activations.js';
import { interaction } from '../math/interaction.js';
import { forward, type Net } from '../math/net.js';
import { centreOf, readingKind, smoothReading } from '../math/smooth-reading.js';
import { planeGrid } from '../math/targets2.js';
import { activationsFiguresOf, CELL_COLUMNS, activationsMdOf, activationsTextOf, type ActivationRow, type ActivationTable, type ReferenceNames } from './activations-summary.js';
import type { Figure } from './figures.js';
import { planeWidthRows, shareText, type PlaneWidthRow } from './plane-summary.js';
import { num, ratioCell, type View } from './text.js';

type Run = { id: string; record: PlaneRecord };

/** The second-degree monomials a smooth network's Taylor reading is quoted by: product needs x1·x2 and neither square. */
export const SECOND_DEGREE = ['x1²', 'x1·x2', 'x2²'] as const;

export interface PlaneActivationRow extends ActivationRow {
  /** How the cell's networks are read: folds (piecewise-linear units) or taylor (smooth). */
  reading: string;
  /** Medians over seeds: the learned function's interaction share, its grid x1·x2 coefficient, and (Taylor reading) its x1², x1·x2, x2² coefficients at the centre. */
  share12: number;
  product: number;
  taylor: number[] | null;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** max |weight or bias| of a network, inner layers and output (as one-input records state it). */
const largestWeight = (net: Net): number => Math.max(Math.abs(net.output.d), ...net.output.w.map(Math.abs), ...net.layers.flatMap((l) => [...l.b, ...l.W.flat()].map(Math.abs)));

const actOf = (r: PlaneRecord): string => r.settings.activation ?? 'relu';

/** Does this two-input sweep compare activations (more than one)? */
export const hasPlaneActivations = (runs: Run[]): boolean => new Set(runs.map((r) => actOf(r.record))).size > 1;

/** What one run contributes to its cell: interaction, product coefficient, Taylor terms of degree two, largest weight. */
function readRun(r: PlaneRecord): { share12: number; product: number; taylor: number[] | null; weight: number; reading: string } {
  const s = r.settings;
  const g = planeGrid(s.domain, s.samples);
  const inter = interaction(g, forward(r.net, g.X));
  const reading = readingKind(r.net);
  let taylor: number[] | null = null;
  if (reading === 'taylor') {
    const sr = smoothReading(r.net, g.X, centreOf(s.domain));
    taylor = SECOND_DEGREE.map((m) => sr.network.taylor?.[sr.monomials.indexOf(m)] ?? NaN);
  }
  return { share12: inter.share12, product: inter.product, taylor, weight: largestWeight(r.net), reading };
}

/** One row per target, activation and width (one hidden layer), seeds pooled; relu's reference is the best-squares construction of its width. */
export function planeActivationRows(runs: Run[], widthRows: PlaneWidthRow[] = planeWidthRows(runs)): PlaneActivationRow[] {
  const groups = new Map<string, PlaneRecord[]>();
  for (const { record } of runs) {
    if (record.settings.hidden.length !== 1) continue;
    const key = JSON.stringify([record.settings.target, actOf(record), record.settings.hidden[0]]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(record);
  }
  const rows: PlaneActivationRow[] = [];
  for (const group of groups.values()) {
    const r0 = group[0];
    const s = r0.settings;
    const act = actOf(r0);
    const ok = group.filter((r) => r.status === 'ok');
    const mses = ok.map((r) => r.mse);
    const reads = ok.map(readRun);
    // the construction is of ReLU units: other activations get no reference (and no ratio)
    const best = act === 'relu' ? (widthRows.find((w) => w.target === s.target && w.architecture === String(s.hidden[0]) && w.best)?.best ?? null) : null;
    const ratios = best ? mses.map((m) => m / best.mse) : [];
    const taylors = reads.map((x) => x.taylor).filter((t): t is number[] => t !== null);
    rows.push({
      target: s.target,
      activation: act,
      width: s.hidden[0],
      runs: group.length,
      median: mses.length ? median(mses) : NaN,
      min: mses.length ? Math.min(...mses) : NaN,
      max: mses.length ? Math.max(...mses) : NaN,
      reference: best?.mse ?? null,
      label: 'constructed',
      boundActive: false,
      medianRatio: ratios.length ? median(ratios) : null,
      worstRatio: ratios.length ? Math.max(...ratios) : null,
      largestWeight: reads.length ? median(reads.map((x) => x.weight)) : null,
      reading: reads[0]?.reading ?? readingKind(r0.net),
      share12: reads.length ? median(reads.map((x) => x.share12)) : NaN,
      product: reads.length ? median(reads.map((x) => x.product)) : NaN,
      taylor: taylors.length ? SECOND_DEGREE.map((_, k) => median(taylors.map((t) => t[k]))) : null,
    });
  }
  const order = (a: string) => ACTIVATION_NAMES.indexOf(a as never);
  return rows.sort((p, q) => p.target.localeCompare(q.target) || order(p.activation) - order(q.activation) || p.width - q.width);
}

const row = (r: ActivationRow) => r as PlaneActivationRow;

const PLANE_TABLE: ActivationTable = {
  intro:
    'Median, min and max MSE on the square grid over seeds. "Reference": for relu the construction of the same width with the best one-input ReLU network for each part (for product the polarisation identity x1·x2 = ((x1 + x2)² − (x1 − x2)²)/4, each square half the units; widths that are a multiple of the parts); none is computed for other activations. Ratio = learned / reference. Reading: folds (piecewise-linear units, read by their fold lines) or Taylor (smooth units: the network expanded around the centre of the domain). f12 share: median share of the learned function\'s variance in the interaction term; x1·x2 coef: its least-squares coefficient of the centred x1·x2 on the grid (product: 1); Taylor x1² / x1·x2 / x2²: the smooth network\'s coefficients of those powers at the centre (product: 0 / 1 / 0); largest weight: median of the learned network\'s largest |weight or bias|.',
  columns: [
    ...CELL_COLUMNS,
    ['reference', (r) => (r.reference === null ? '—' : `best squares ${num(r.reference)}`)],
    ['median ratio', (r) => ratioCell(r.median, r.reference, r.medianRatio)],
    ['reading', (r) => row(r).reading],
    ['f12 share', (r) => num(shareText(row(r).share12), 4)],
    ['x1·x2 coef', (r) => num(row(r).product, 4)],
    ['Taylor x1² / x1·x2 / x2²', (r) => (row(r).taylor ? row(r).taylor!.map((v) => num(v, 3)).join(' / ') : '—')],
    ['largest weight', (r) => num(r.largestWeight, 3)],
  ],
};

const PLANE_REFERENCES: ReferenceNames = {
  chartTitle: (target) => `${target}: relu best-squares construction${target === 'product' ? ' (polarisation)' : ''} MSE vs width`,
  figureTitle: (target) => `${target}: MSE vs width by activation (learned median; relu best-squares construction)`,
  curve: (a) => `${a} constructed (best squares)`,
};

export const planeActivationsMd = (rows: PlaneActivationRow[]): string => activationsMdOf(rows, PLANE_TABLE);
export const planeActivationsText = (rows: PlaneActivationRow[], view: View): string => activationsTextOf(rows, view, PLANE_REFERENCES);
export const planeActivationsFigures = (rows: PlaneActivationRow[]): Promise<Figure[]> => activationsFiguresOf(rows, PLANE_REFERENCES);

/** The table as its caption, head and cells, for the report page. */
export const planeActivationsTable = (rows: PlaneActivationRow[]): { caption: string; head: string[]; cells: string[][] } => ({
  caption: PLANE_TABLE.intro,
  head: PLANE_TABLE.columns.map(([h]) => h),
  cells: rows.map((r) => PLANE_TABLE.columns.map(([, cell]) => cell(r))),
});
