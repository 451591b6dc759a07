// `relu-lab sweep FILE` for a config naming a two-input target, and `summarize DIR` of its folder:
// every combination of the file's lists checked as train --target product checks its flags (one
// line naming the file and key, exit 2, before anything is written; an activation list too), then
// the runs trained batch by batch into results/<name>/runs, resumable and shardable as one-input
// sweeps, and the summary against the constructions of the same width (with several activations,
// their comparison).
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';
import { TARGET2_NAMES, isTarget2, type Target2Name } from '../../math/targets2.js';
import { isPlaneSweepDir, openPlaneSweepDir, planPlaneSweep, readPlaneRuns, runPlaneSweep } from '../../experiment/plane-sweep.js';
import type { PlaneSettings } from '../../experiment/plane-run.js';
import { writeFigures, writeText } from '../../experiment/store.js';
import { planeSummaryCsv, planeSummaryMd, planeSweepFigures, planeWidthChart, planeWidthRows } from '../../report/plane-summary.js';
import { hasPlaneActivations, planeActivationRows, planeActivationsFigures, planeActivationsMd, planeActivationsText } from '../../report/plane-activations.js';
import type { View } from '../../report/text.js';
import { configName } from '../../settings.js';
import { asFileProblems, flagsOfConfig, namesTarget2, planeConfigKeys } from './plane-config.js';
import { BACKENDS, type BackendName } from '../../tfjs/backend.js';
import { planeSettings } from './train-plane.js';
import { EXIT, type Flags } from '../exit.js';
import { ProgressLine, backendLine, clock, parseHeight, viewOf, type Io } from '../terminal.js';

/** Keys that may hold a list of values to sweep over (domain is a list itself: one domain a sweep). */
const LIST_KEYS = ['target', 'hidden', 'seed', 'samples', 'init', 'optimizer', 'lr', 'schedule', 'epochs', 'stop', 'patience', 'batchSize', 'restarts', 'refit', 'activation'];
/** Most runs one two-input sweep file may expand to. */
export const MAX_PLANE_RUNS = 10_000;

/** Every run of a two-input sweep file, checked; flags given on the command line (backend) win over the file. */
export function planeSweepRuns(file: string, raw: unknown, overrides: Flags): { runs: PlaneSettings[]; backend: BackendName; sweep: Record<string, unknown> } {
  const where = `${file}: `;
  const cfg = planeConfigKeys(file, raw);
  const lists: [string, unknown[]][] = [];
  for (const key of LIST_KEYS) {
    const v = cfg[key];
    // hidden: [8, 16] is two runs; [[8, 8], 16] a deep and a shallow run
    if (Array.isArray(v)) lists.push([key, v.length ? v : [undefined]]);
  }
  const count = lists.reduce((n, [, vs]) => n * vs.length, 1);
  if (count > MAX_PLANE_RUNS) throw new ConfigError([`${where}${count} runs (the product of the lists ${lists.map(([k, vs]) => `${k} ${vs.length}`).join(' × ')}) is more than ${MAX_PLANE_RUNS}; split the sweep`]);
  const runs: PlaneSettings[] = [];
  let backend: BackendName = 'auto';
  const combos: Record<string, unknown>[] = [{}];
  for (const [key, vs] of lists) {
    const next: Record<string, unknown>[] = [];
    for (const c of combos) for (const v of vs) next.push({ ...c, [key]: v });
    combos.splice(0, combos.length, ...next);
  }
  for (const combo of combos) {
    const values = { ...cfg, ...combo };
    const flags = flagsOfConfig(values);
    if (overrides.backend !== undefined) flags.backend = overrides.backend;
    const target = String(values.target);
    if (!isTarget2(target)) throw new ConfigError([`${where}target: ${JSON.stringify(values.target)} is not a two-input target; expected one of ${TARGET2_NAMES.join(', ')}`]);
    const s = asFileProblems(file, () => planeSettings(flags, target as Target2Name));
    const { backend: b, ...settings } = s;
    backend = b;
    runs.push(settings);
  }
  return { runs, backend, sweep: cfg };
}

export async function sweepPlane(io: Io, file: string, raw: unknown, flags: Flags, shard: [number, number] | null): Promise<number> {
  const view = viewOf(io, parseHeight(flags.height));
  if (flags.backend !== undefined && !(BACKENDS as readonly string[]).includes(String(flags.backend))) {
    throw new ConfigError([`--backend: ${JSON.stringify(String(flags.backend))} is not allowed; expected one of ${BACKENDS.join(', ')}`]);
  }
  const { runs, backend: backendName, sweep } = planeSweepRuns(file, raw, { backend: flags.backend });
  const name = configName(file);
  const dir = flags.out ? String(flags.out) : join('results', name);
  const plan = planPlaneSweep(name, sweep, runs, { dir, force: Boolean(flags.force), shard, batch: flags.batch !== false });
  const replaced = openPlaneSweepDir(plan);
  const quiet = Boolean(flags.quiet);
  const total = plan.mine.reduce((s, b) => s + b.runs.length, 0);
  const skipped = plan.finished.size;
  if (!quiet) {
    if (replaced) io.err(`removed ${replaced} run file(s) in ${plan.dir} that this sweep no longer plans\n`);
    io.err(`sweep ${plan.name} (two inputs): ${plan.runs.length} runs in ${plan.all.length} batches${shard ? `; shard ${shard[0]}/${shard[1]}: ${plan.mine.length} batches, ${total} runs` : ''}; ${skipped} already finished${skipped ? ' (skipped; --force reruns them)' : ''}; writing to ${plan.dir}\n`);
  }
  if (plan.todo.length) {
    const { startBackend } = await import('../../tfjs/backend.js');
    const backend = await startBackend(backendName);
    backendLine(io, flags, backend);
    const progress = new ProgressLine(io, quiet);
    const t0 = performance.now();
    const { trained, diverged } = runPlaneSweep(plan, backend, (p) =>
      progress.update(() => {
        const el = (performance.now() - t0) / 1000;
        const left = p.fraction > 0 ? (el / p.fraction) * (1 - p.fraction) : 0;
        return `runs ${p.runsDone}/${p.runsTotal}  batch: ${p.batch.runs} run${p.batch.runs > 1 ? 's' : ''} of ${p.batch.width.includes(',') ? 'hidden' : 'width'} ${p.batch.width}, epoch ${p.batch.progress.epoch}/${p.batch.progress.epochs}  ${clock(el)} elapsed, ${clock(left)} left`;
      }),
    );
    progress.clear();
    if (diverged.length && !quiet) io.err(`${diverged.length} run(s) diverged (recorded with status "diverged"): ${diverged.slice(0, 5).join(', ')}${diverged.length > 5 ? ', …' : ''}\n`);
    if (!quiet) io.err(`trained ${trained} runs in ${clock((performance.now() - t0) / 1000)}\n`);
  }
  if (plan.mine.length || readPlaneRuns(plan.dir).length) await writePlaneSummaries(io, plan.dir, plan.name, view, Boolean(flags.json) || quiet);
  if (flags.json) io.out(JSON.stringify({ dir: plan.dir, runs: readPlaneRuns(plan.dir).map((r) => r.id) }) + '\n');
  return EXIT.ok;
}

/** Rebuild a two-input sweep folder's summaries; the chart and the file list go to stdout unless quietOut. */
export async function writePlaneSummaries(io: Io, dir: string, name: string, view: View, quietOut: boolean): Promise<{ runs: string[]; files: string[] }> {
  const runs = readPlaneRuns(dir);
  if (!runs.length) throw new ConfigError([`summarize: ${JSON.stringify(dir)} has no runs/*.json; expected a folder written by \`relu-lab sweep\``]);
  const rows = planeWidthRows(runs);
  // runs of several activations add their comparison (report/plane-activations.ts), as one-input sweeps do
  const acts = hasPlaneActivations(runs) ? planeActivationRows(runs, rows) : null;
  writeText(join(dir, 'summary.csv'), planeSummaryCsv(runs));
  writeText(join(dir, 'summary.md'), planeSummaryMd(name, rows) + (acts ? planeActivationsMd(acts) : ''));
  const written = writeFigures(dir, [...(await planeSweepFigures(rows)), ...(acts ? await planeActivationsFigures(acts) : [])]);
  if (!quietOut) {
    io.out((acts ? planeActivationsText(acts, view) : planeWidthChart(rows, view)) + '\n\n');
    io.out(`${runs.length} runs summarised: ${join(dir, 'summary.csv')}, ${join(dir, 'summary.md')}${written.length ? ', ' + written.join(', ') : ''}\n`);
  }
  return { runs: runs.map((r) => r.id), files: [join(dir, 'summary.csv'), join(dir, 'summary.md'), ...written] };
}

export { isPlaneSweepDir, namesTarget2 };
