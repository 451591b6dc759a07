// The coverage grid of `npm run bench:fit`: every one-input target the tool ships at widths 1–16,
// 24 and 32, seeds 0–9, with the default settings. Per cell: the median and worst ratio learned
// MSE / best possible MSE over the seeds (an exact fit — both errors at round-off — counts as 1).
// Every run of one width is trained as one batch (all targets and seeds: trainRuns batches runs of
// a shape together). A benchmark, not a test: it prints and asserts nothing.
import { isExact } from '../../dist/math/roundoff.js';
import { grid, sample } from '../../dist/math/targets.js';

export const GRID_WIDTHS = [...Array.from({ length: 16 }, (_, i) => i + 1), 24, 32];
/** The goal of the issue "the best at every width": median ≤ 1.02 and worst ≤ 1.05 in every cell. */
export const GOAL = { median: 1.02, worst: 1.05 };

/** "1-16,24,32" → [1, …, 16, 24, 32]. */
export function parseList(text) {
  return text.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

export { median } from './common.js';
import { median } from './common.js';

/**
 * Where the best possible error is round-off (relu at any width, abs from width 2) the ratio says
 * nothing; such a cell is judged by the worst learned MSE relative to the target's mean square,
 * and meets the goal when that is at most NEAR_EXACT (a relative RMS error of 0.1%).
 */
export const NEAR_EXACT = 1e-6;

/** A run's ratio to the best possible: 1 for an exact fit, ∞ when the best is exact and the run is not (or it diverged). */
export function ratioOf(r, scale) {
  const best = r.optimum?.mse;
  const learned = r.metrics.mse;
  if (isExact(best, scale)) return isExact(learned, scale) ? 1 : Infinity;
  return r.ratio ?? Infinity;
}

/**
 * Train the grid. `train(configs)` returns records (trainRuns with an optimum source); `base` is
 * the settings every run gets (the defaults). Returns one row per (target, width) and the seconds
 * each width's batch took; `onWidth(width, seconds, rows)` hears each width as it finishes.
 */
export function runGrid({ train, base, targets, widths, seeds, onWidth }) {
  const rows = [];
  const seconds = {};
  for (const hidden of widths) {
    const configs = targets.flatMap((target) => seeds.map((seed) => ({ ...base, target, hidden, seed, compare: 'none' })));
    const t0 = performance.now();
    const recs = train(configs);
    seconds[hidden] = (performance.now() - t0) / 1000;
    for (const target of targets) {
      const mine = recs.filter((r) => r.config.target === target);
      // the round-off test is relative to the target's mean square on its grid
      const ys = sample(target, grid(base.domain, base.samples));
      const ratios = mine.map((r) => ratioOf(r, ys.reduce((s, y) => s + y * y, 0) / ys.length));
      const epochs = mine.map((r) => r.stopped?.epoch ?? r.history.epoch[r.history.epoch.length - 1] ?? 0);
      const below = ratios.filter((x) => x < 1 - 1e-3);
      if (below.length) console.error(`WARNING: ${below.length} runs beat the optimum by more than 0.1% (${target} w${hidden}): min ratio ${Math.min(...ratios)}`);
      const scale = ys.reduce((s, y) => s + y * y, 0) / ys.length;
      const exactBest = mine.every((r) => isExact(r.optimum?.mse, scale));
      const worstRel = Math.max(...mine.map((r) => (Number.isFinite(r.metrics.mse) ? r.metrics.mse / scale : Infinity)));
      rows.push({ target, width: hidden, exactBest, worstRel, median: median(ratios), worst: Math.max(...ratios), epochs: median(epochs), dead: mine.reduce((s, r) => s + r.deadUnits, 0) / (mine.length * hidden) });
    }
    onWidth?.(hidden, seconds[hidden], rows.filter((r) => r.width === hidden));
  }
  return { rows, seconds };
}

const f = (v) => (Number.isFinite(v) ? (Math.round(v * 1000) / 1000).toFixed(3) : '∞');
const miss = (row) => (row.exactBest ? row.worstRel > NEAR_EXACT : row.median > GOAL.median || row.worst > GOAL.worst);
/** "median/worst", or for a cell whose best is exact "exact" (every run round-off) or "≈0 (rel 3e-9)" (the worst relative MSE). */
const cell = (r) => (r.exactBest && r.worst > 1 ? `≈0 (rel ${r.worstRel.toExponential(0)})` : r.exactBest ? 'exact' : `${f(r.median)}/${f(r.worst)}`);

/** Targets as rows, widths as columns, "median/worst" per cell, a * on cells that miss the goal. */
export function compactTable(rows, targets, widths) {
  const out = [`| target | ${widths.map((w) => `w${w}`).join(' | ')} |`, `|---|${widths.map(() => '---:').join('|')}|`];
  for (const target of targets) {
    const cells = widths.map((w) => {
      const r = rows.find((x) => x.target === target && x.width === w);
      return r ? `${cell(r)}${miss(r) ? '*' : ''}` : '';
    });
    out.push(`| ${target} | ${cells.join(' | ')} |`);
  }
  return out.join('\n');
}

/** One row per cell: median, worst, median epochs, dead units. */
export function fullTable(rows) {
  const out = ['| target | width | median ratio | worst ratio | median epochs | dead units | goal |', '|---|---:|---:|---:|---:|---:|---|'];
  for (const r of rows) out.push(`| ${r.target} | ${r.width} | ${r.exactBest ? cell(r) : f(r.median)} | ${r.exactBest ? '' : f(r.worst)} | ${r.epochs} | ${(r.dead * 100).toFixed(0)}% | ${miss(r) ? 'missed' : 'met'} |`);
  return out.join('\n');
}

/** The cells that miss the goal, one line each, or a line saying none does. */
export function misses(rows) {
  const bad = rows.filter(miss);
  return bad.length ? bad.map((r) => `missed: ${r.target} w${r.width} ${r.exactBest ? `worst relative MSE ${r.worstRel.toExponential(1)} (the best is exact)` : `median ${f(r.median)} worst ${f(r.worst)}`}`).join('\n') : `every cell meets median ≤ ${GOAL.median} and worst ≤ ${GOAL.worst}`;
}
