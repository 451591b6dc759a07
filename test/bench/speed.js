// npm run bench — per-step training cost, measured side by side in one process.
// Rows: the plain-TypeScript reference trainer (Float64Array, hand-written forward/backward/Adam),
// relu-lab's fused TF.js step for one run and for batches of 10 and 30 runs, and a stock TF.js
// loop (optimizer.minimize in tidy, the usual way) for comparison; on every installed backend.
// Each figure is the median of repeated timed blocks after a warm-up, and its ratio to the
// reference doing the same work (same number of runs), the two timed block by block in turn. Then the wall time of 30 runs against one,
// and (with --sweep) the square-widths sweep before/after. A benchmark, not a test: it asserts nothing.
import { startBackend } from '../../dist/tfjs/backend.js';
import { trainBatch } from '../../dist/tfjs/train.js';
import { trainReference } from '../../dist/math/reference.js';
import { glorot } from '../../dist/math/init.js';
import { grid, sample } from '../../dist/math/targets.js';
import { arg, args, checkFlags, median } from './common.js';

checkFlags(import.meta.url, ['--widths', '--block', '--blocks', '--backends', '--sweep-config'], ['--sweep']);

const WIDTHS = arg('--widths', '4,16,64').split(',').map(Number);
const BLOCK_SECONDS = Number(arg('--block', '0.25'));
const BLOCKS = Number(arg('--blocks', '5'));
const xs = grid([-3, 3], 1000);
const ys = sample('square', xs);

const be = await startBackend('auto');
const { tf } = be;
const backends = arg('--backends', 'tensorflow,wasm,cpu').split(',').filter((b) => tf.findBackendFactory(b) !== null && tf.findBackendFactory(b) !== undefined);
console.error(`${be.reason}; measuring on: ${backends.join(', ')}`);


/** Steps of `run(steps)` that take about BLOCK_SECONDS. */
function calibrate(run) {
  let steps = 5;
  for (;;) {
    const t0 = performance.now();
    run(steps);
    const dt = (performance.now() - t0) / 1000;
    if (dt > BLOCK_SECONDS / 4 || steps > 1e6) {
      steps = Math.max(3, Math.round((steps * BLOCK_SECONDS) / Math.max(dt, 1e-6)));
      break;
    }
    steps *= 4;
  }
  return steps;
}

/**
 * Seconds per step of each of `runs` (functions of a step count): each calibrated to ~BLOCK_SECONDS
 * a block and warmed up, then BLOCKS rounds of one block each, in turn, so that a change in the
 * machine's load between them falls on all alike; medians of the blocks.
 */
function perStep(...runs) {
  const steps = runs.map(calibrate);
  runs.forEach((run, i) => run(steps[i])); // warm-up at full size
  const times = runs.map(() => []);
  for (let b = 0; b < BLOCKS; b++) {
    // every other round in reverse order, so neither always runs first
    const order = runs.map((_, i) => (b % 2 ? runs.length - 1 - i : i));
    for (const i of order) {
      const t0 = performance.now();
      runs[i](steps[i]);
      times[i].push((performance.now() - t0) / 1000 / steps[i]);
    }
  }
  return times.map(median);
}

const settings = { optimizer: 'adam', schedule: 'cosine', batchSize: 0, historyPoints: 1 }; // no stopping: every step is timed

function fused(runs, width) {
  const jobs = Array.from({ length: runs }, (_, r) => ({ init: glorot(width, r), xs, ys, lr: 0.01, seed: r }));
  return (steps) => trainBatch(tf, jobs, { ...settings, epochs: steps });
}

function stockMinimize(width) {
  return (steps) => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: width, activation: 'relu', inputShape: [1] }), tf.layers.dense({ units: 1 })] });
    const opt = tf.train.adam(0.01);
    const X = tf.tensor2d(Float32Array.from(xs), [xs.length, 1]);
    const Y = tf.tensor2d(Float32Array.from(ys), [ys.length, 1]);
    for (let i = 0; i < steps; i++) tf.tidy(() => opt.minimize(() => tf.losses.meanSquaredError(Y, model.apply(X))));
    tf.dispose([X, Y]);
    opt.dispose();
    model.dispose();
  };
}

const rows = [];
const leftovers = [];
const row = (width, what, backend, runs, sec, ref) => rows.push({ width, what, backend, runs, us: sec * 1e6, refUs: ref * 1e6, ratio: sec / (ref * runs) });
for (const width of WIDTHS) {
  const init = glorot(width, 0);
  const reference = (steps) => trainReference(init, xs, ys, { epochs: steps, optimizer: 'adam', lr: 0.01, schedule: 'cosine' });
  const [ref] = perStep(reference);
  row(width, 'reference (plain TypeScript, float64)', '—', 1, ref, ref);
  for (const backend of backends) {
    await tf.setBackend(backend);
    await tf.ready();
    const before = tf.memory().numTensors;
    // each trainer timed in turn with the reference, block by block: the ratio is the pair's
    const against = (run) => perStep(run, reference);
    row(width, 'relu-lab fused step, one run', backend, 1, ...against(fused(1, width)));
    row(width, 'stock TF.js: optimizer.minimize in tidy', backend, 1, ...against(stockMinimize(width)));
    for (const runs of [10, 30]) {
      if (backend === 'cpu' && width === 64) continue; // minutes per block; the ratio is already clear at width 16
      row(width, `relu-lab fused step, batch of ${runs} runs`, backend, runs, ...against(fused(runs, width)));
    }
    leftovers.push(`${tf.memory().numTensors - before} (width ${width}, ${backend})`);
  }
}

const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(0)} µs`);
console.log('| width | trainer | backend | runs | per step (all runs) | reference per step, same blocks | × reference doing the same runs |');
console.log('|---:|---|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.width} | ${r.what} | ${r.backend} | ${r.runs} | ${fmt(r.us)} | ${fmt(r.refUs)} | ${r.ratio.toFixed(1)} |`);
console.log(`\nTensors left after training (must be 0): ${leftovers.join(', ')}.`);
console.log(`Peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; Node ${process.version}, tfjs ${tf.version.tfjs}, ${new Date().toISOString().slice(0, 10)}.`);

// --- Many runs for the price of few: trainRuns (what a sweep batch runs) on 30 width-4 runs against
// one run, default settings with the epoch cap at 2000 (as measured in the issue: 10.5× before).
{
  const { trainRuns } = await import('../../dist/experiment/run.js');
  const { DEFAULTS } = await import('../../dist/settings.js');
  await tf.setBackend('wasm');
  const cfg = (seed) => ({ ...DEFAULTS, hidden: 4, seed, epochs: 2000, compare: 'none' });
  const wall = (n) => {
    const t0 = performance.now();
    trainRuns(be, Array.from({ length: n }, (_, s) => cfg(s)), () => null);
    return (performance.now() - t0) / 1000;
  };
  wall(1); // warm-up
  const one = median([wall(1), wall(1), wall(1)]);
  const thirty = wall(30);
  console.log(`\n30 width-4 runs (2000-epoch cap, default stopping, one batch): ${thirty.toFixed(2)} s; one run: ${one.toFixed(2)} s; ratio ${(thirty / one).toFixed(1)}× (goal ≤ 5×).`);
  // The same through the CLI, as a user runs it: `sweep` of 30 runs (planned into batches, on every
  // core) against `train` of one run, each a fresh process (backend start included).
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const tmp = mkdtempSync(join(tmpdir(), 'relu-lab-thirty-'));
  const file = join(tmp, 'thirty.json');
  writeFileSync(file, JSON.stringify({ target: 'square', hidden: 4, epochs: 2000, compare: 'none', seed: Array.from({ length: 30 }, (_, s) => s) }));
  const cli = (argv) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['dist/bin.js', ...argv, '--quiet'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return (performance.now() - t0) / 1000;
  };
  const train1 = median([0, 1, 2].map(() => cli(['train', '--target', 'square', '--hidden', '4', '--epochs', '2000', '--compare', 'none'])));
  const sweep30 = cli(['sweep', file, '--out', join(tmp, 'out')]);
  console.log(`30 width-4 runs through the CLI: sweep (every core) ${sweep30.toFixed(2)} s; train of one run ${train1.toFixed(2)} s; ratio ${(sweep30 / train1).toFixed(1)}× (goal ≤ 5×).`);
}

// --- The square-widths sweep (opt-in: --sweep; minutes): the new defaults on every core against
// --jobs 1 with the fixed schedule (stop off), through the CLI, summaries compared per width.
if (args.includes('--sweep')) {
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const tmp = mkdtempSync(join(tmpdir(), 'relu-lab-bench-'));
  const file = arg('--sweep-config', 'configs/square-widths.json');
  const fixedFile = join(tmp, 'fixed.json');
  // the fixed schedule of the issue: 8000 epochs, 3 full curvature restarts, no stopping
  writeFileSync(fixedFile, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), stop: 'off', restarts: 3, init: 'curvature' }));
  const sweep = (cfg, out, extra) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['dist/bin.js', 'sweep', cfg, '--out', join(tmp, out), '--quiet', ...extra], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return (performance.now() - t0) / 1000;
  };
  const medians = (out) => {
    const [head, ...rows] = readFileSync(join(tmp, out, 'summary.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const w = head.indexOf('width');
    const q = head.indexOf('ratio');
    const by = new Map();
    for (const r of rows) by.set(r[w], [...(by.get(r[w]) ?? []), Number(r[q])]);
    return new Map([...by].map(([k, v]) => [k, median(v)]));
  };
  const tFixed = sweep(fixedFile, 'fixed', ['--jobs', '1']);
  const tNew = sweep(file, 'new', []);
  const mf = medians('fixed');
  const mn = medians('new');
  console.log(`\n${file}: new defaults on every core ${tNew.toFixed(0)} s; --jobs 1 with the fixed schedule ${tFixed.toFixed(0)} s; ratio ${(tNew / tFixed).toFixed(2)} (goal ≤ 0.2).`);
  console.log('| width | median ratio, fixed | median ratio, new | new − fixed |');
  console.log('|---:|---:|---:|---:|');
  for (const [k, v] of mf) console.log(`| ${k} | ${v.toFixed(4)} | ${mn.get(k).toFixed(4)} | ${(mn.get(k) - v).toFixed(4)} |`);
}
