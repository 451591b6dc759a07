// npm run bench:fit — how close training gets to the best possible error. First the coverage grid
// (fit-grid.js): every one-input target at widths 1–16, 24, 32, seeds 0–9, default settings; subsets
// with --targets sin,gauss --widths 1-8,24 --seeds 3, the per-cell table with --full. Then, with
// --methods 0,1,2,3, the training methods compared (median and worst ratio learned MSE / optimum
// MSE, dead units, seconds) on the same targets and widths. A benchmark, not a test: it prints
// tables (Markdown) and asserts nothing.
import { DEFAULTS } from '../../dist/settings.js';
import { startBackend } from '../../dist/tfjs/backend.js';
import { trainRuns } from '../../dist/experiment/run.js';
import { cachedOptimum } from '../../dist/experiment/store.js';
import { GRID_WIDTHS, compactTable, fullTable, misses, parseList, runGrid } from './fit-grid.js';
import { TARGET_NAMES } from '../../dist/math/targets.js';
import { arg, args, checkFlags, median } from './common.js';

checkFlags(import.meta.url, ['--targets', '--widths', '--seeds', '--methods', '--backend', '--grid', '--time-to-quality', '--ttq-cases'], ['--full']);

const targets = arg('--targets', TARGET_NAMES.join(',')).split(',');
const widths = parseList(arg('--widths', GRID_WIDTHS.join(',')));
const seeds = Array.from({ length: Number(arg('--seeds', '10')) }, (_, i) => i);

const METHODS = {
  'glorot: the Keras defaults (Glorot, Adam 0.01 constant, 3000 epochs, 1 run)': { init: 'glorot', schedule: 'constant', epochs: 3000, refit: 'none', restarts: 1, stop: 'off' },
  'spread init, Adam 0.01 cosine, 8000 epochs, pure gradient descent, 1 run': { init: 'spread', refit: 'none', restarts: 1, stop: 'off' },
  'curvature init, refit during, Adam 0.01 cosine, 8000 epochs, 1 run': { init: 'curvature', restarts: 1, stop: 'off' },
  'fixed schedule: curvature init, refit during, Adam 0.01 cosine, 8000 epochs, best of 3 restarts, no stopping': { init: 'curvature', restarts: 3, stop: 'off' },
  'default: mixed restarts (curvature, halves, dropped, paired, greedy, spread; the best 3 go on after the race), each network stopped at its plateau (patience 150, then a decay and polished knots)': {},
};
const only = arg('--methods', 'none'); // e.g. --methods 0,1,2,3
const methods = Object.entries(METHODS).filter((_, i) => only.split(',').map(Number).includes(i));

const backend = await startBackend(arg('--backend', 'auto'));
console.error(backend.reason);
if (arg('--grid', 'on') !== 'off') {
  const optimumOf = (c, xs, ys) => cachedOptimum(c.target, c.domain, c.samples, c.hidden, xs, ys);
  const t0 = performance.now();
  // each width's rows as JSON on stderr as soon as it is done: a long grid interrupted keeps what it measured
  const onWidth = (w, s, done) => console.error(`width ${w}: ${targets.length * seeds.length} runs in ${s.toFixed(1)} s ${JSON.stringify(done)}`);
  const { rows, seconds } = runGrid({ train: (configs) => trainRuns(backend, configs, optimumOf), base: DEFAULTS, targets, widths, seeds, onWidth });
  const total = (performance.now() - t0) / 1000;
  console.log(`Default settings, ${seeds.length} seeds per cell; median/worst ratio learned ÷ best possible (exact fits count as 1; where the best is exact, the worst MSE relative to the target's mean square, goal ≤ 1e-6; * misses the goal: median ≤ 1.02, worst ≤ 1.05)\n`);
  console.log(compactTable(rows, targets, widths));
  if (args.includes('--full')) console.log(`\n${fullTable(rows)}`);
  console.log(`\n${misses(rows)}`);
  console.log(`\n${rows.length * seeds.length} runs (one batch per width) in ${total.toFixed(0)} s: ${Object.entries(seconds).map(([w, s]) => `w${w} ${s.toFixed(0)}`).join(', ')}\n`);
}

const f = (v, d = 3) => (Number.isFinite(v) ? Number(v.toPrecision(d)).toString() : String(v));

if (methods.length) console.log(`| target | width | method | median ratio | worst ratio | dead units | seconds (10 runs, one batch) |`);
if (methods.length) console.log(`|---|---:|---|---:|---:|---:|---:|`);
for (const target of targets) {
  for (const hidden of widths) {
    for (const [name, over] of methods) {
      const configs = seeds.map((seed) => ({ ...DEFAULTS, target, hidden, seed, compare: 'none', ...over }));
      const t0 = performance.now();
      const recs = trainRuns(backend, configs, (c, xs, ys) => cachedOptimum(c.target, c.domain, c.samples, c.hidden, xs, ys));
      const secs = (performance.now() - t0) / 1000;
      const ratios = recs.map((r) => r.ratio ?? Infinity);
      const below = recs.filter((r) => r.ratio !== null && r.ratio < 1 - 1e-6);
      if (below.length) console.error(`WARNING: ${below.length} runs beat the optimum (${target} w${hidden} ${name}): min ratio ${Math.min(...ratios)}`);
      const dead = recs.reduce((s, r) => s + r.deadUnits, 0) / (recs.length * hidden);
      console.log(`| ${target} | ${hidden} | ${name} | ${f(median(ratios))} | ${f(Math.max(...ratios))} | ${(dead * 100).toFixed(0)}% | ${secs.toFixed(1)} |`);
    }
  }
}

// --- Time to quality (issue "Time to quality"): the default (stop at the plateau) against today's
// fixed schedule (8000 epochs, 3 full restarts, no stopping) in this same process. Per case: 10 seeds
// trained as one batch each way; time ratio new / fixed, and the median ratios to the optimum.
// Goals: time ≤ 1/4 of the fixed schedule's, median ratio no more than 0.005 above it.
if (arg('--time-to-quality', 'on') !== 'off') {
  const cases = arg('--ttq-cases', 'square:4,sin:8,sin:32').split(',').map((s) => s.split(':'));
  console.log(`\n| target | width | schedule | median ratio | worst ratio | median epochs | seconds (${seeds.length} runs, one batch) | time ÷ fixed | median − fixed |`);
  console.log(`|---|---:|---|---:|---:|---:|---:|---:|---:|`);
  for (const [target, w] of cases) {
    const out = {};
    for (const [name, over] of [['fixed: 8000 epochs, 3 full restarts, no stopping', { stop: 'off', init: 'curvature', restarts: 3 }], ['default: stop at the plateau', {}]]) {
      const configs = seeds.map((seed) => ({ ...DEFAULTS, target, hidden: Number(w), seed, compare: 'none', ...over }));
      const t0 = performance.now();
      const recs = trainRuns(backend, configs, (c, xs, ys) => cachedOptimum(c.target, c.domain, c.samples, c.hidden, xs, ys));
      const secs = (performance.now() - t0) / 1000;
      const ratios = recs.map((r) => r.ratio ?? Infinity);
      out[name] = { secs, med: median(ratios) };
      const fixed = out['fixed: 8000 epochs, 3 full restarts, no stopping'];
      const vs = name.startsWith('default') ? `${(secs / fixed.secs).toFixed(2)} | ${(median(ratios) - fixed.med >= 0 ? '+' : '')}${(median(ratios) - fixed.med).toFixed(4)}` : '1 | 0';
      console.log(`| ${target} | ${w} | ${name} | ${f(median(ratios), 4)} | ${f(Math.max(...ratios), 4)} | ${median(recs.map((r) => r.stopped.epoch))} | ${secs.toFixed(1)} | ${vs} |`);
    }
  }
}
