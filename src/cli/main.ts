#!/usr/bin/env node
// The command line: the only file that reads argv, prints, or sets exit codes. It parses flags into
// sparse overrides, merges defaults <- config file <- flags, starts TF.js only for the commands
// that train, and turns every user mistake into one line and exit code 2.
import { realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../errors.js';
import { INITS } from '../math/init.js';
import { OPTIMIZERS, SCHEDULES } from '../math/optimizers.js';
import { BACKENDS } from '../tfjs/backend.js';
import { summaryCsv, summaryMd, widthChart, widthFigureData, widthRows } from '../report/summary.js';
import {
  CONFIG_KEYS,
  DEFAULTS,
  FIELDS,
  crossCheck,
  expand,
  merge,
  readConfigFile,
  singleRun,
  validateOverrides,
  type BackendName,
  type Config,
  type SweepConfig,
} from '../settings.js';
import { maxK, handBuilt, type HandBuilt } from '../math/handbuilt.js';
import { evalTerms, hinges, predict } from '../math/hinges.js';
import { pointwiseLoss, metrics } from '../math/compare.js';
import { chart } from '../report/chart.js';
import { TARGETS, TARGET_NAMES, target as targetOf } from '../math/targets.js';
import { VERSION, comparatorOf, gridOf, recordOf, trainRuns, type BatchProgress, type RunRecord } from '../experiment/run.js';
import { handbuiltReport, runReport, table, num, type View } from '../report/text.js';
import { batches, parseShard, runId, shardOf } from '../experiment/plan.js';
import {
  cachedOptimum,
  checkOutDir,
  hasRun,
  json,
  readRunDir,
  readRuns,
  readText,
  removeRunsExcept,
  removeStaleTemps,
  writeFigures,
  writeRun,
  writeRunDir,
  writeText,
} from '../experiment/store.js';
import type { Figure } from '../report/figures.js';

/** Exit codes: 0 ok, 1 internal error, 2 usage or config error, 3 training diverged. */
export const EXIT = { ok: 0, internal: 1, usage: 2, diverged: 3 } as const;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  stdoutTTY: boolean;
  stderrTTY: boolean;
  columns: number | undefined;
  env: NodeJS.ProcessEnv;
}

const processIo = (): Io => ({
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  stdoutTTY: Boolean(process.stdout.isTTY),
  stderrTTY: Boolean(process.stderr.isTTY),
  columns: process.stdout.columns,
  env: process.env,
});

// --- flags -> sparse overrides

const FLAG: Record<keyof Config, string> = {
  target: '--target',
  domain: '--domain',
  samples: '--samples',
  hidden: '--hidden',
  seed: '--seed',
  init: '--init',
  optimizer: '--optimizer',
  lr: '--lr',
  schedule: '--schedule',
  epochs: '--epochs',
  batchSize: '--batch-size',
  restarts: '--restarts',
  refit: '--refit',
  compare: '--compare',
  backend: '--backend',
};
const flagName = (k: string) => FLAG[k as keyof Config] ?? k;

const NUMERIC = new Set(['samples', 'hidden', 'seed', 'lr', 'epochs', 'batchSize', 'restarts']);

/** Commander's string values as typed values; what does not parse stays a string so the error shows it as typed. */
function flagOverrides(opts: Record<string, unknown>, keys: (keyof Config)[]): Partial<SweepConfig> {
  const raw: Record<string, unknown> = {};
  for (const k of keys) {
    const v = opts[k];
    if (v === undefined) continue;
    if (k === 'domain') {
      const parts = String(v).split(',');
      const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
      raw[k] = parts.length === 2 && nums.every(Number.isFinite) ? nums : v;
    } else if (NUMERIC.has(k)) {
      const n = String(v).trim() === '' ? NaN : Number(v);
      raw[k] = Number.isNaN(n) && String(v) !== 'NaN' ? v : n;
    } else raw[k] = v;
  }
  const { values, problems } = validateOverrides(raw, '', false, flagName);
  if (problems.length) throw new ConfigError(problems);
  return values;
}

function describe(k: keyof Config): string {
  const d = DEFAULTS[k];
  return `${FIELDS[k].allowed} (default ${Array.isArray(d) ? d.join(',') : String(d)})`;
}

function addRunOptions(cmd: Command, keys: (keyof Config)[]): Command {
  const meta: Partial<Record<keyof Config, [string, string]>> = {
    target: ['<name>', `function to learn: ${TARGET_NAMES.map((n) => `${n} (${TARGETS[n].formula})`).join(', ')}`],
    domain: ['<lo,hi>', 'x range; write --domain=-3,3 (with =) since the value starts with a minus'],
    samples: ['<n>', 'equally spaced grid points, both ends included'],
    hidden: ['<n>', 'width: number of ReLU units'],
    seed: ['<s>', 'seeds initialisation and mini-batch order'],
    init: ['<scheme>', `initialisation: ${INITS.join(' | ')}`],
    optimizer: ['<name>', OPTIMIZERS.join(' | ')],
    lr: ['<rate>', 'learning rate'],
    schedule: ['<name>', `learning-rate schedule: ${SCHEDULES.join(' | ')}`],
    epochs: ['<n>', 'passes over the grid'],
    batchSize: ['<n>', 'mini-batch size; 0 = full batch'],
    restarts: ['<n>', 'networks trained together from different seeds; the best is kept'],
    refit: ['<mode>', 'least-squares output layer: none (pure gradient descent), end (after it), during (every 5% of epochs and at the end)'],
    compare: ['<hK>', 'hand-built sum to compare with: auto, none, h1, h2, ...'],
    backend: ['<name>', `TF.js backend: ${BACKENDS.join(' | ')} (auto: tensorflow, then wasm, then cpu)`],
  };
  for (const k of keys) {
    const [arg, text] = meta[k]!;
    cmd.addOption(new Option(`${FLAG[k]} ${arg}`, `${text}; ${describe(k)}`));
  }
  return cmd;
}

// --- terminal helpers

function viewOf(io: Io, height: number | undefined): View {
  const color = io.stdoutTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '');
  return { width: io.stdoutTTY && io.columns ? Math.max(40, io.columns) : 80, height: height ?? 14, color };
}

function parseHeight(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 4 || n > 200) throw new ConfigError([`--height: ${JSON.stringify(v)} is not allowed; expected a whole number from 4 to 200`]);
  return n;
}

const clock = (s: number): string => (s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(1)}s`);

/** A throttled one-line progress display on a terminal's stderr; silent otherwise. */
class ProgressLine {
  private last = 0;
  private shown = false;
  constructor(private io: Io, private enabled: boolean) {}
  update(text: () => string, force = false): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    this.io.err(`\r\x1b[2K${text()}`);
    this.shown = true;
  }
  clear(): void {
    if (this.shown) this.io.err('\r\x1b[2K');
    this.shown = false;
  }
}

function progressEnabled(io: Io, quiet: boolean): boolean {
  return io.stderrTTY && !quiet;
}

// --- commands

interface RunFlags {
  config?: string;
  json?: boolean;
  quiet?: boolean;
  out?: string;
  figures?: string;
  height?: string;
  [k: string]: unknown;
}

function resolveTrainConfig(flags: RunFlags): Config {
  const fromFlags = flagOverrides(flags, CONFIG_KEYS);
  let fromFile: Partial<SweepConfig> = {};
  const where = flags.config ? `${flags.config}: ` : '';
  if (flags.config) {
    const { values, problems } = validateOverrides(readConfigFile(flags.config), where, true);
    if (problems.length) throw new ConfigError(problems);
    fromFile = values;
  }
  const merged = merge(fromFile, fromFlags);
  const config = singleRun(merged, where);
  const problems = crossCheck(config, '', flagName, maxK);
  if (problems.length) throw new ConfigError(problems);
  return config;
}

async function figuresOfRun(r: RunRecord, hb: HandBuilt | null): Promise<Figure[]> {
  const { figure } = await import('../report/figures.js');
  const data = gridOf(r.config);
  const learned = predict(r.network, data.xs);
  const hby = hb ? evalTerms(hb.terms, hb.d, data.xs) : null;
  const fit = [{ name: `${r.target.formula} (target)`, xs: data.xs, ys: data.ys }];
  if (hb && hby) fit.push({ name: `${hb.name} (hand-built)`, xs: data.xs, ys: hby });
  fit.push({ name: `learned, width ${r.config.hidden}`, xs: data.xs, ys: learned });
  const losses = [];
  if (hb && hby) losses.push({ name: `${hb.name}`, xs: data.xs, ys: pointwiseLoss(data.ys, hby) });
  losses.push({ name: `learned, width ${r.config.hidden}`, xs: data.xs, ys: pointwiseLoss(data.ys, learned) });
  const sub = `${r.target.name}, width ${r.config.hidden}, seed ${r.seed}, ${r.backend}`;
  const { PALETTE } = await import('../report/figures.js');
  const colors = [PALETTE.target, ...(hb ? [PALETTE.handbuilt] : []), PALETTE.learned];
  return [
    await figure('fit', fit, { title: `${r.target.formula}: target, hand-built and learned (${sub})`, xTitle: 'x', yTitle: 'y', colors }),
    await figure('loss', losses, { title: `pointwise loss 0.5·(y − ŷ)² (${sub})`, xTitle: 'x', yTitle: '0.5·(y − ŷ)²', log: true, colors: colors.slice(1) }),
  ];
}

async function cmdTrain(io: Io, flags: RunFlags): Promise<number> {
  const config = resolveTrainConfig(flags);
  const height = parseHeight(flags.height);
  if (flags.out) checkOutDir(flags.out, '--out');
  if (flags.figures) checkOutDir(flags.figures, '--figures');
  const { startBackend } = await import('../tfjs/backend.js');
  const backend = await startBackend(config.backend);
  if (!flags.quiet) io.err(backend.reason + '\n');
  const progress = new ProgressLine(io, progressEnabled(io, Boolean(flags.quiet)));
  const t0 = performance.now();
  const [record] = trainRuns(
    backend,
    [config],
    (c, xs, ys) => cachedOptimum(c.target, c.domain, c.samples, c.hidden, xs, ys),
    (p: BatchProgress) =>
      progress.update(() => {
        const el = (performance.now() - t0) / 1000;
        const left = (el / p.epoch) * (p.epochs - p.epoch);
        return `epoch ${p.epoch}/${p.epochs}  loss ${num(Math.min(...p.losses))}  ${clock(el)} elapsed, ${clock(left)} left`;
      }),
  );
  progress.clear();
  if (record.status === 'diverged') {
    if (flags.json) io.out(JSON.stringify(record) + '\n');
    io.err(`relu-lab: training diverged: the loss was NaN or infinite at epoch ${record.divergedAt} (lr ${config.lr}, ${config.optimizer}); nothing saved. Try a smaller --lr.\n`);
    return EXIT.diverged;
  }
  return finishRun(io, backend, record, flags, height);
}

async function finishRun(io: Io, backend: import('../tfjs/backend.js').Backend, record: RunRecord, flags: RunFlags, height: number | undefined): Promise<number> {
  const hb = comparatorOf(record.config);
  if (flags.out) {
    const { buildModel, modelFiles } = await import('../tfjs/model.js');
    const model = buildModel(backend.tf, record.network);
    writeRunDir(flags.out, record, await modelFiles(backend.tf, model));
    model.dispose();
  }
  const written = flags.figures ? writeFigures(flags.figures, await figuresOfRun(record, hb)) : [];
  if (flags.json) io.out(JSON.stringify(record) + '\n');
  else {
    io.out(runReport(record, gridOf(record.config), hb, viewOf(io, height)) + '\n');
    if (flags.out) io.out(`\nsaved: ${join(flags.out, 'run.json')}, model.json, weights.bin (TF.js layers format)\n`);
    if (written.length) io.out(`figures: ${written.join(', ')} (vega-lite specs beside them)\n`);
  }
  return EXIT.ok;
}

async function cmdShow(io: Io, dir: string, flags: RunFlags): Promise<number> {
  const height = parseHeight(flags.height);
  const { record, model: files } = readRunDir(dir);
  const { startBackend } = await import('../tfjs/backend.js');
  const backend = await startBackend((flags.backend as BackendName | undefined) ?? 'auto');
  if (!flags.quiet) io.err(backend.reason + '\n');
  const { loadModel, readNetwork, predictModel } = await import('../tfjs/model.js');
  const model = await loadModel(backend.tf, files);
  const data = gridOf(record.config);
  const m = metrics(data.ys, predictModel(backend.tf, model, data.xs));
  const net = readNetwork(model);
  model.dispose();
  const rel = Math.abs(m.mse - record.metrics.mse) / Math.max(record.metrics.mse, 1e-30);
  // The model predicts in float32; the recorded MSE was computed in float64 from the same weights.
  if (!(rel < 1e-3)) {
    io.err(`relu-lab: ${join(dir, 'model.json')} gives MSE ${num(m.mse, 6)} but run.json records ${num(record.metrics.mse, 6)}: the saved model does not match the run\n`);
    return EXIT.internal;
  }
  const again = recordOf(record.config, record.backend, data, net, record, record.optimum ? { hidden: record.config.hidden, ...record.optimum } : null);
  if (!flags.quiet && !flags.json) io.err(`reloaded ${dir}: the saved model reproduces the recorded MSE (${num(m.mse, 6)} vs ${num(record.metrics.mse, 6)})\n`);
  if (flags.json) io.out(JSON.stringify(again) + '\n');
  else io.out(runReport(again, data, comparatorOf(again.config), viewOf(io, height)) + '\n');
  return EXIT.ok;
}

function gridFlags(flags: RunFlags): Pick<Config, 'target' | 'domain' | 'samples'> {
  const { target, domain, samples } = merge(flagOverrides(flags, ['target', 'domain', 'samples']));
  return { target: target as string, domain: domain as [number, number], samples: samples as number };
}

async function cmdHandbuilt(io: Io, flags: RunFlags): Promise<number> {
  const g = gridFlags(flags);
  const height = parseHeight(flags.height);
  const most = maxK(g.domain);
  const k = flags.k === undefined ? Math.min(2, most) : Number(flags.k);
  if (!Number.isInteger(k) || k < 1 || k > most) {
    throw new ConfigError([`--k: ${JSON.stringify(flags.k)} is not allowed; expected a whole number from 1 to ${most} (hₖ's knots at the centre ± 1…k−1 must lie inside [${g.domain.join(', ')}])`]);
  }
  if (flags.figures) checkOutDir(flags.figures, '--figures');
  const data = gridOf(g);
  const f = targetOf(g.target).f;
  const sums = Array.from({ length: k }, (_, i) => handBuilt(i + 1, f, g.domain));
  const formula = targetOf(g.target).formula;
  let written: string[] = [];
  if (flags.figures) {
    const { figure } = await import('../report/figures.js');
    const figs: Figure[] = [];
    for (const hb of sums) {
      figs.push(await figure(hb.name, [{ name: `${formula} (target)`, xs: data.xs, ys: data.ys }, { name: hb.name, xs: data.xs, ys: evalTerms(hb.terms, hb.d, data.xs) }], { title: `${hb.name} and ${formula}`, xTitle: 'x', yTitle: 'y' }));
    }
    figs.push(await figure('loss', sums.map((hb) => ({ name: hb.name, xs: data.xs, ys: pointwiseLoss(data.ys, evalTerms(hb.terms, hb.d, data.xs)) })), { title: `pointwise loss 0.5·(y − ŷ)² of ${sums.map((s) => s.name).join(', ')}`, xTitle: 'x', yTitle: 'loss' }));
    written = writeFigures(flags.figures, figs);
  }
  if (flags.json) {
    io.out(
      JSON.stringify({
        target: { name: g.target, formula },
        domain: g.domain,
        samples: g.samples,
        sums: sums.map((hb) => ({ name: hb.name, terms: hb.terms, d: hb.d, nodes: hb.nodes, ...metrics(data.ys, evalTerms(hb.terms, hb.d, data.xs)) })),
      }) + '\n',
    );
  } else {
    io.out(`hand-built ReLU sums for ${formula} on [${g.domain.join(', ')}], ${g.samples} points (g = relu; hₖ interpolates the target at the centre ± 0…k)\n\n`);
    io.out(handbuiltReport(formula, data, sums, viewOf(io, height)) + '\n');
    if (written.length) io.out(`figures: ${written.join(', ')}\n`);
  }
  return EXIT.ok;
}

async function cmdOptimum(io: Io, flags: RunFlags): Promise<number> {
  const g = gridFlags(flags);
  const { hidden } = flagOverrides(flags, ['hidden']) as { hidden?: number };
  const n = hidden ?? DEFAULTS.hidden;
  const data = gridOf(g);
  const t0 = performance.now();
  const opt = cachedOptimum(g.target, g.domain, g.samples, n, data.xs, data.ys);
  const seconds = (performance.now() - t0) / 1000;
  const hs = hinges(opt.network, data.xs);
  if (flags.json) {
    io.out(JSON.stringify({ target: g.target, domain: g.domain, samples: g.samples, hidden: n, mse: opt.mse, maxAbsError: opt.maxAbsError, network: opt.network, hinges: hs }) + '\n');
    return EXIT.ok;
  }
  const formula = targetOf(g.target).formula;
  io.out(`best width-${n} ReLU network for ${formula} on [${g.domain.join(', ')}], ${g.samples} points (${seconds.toFixed(2)} s)\n`);
  io.out(`MSE ${num(opt.mse)}   max |error| ${num(opt.maxAbsError)}\n\n`);
  io.out(table(['unit', 'knot', 'faces', 'slope change', 'kind'], hs.map((h) => [String(h.unit), h.knot, h.direction, h.slopeChange, h.kind])) + `\nd = ${num(opt.network.d)}\n\n`);
  io.out(chart(data.xs, [{ name: `${formula} (target)`, ys: data.ys }, { name: `best width ${n}`, ys: predict(opt.network, data.xs) }], { ...viewOf(io, parseHeight(flags.height)), title: `${formula} and the best width-${n} network` }) + '\n');
  return EXIT.ok;
}

interface SweepFlags extends RunFlags {
  force?: boolean;
  shard?: string;
  batch?: boolean;
}

async function writeSummaries(io: Io, dir: string, name: string, view: View, quietOut: boolean): Promise<void> {
  const runs = readRuns(dir);
  if (!runs.length) throw new ConfigError([`summarize: ${JSON.stringify(dir)} has no runs/*.json; expected a folder written by \`relu-lab sweep\``]);
  const rows = widthRows(runs);
  writeText(join(dir, 'summary.csv'), summaryCsv(runs));
  writeText(join(dir, 'summary.md'), summaryMd(name, rows));
  const { figure } = await import('../report/figures.js');
  const figs: Figure[] = [];
  for (const t of [...new Set(rows.map((r) => r.target))]) {
    const { series, options } = widthFigureData(rows, t);
    if (series.length && series[0].xs.length >= 2) figs.push(await figure(`mse-vs-width-${t}`, series, options));
  }
  const written = writeFigures(dir, figs);
  if (!quietOut) {
    io.out(widthChart(rows, view) + '\n\n');
    io.out(`${runs.length} runs summarised: ${join(dir, 'summary.csv')}, ${join(dir, 'summary.md')}${written.length ? ', ' + written.join(', ') : ''}\n`);
  }
}

async function cmdSweep(io: Io, file: string, flags: SweepFlags): Promise<number> {
  const where = `${file}: `;
  const { values, problems } = validateOverrides(readConfigFile(file), where, true);
  const fromFlags = flagOverrides(flags, ['backend']);
  if (problems.length) throw new ConfigError(problems);
  const sweep = merge(values, fromFlags);
  const configs = expand(sweep);
  const cross = [...new Set(configs.flatMap((c) => crossCheck(c, where, (k) => k, maxK)))];
  if (cross.length) throw new ConfigError(cross);
  const shard = flags.shard === undefined ? null : parseShard(String(flags.shard));
  if (flags.shard !== undefined && !shard) throw new ConfigError([`--shard: ${JSON.stringify(flags.shard)} is not allowed; expected I/N with 1 ≤ I ≤ N, e.g. 2/4`]);
  const name = basename(file).replace(/\.json$/i, '');
  const dir = flags.out ?? join('results', name);
  checkOutDir(dir, '--out');
  const resolved = json({ name, sweep, runs: configs.length });
  const cfgPath = join(dir, 'config.json');
  let previous: string | null = null;
  try {
    previous = readText(cfgPath);
  } catch {
    previous = null;
  }
  if (previous !== null && previous !== resolved && !flags.force) {
    throw new ConfigError([`--out: ${JSON.stringify(dir)} holds results of a different sweep (its config.json differs); use another --out, or --force to replace them`]);
  }
  const replaced = previous !== null && previous !== resolved ? removeRunsExcept(dir, new Set(configs.map(runId))) : 0;
  const all = batches(configs, flags.batch !== false);
  const mine = shardOf(all, shard);
  // What is finished is read once: runs whose file exists (none count with --force).
  const finished = new Set(flags.force ? [] : mine.flatMap((b) => b.runs.map((r) => r.id)).filter((id) => hasRun(dir, id)));
  const todo = mine.filter((b) => b.runs.some((r) => !finished.has(r.id)));
  const total = mine.reduce((s, b) => s + b.runs.length, 0);
  const skipped = finished.size;
  writeText(cfgPath, resolved);
  removeStaleTemps(dir);
  const quiet = Boolean(flags.quiet);
  if (!quiet) {
    if (replaced) io.err(`--force: removed ${replaced} run file(s) of the sweep previously in ${dir}\n`);
    io.err(`sweep ${name}: ${configs.length} runs in ${all.length} batches${shard ? `; shard ${shard[0]}/${shard[1]}: ${mine.length} batches, ${total} runs` : ''}; ${skipped} already finished${skipped ? ' (skipped; --force reruns them)' : ''}; writing to ${dir}\n`);
  }
  if (todo.length) {
    const { startBackend } = await import('../tfjs/backend.js');
    const backend = await startBackend(sweep.backend as BackendName);
    if (!quiet) io.err(backend.reason + '\n');
    const progress = new ProgressLine(io, progressEnabled(io, quiet));
    const work = todo.reduce((s, b) => s + b.runs.reduce((t, r) => t + r.config.epochs * r.config.restarts * r.config.hidden, 0), 0);
    let doneWork = 0;
    let doneRuns = skipped;
    const t0 = performance.now();
    const diverged: string[] = [];
    for (const b of todo) {
      const bWork = b.runs.reduce((t, r) => t + r.config.epochs * r.config.restarts * r.config.hidden, 0);
      const c0 = b.runs[0].config;
      const records = trainRuns(
        backend,
        b.runs.map((r) => r.config),
        (c, xs, ys) => cachedOptimum(c.target, c.domain, c.samples, c.hidden, xs, ys),
        (p) =>
          progress.update(() => {
            const done = doneWork + (bWork * p.epoch) / p.epochs;
            const el = (performance.now() - t0) / 1000;
            const left = done > 0 ? (el / done) * (work - done) : 0;
            return `runs ${doneRuns}/${total}  batch: ${b.runs.length} run${b.runs.length > 1 ? 's' : ''} of width ${c0.hidden}, epoch ${p.epoch}/${p.epochs}  ${clock(el)} elapsed, ${clock(left)} left`;
          }),
      );
      records.forEach((rec, i) => {
        const { id } = b.runs[i];
        if (!finished.has(id)) writeRun(dir, id, rec);
        if (rec.status === 'diverged') diverged.push(id);
      });
      doneWork += bWork;
      doneRuns += b.runs.length;
    }
    progress.clear();
    if (diverged.length && !quiet) io.err(`${diverged.length} run(s) diverged (recorded with status "diverged"): ${diverged.slice(0, 5).join(', ')}${diverged.length > 5 ? ', …' : ''}\n`);
    if (!quiet) io.err(`trained ${todo.reduce((s, b) => s + b.runs.length, 0)} runs in ${clock((performance.now() - t0) / 1000)}\n`);
  }
  await writeSummaries(io, dir, name, viewOf(io, parseHeight(flags.height)), Boolean(flags.json) || quiet);
  if (flags.json) io.out(JSON.stringify({ dir, runs: readRuns(dir).map((r) => r.id) }) + '\n');
  return EXIT.ok;
}

async function cmdSummarize(io: Io, dir: string, flags: RunFlags): Promise<number> {
  let name = basename(dir);
  try {
    name = JSON.parse(readText(join(dir, 'config.json'))).name ?? name;
  } catch {
    // a folder of run files alone (say, merged from shards) is summarised under its own name
  }
  await writeSummaries(io, dir, name, viewOf(io, parseHeight(flags.height)), Boolean(flags.quiet));
  return EXIT.ok;
}

// --- the program

export function program(io: Io, run: (p: Promise<number>) => void): Command {
  const prog = new Command('relu-lab')
    .description('How a ReLU network makes a curve out of straight lines: train y = d + Σ cᵢ·relu(aᵢx + bᵢ) in TensorFlow.js, read its hinges, compare them with hand-built sums and with the best any network of that width can do.')
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: () => {} });

  const common = (c: Command) =>
    c
      .option('--json', 'print one JSON object on stdout and nothing else there')
      .option('--quiet', 'no progress line and no backend line on stderr')
      .option('--height <rows>', 'chart height in rows (default 14)');

  const train = addRunOptions(prog.command('train').description('train one network and report its hinges, errors and charts'), CONFIG_KEYS);
  common(train)
    .option('--config <file>', 'JSON file of settings (sparse; flags override it)')
    .option('--out <dir>', 'write run.json, model.json and weights.bin (TF.js layers format) into this folder')
    .option('--figures <dir>', 'write SVG figures (and their vega-lite specs) into this folder')
    .action((opts) => run(cmdTrain(io, opts)));

  common(prog.command('show').description('reload a run saved with --out, check its model reproduces the recorded MSE, and print its report').argument('<dir>'))
    .addOption(new Option('--backend <name>', 'TF.js backend for the check').choices([...BACKENDS]))
    .action((dir, opts) => run(cmdShow(io, dir, opts)));

  const hb = addRunOptions(prog.command('handbuilt').description("the answer's hand-built sums h1…hk against the target, and their pointwise losses (no training)"), ['target', 'domain', 'samples']);
  common(hb)
    .option('--k <k>', 'show h1 … hk (default 2)')
    .option('--figures <dir>', 'write SVG figures into this folder')
    .action((opts) => run(cmdHandbuilt(io, opts)));

  const opt = addRunOptions(prog.command('optimum').description('the lowest MSE any width-n network reaches on the grid, and the network that reaches it'), ['target', 'hidden', 'domain', 'samples']);
  common(opt).action((opts) => run(cmdOptimum(io, opts)));

  common(prog.command('sweep').description('train every run of a config file (lists of hidden, seed, target, ...) into a results folder; resumable').argument('<file>'))
    .option('--out <dir>', 'results folder (default results/<config name>)')
    .option('--force', 'rerun finished runs too')
    .option('--shard <I/N>', 'run only the I-th of N disjoint slices of the grid (shards may share --out)')
    .option('--no-batch', 'train runs one at a time instead of as one tensor program per width')
    .addOption(new Option('--backend <name>', 'TF.js backend; overrides the config file'))
    .action((file, opts) => run(cmdSweep(io, file, opts)));

  common(prog.command('summarize').description('rebuild summary.csv, summary.md and the MSE-vs-width chart of a sweep folder from its run files').argument('<dir>')).action((dir, opts) =>
    run(cmdSummarize(io, dir, opts)),
  );
  return prog;
}

/** Run the CLI; resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let pending: Promise<number> | null = null;
  const prog = program(io, (p) => (pending = p));
  const fail = (e: unknown): number => {
    if (e instanceof ConfigError) {
      for (const line of e.problems) io.err(`relu-lab: ${line}\n`);
      return EXIT.usage;
    }
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      io.err(`relu-lab: ${e.message.replace(/^error: /, '').split('\n')[0]} (see relu-lab --help)\n`);
      return EXIT.usage;
    }
    io.err(`relu-lab: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.internal;
  };
  try {
    await prog.parseAsync(argv);
    if (!pending) return EXIT.ok;
    return await pending;
  } catch (e) {
    return fail(e);
  }
}

// Run when this file is the program (the relu-lab bin), not when a test imports it.
const entry = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (entry === realpathSync(fileURLToPath(import.meta.url))) process.exitCode = await main(process.argv);
