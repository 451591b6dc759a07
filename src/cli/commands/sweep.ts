// `relu-lab sweep FILE` and `relu-lab summarize DIR`: run a config's grid into a results folder,
// and rebuild a folder's summaries from its run files.
import { basename, join } from 'node:path';
import { ConfigError } from '../../errors.js';
import { parseShard } from '../../experiment/plan.js';
import { openSweepDir, planSweep } from '../../experiment/sweep.js';
import { MAX_JOBS, defaultJobs, runSweepJobs } from '../../experiment/jobs.js';
import type { Backend } from '../../tfjs/backend.js';
import { cachedOptimum, readRuns, readText, writeFigures, writeText } from '../../experiment/store.js';
import { gridOf } from '../../experiment/run.js';
import { bestFoundFor } from '../../experiment/best-reference.js';
import { summaryCsv, summaryMd, widthChart, widthRows } from '../../report/summary.js';
import { depthFigures, depthMd, depthText, hasDepth } from '../../report/depth-summary.js';
import { activationsFigures, activationsMd, activationsText, hasActivations } from '../../report/activations-summary.js';
import type { View } from '../../report/text.js';
import { isDeep, readConfigFile, type BackendName, type Config } from '../../settings.js';
import { flagOverrides } from '../flags.js';
import { isPlaneSweepDir, namesTarget2, sweepPlane, writePlaneSummaries } from './sweep-plane.js';
import { EXIT, type Flags } from '../exit.js';
import { backendLine, ProgressLine, clock, parseHeight, phaseProgress, viewOf, type Io } from '../terminal.js';

export async function sweep(io: Io, file: string, flags: Flags): Promise<number> {
  const raw = readConfigFile(file);
  const shard = flags.shard === undefined ? null : parseShard(String(flags.shard));
  if (flags.shard !== undefined && !shard) throw new ConfigError([`--shard: ${JSON.stringify(flags.shard)} is not allowed; expected I/N with 1 ≤ I ≤ N, e.g. 2/4`]);
  const jobs = flags.jobs === undefined ? defaultJobs() : Number(flags.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS || !/^\s*[0-9]+\s*$/.test(String(flags.jobs ?? jobs))) {
    throw new ConfigError([`--jobs: ${JSON.stringify(flags.jobs)} is not allowed; expected a whole number from 1 to ${MAX_JOBS} (default: the number of cores, here ${defaultJobs()})`]);
  }
  if (namesTarget2(file, raw)) {
    // worker threads are for one-input sweeps: two-input batches train in this process (--jobs 1 is that)
    if (flags.jobs !== undefined && jobs !== 1) throw new ConfigError([`--jobs: ${JSON.stringify(flags.jobs)} is not allowed with a two-input sweep (${file} names a two-input target); its runs train batch by batch in this process: leave --jobs out or give 1`]);
    return sweepPlane(io, file, raw, flags, shard);
  }
  const overrides = flagOverrides(flags, ['backend']);
  const view = viewOf(io, parseHeight(flags.height));
  const plan = planSweep(file, raw, { out: flags.out as string | undefined, force: Boolean(flags.force), shard, batch: flags.batch !== false, overrides });
  const replaced = openSweepDir(plan);
  const quiet = Boolean(flags.quiet);
  const total = plan.mine.reduce((s, b) => s + b.runs.length, 0);
  const skipped = plan.finished.size;
  if (!quiet) {
    if (replaced) io.err(`removed ${replaced} run file(s) in ${plan.dir} that this sweep no longer plans\n`);
    io.err(`sweep ${plan.name}: ${plan.configs.length} runs in ${plan.all.length} batches${shard ? `; shard ${shard[0]}/${shard[1]}: ${plan.mine.length} batches, ${total} runs` : ''}; ${skipped} already finished${skipped ? ' (skipped; --force reruns them)' : ''}; writing to ${plan.dir}\n`);
  }
  if (plan.todo.length) {
    const requested = plan.sweep.backend as BackendName;
    let used: Backend | BackendName = requested;
    if (jobs === 1 || plan.todo.length === 1) {
      const { startBackend } = await import('../../tfjs/backend.js');
      used = await startBackend(requested);
      backendLine(io, flags, used);
    } else if (!quiet) io.err(`jobs: ${Math.min(jobs, plan.todo.length)} worker threads, each with its own backend\n`);
    // Found once here, before the workers start: they read them from the cache instead of each searching.
    warmOptima(io, quiet, plan.todo.flatMap((b) => b.runs.map((r) => r.config)));
    const progress = new ProgressLine(io, quiet);
    const t0 = performance.now();
    const { trained, diverged } = await runSweepJobs(
      plan,
      jobs,
      used,
      (p) =>
        progress.update(() => {
          const el = (performance.now() - t0) / 1000;
          const left = p.fraction > 0 ? (el / p.fraction) * (1 - p.fraction) : 0;
          const b = p.batch;
          const batch = b ? `  batch: ${b.runs} run${b.runs > 1 ? 's' : ''} of ${b.width.includes(',') ? 'hidden' : 'width'} ${b.width}, epoch ${b.epoch}/${b.epochs}` : '';
          return `runs ${p.runsDone}/${p.runsTotal}  ${p.jobs} job${p.jobs > 1 ? 's' : ''}${batch}  ${clock(el)} elapsed, ${clock(left)} left`;
        }),
      (backend) => backendLine(io, flags, backend),
    );
    progress.clear();
    if (diverged.length && !quiet) io.err(`${diverged.length} run(s) diverged (recorded with status "diverged"): ${diverged.slice(0, 5).join(', ')}${diverged.length > 5 ? ', …' : ''}\n`);
    if (!quiet) io.err(`trained ${trained} runs in ${clock((performance.now() - t0) / 1000)}\n`);
  }
  // A shard with no batch of its own (job arrays often have more tasks than work) has nothing to
  // summarise until another shard writes runs: that is success, not an error.
  if (plan.mine.length || readRuns(plan.dir).length) await writeSummaries(io, plan.dir, plan.name, view, Boolean(flags.json) || quiet);
  if (flags.json) io.out(JSON.stringify({ dir: plan.dir, runs: readRuns(plan.dir).map((r) => r.id) }) + '\n');
  return EXIT.ok;
}

/**
 * The best networks a sweep compares with, found once per grid up to its widest run before any
 * training (one search instead of one per width), with a progress line of their own.
 */
function warmOptima(io: Io, quiet: boolean, configs: Config[]): void {
  const grids = new Map<string, { c: Config; widest: number }>();
  for (const c of configs) {
    if (isDeep(c.hidden)) continue;
    const key = JSON.stringify([c.target, c.domain, c.samples]);
    const g = grids.get(key);
    if (!g || c.hidden > g.widest) grids.set(key, { c, widest: c.hidden });
  }
  // the best found for other activations, one curve per grid and activation up to its widest run
  const searches = new Map<string, { c: Config; widest: number }>();
  for (const c of configs) {
    if (isDeep(c.hidden) || c.activation === 'relu') continue;
    const key = JSON.stringify([c.target, c.domain, c.samples, c.activation]);
    const g = searches.get(key);
    if (!g || c.hidden > g.widest) searches.set(key, { c, widest: c.hidden });
  }
  for (const { c, widest } of searches.values()) {
    const phase = phaseProgress(io, quiet, `best found for ${c.activation} on ${c.target} (cached after the first time)`);
    bestFoundFor(c, c.activation, widest, gridOf(c), (w, of) => phase.update(w / of, `width ${w}/${of}`));
    phase.clear();
  }
  for (const { c, widest } of grids.values()) {
    const data = gridOf(c);
    const phase = phaseProgress(io, quiet, `best possible networks for ${c.target} on [${c.domain.join(', ')}]`);
    cachedOptimum(c.target, c.domain, c.samples, widest, data.xs, data.ys, (p) => phase.update(p.fraction, `width ${p.width}/${p.of}`));
    phase.clear();
  }
}

/** Rebuild a folder's summaries; returns the files written. The chart and the list go to stdout unless quietOut. */
async function writeSummaries(io: Io, dir: string, name: string, view: View, quietOut: boolean): Promise<{ runs: string[]; files: string[] }> {
  const runs = readRuns(dir);
  if (!runs.length) throw new ConfigError([`summarize: ${JSON.stringify(dir)} has no runs/*.json; expected a folder written by \`relu-lab sweep\``]);
  const rows = widthRows(runs);
  writeText(join(dir, 'summary.csv'), summaryCsv(runs));
  // Runs of several depths add the depth-against-width section; shallow sweeps stay as they were.
  const depth = hasDepth(runs);
  // Runs of several activations add the comparison of activations (report/activations-summary.ts).
  const acts = hasActivations(runs);
  writeText(join(dir, 'summary.md'), summaryMd(name, rows) + (depth ? depthMd(runs) : '') + (acts ? activationsMd(runs) : ''));
  const { sweepFigures } = await import('../../report/run-figures.js');
  const written = writeFigures(dir, [...(await sweepFigures(rows)), ...(depth ? await depthFigures(runs) : []), ...(acts ? await activationsFigures(runs) : [])]);
  if (!quietOut) {
    io.out((acts ? activationsText(runs, view) : widthChart(rows, view)) + '\n\n');
    if (depth) io.out(depthText(runs, view) + '\n\n');
    io.out(`${runs.length} runs summarised: ${join(dir, 'summary.csv')}, ${join(dir, 'summary.md')}${written.length ? ', ' + written.join(', ') : ''}\n`);
  }
  return { runs: runs.map((r) => r.id), files: [join(dir, 'summary.csv'), join(dir, 'summary.md'), ...written] };
}

export async function summarize(io: Io, dir: string, flags: Flags): Promise<number> {
  const view = viewOf(io, parseHeight(flags.height));
  const two = isPlaneSweepDir(dir);
  let name = basename(dir);
  try {
    name = JSON.parse(readText(join(dir, 'config.json'))).name ?? name;
  } catch {
    // a folder of run files alone (say, merged from shards) is summarised under its own name
  }
  const quietOut = Boolean(flags.quiet) || Boolean(flags.json);
  const done = two ? await writePlaneSummaries(io, dir, name, view, quietOut) : await writeSummaries(io, dir, name, view, quietOut);
  if (flags.json) io.out(JSON.stringify({ dir, name, ...done }) + '\n');
  return EXIT.ok;
}
