// `relu-lab train`: resolve the settings, train one network (a sweep of one), then save, draw and report it.
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';
import { maxK } from '../../math/handbuilt.js';
import { isTarget2, type Target2Name } from '../../math/targets2.js';
import { namesTarget2 } from './plane-config.js';
import { trainPlaneCommand } from './train-plane.js';
import { minOf } from '../../math/extent.js';
import { comparatorOf, gridOf, optimumFromCache, trainRuns, type RunRecord } from '../../experiment/run.js';
import { saveRun } from '../../experiment/saved.js';
import { bestFoundFor } from '../../experiment/best-reference.js';
import { cachedOptimum, checkOutDir, checkOutFile, writeFigures } from '../../experiment/store.js';
import { runReport, num } from '../../report/text.js';
import { CONFIG_KEYS, crossCheck, isDeep, merge, readConfigFile, singleRun, validateOverrides, type Config, type SweepConfig } from '../../settings.js';
import type { Backend } from '../../tfjs/backend.js';
import { flagName, flagOverrides } from '../flags.js';
import { EXIT, type Flags } from '../exit.js';
import { writeRunPage } from './report.js';
import { backendLine, ProgressLine, clock, parseHeight, phaseProgress, viewOf, type Io } from '../terminal.js';

function resolveTrainConfig(flags: Flags): Config {
  // the file's problems and the flags' together, one line each: fixing one should not reveal the other
  let fromFlags: Partial<SweepConfig> = {};
  let flagProblems: string[] = [];
  try {
    fromFlags = flagOverrides(flags, CONFIG_KEYS);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    flagProblems = e.problems;
  }
  const where = flags.config ? `${flags.config}: ` : '';
  const file = flags.config ? validateOverrides(readConfigFile(String(flags.config)), where, true) : { values: {}, problems: [] };
  if (file.problems.length || flagProblems.length) throw new ConfigError([...file.problems, ...flagProblems]);
  const fromFile: Partial<SweepConfig> = file.values;
  const config = singleRun(merge(fromFile, fromFlags), where);
  const problems = crossCheck(config, '', flagName, maxK);
  if (problems.length) throw new ConfigError(problems);
  return config;
}

export async function train(io: Io, flags: Flags): Promise<number> {
  if (typeof flags.target === 'string' && isTarget2(flags.target)) return trainPlaneCommand(io, flags, flags.target);
  if (flags.target === undefined && flags.config !== undefined) {
    // a config file naming a two-input target trains in the plane (its keys are checked there)
    const raw = readConfigFile(String(flags.config));
    const t = (raw as { target?: unknown } | null)?.target;
    if (namesTarget2(String(flags.config), raw) && typeof t === 'string') return trainPlaneCommand(io, flags, t as Target2Name);
  }
  const config = resolveTrainConfig(flags);
  const height = parseHeight(flags.height);
  if (flags.out !== undefined) checkOutDir(String(flags.out), '--out');
  if (flags.figures !== undefined) checkOutDir(String(flags.figures), '--figures');
  if (flags.report !== undefined) checkOutFile(String(flags.report), '--report', 'the HTML file');
  const { startBackend } = await import('../../tfjs/backend.js');
  const backend = await startBackend(config.backend);
  backendLine(io, flags, backend);
  if (!isDeep(config.hidden)) {
    // The best possible network (cached on disk) is found before training, so its search shows
    // progress of its own instead of freezing the line after the last epoch.
    const data = gridOf(config);
    if (config.activation === 'relu') {
      const phase = phaseProgress(io, Boolean(flags.quiet), 'best possible network (cached after the first time)');
      cachedOptimum(config.target, config.domain, config.samples, config.hidden, data.xs, data.ys, (p) => phase.update(p.fraction, `width ${p.width}/${p.of}`));
      phase.clear();
    } else {
      const phase = phaseProgress(io, Boolean(flags.quiet), `best found ${config.activation} network (cached after the first time)`);
      bestFoundFor(config, config.activation, config.hidden, data, (w, of) => phase.update(w / of, `width ${w}/${of}`));
      phase.clear();
    }
  }
  const progress = new ProgressLine(io, Boolean(flags.quiet));
  const t0 = performance.now();
  const starts = phaseProgress(io, Boolean(flags.quiet), `initial networks (init ${config.init})`);
  const [record] = trainRuns(
    backend,
    [config],
    optimumFromCache,
    (p) => {
      starts.clear();
      progress.update(() => {
        const el = (performance.now() - t0) / 1000;
        const left = (el / p.epoch) * (p.epochs - p.epoch);
        return `epoch ${p.epoch}/${p.epochs}  loss ${num(minOf(p.losses))}  ${clock(el)} elapsed, ${clock(left)} left`;
      });
    },
    (done, of) => starts.update(done / of, `${done + 1} of ${of}`),
  );
  starts.clear();
  progress.clear();
  if (record.status === 'diverged') {
    if (flags.json) io.out(JSON.stringify(record) + '\n');
    io.err(`relu-lab: training diverged: the loss was NaN or infinite at epoch ${record.divergedAt} (lr ${config.lr}, ${config.optimizer}); nothing saved. Try a smaller --lr.\n`);
    return EXIT.diverged;
  }
  return finish(io, backend, record, flags, height);
}

async function finish(io: Io, backend: Backend, record: RunRecord, flags: Flags, height: number | undefined): Promise<number> {
  const hb = comparatorOf(record.config);
  const data = gridOf(record.config);
  if (flags.out) await saveRun(backend, String(flags.out), record);
  let written: string[] = [];
  if (flags.figures) {
    const { runFigures } = await import('../../report/run-figures.js');
    written = writeFigures(String(flags.figures), await runFigures(record, data, hb));
  }
  if (flags.report) await writeRunPage(record, flags.out ? join(String(flags.out), 'run.json') : 'this training run (not saved)', String(flags.report));
  if (flags.json) io.out(JSON.stringify(record) + '\n');
  else {
    io.out(runReport(record, data, hb, viewOf(io, height)) + '\n');
    if (flags.out) io.out(`\nsaved: ${join(String(flags.out), 'run.json')}, model.json, weights.bin (TF.js layers format)\n`);
    if (written.length) io.out(`figures: ${written.join(', ')} (vega-lite specs beside them)\n`);
    if (flags.report) io.out(`report page: ${String(flags.report)}\n`);
  }
  return EXIT.ok;
}
