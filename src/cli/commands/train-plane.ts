// `relu-lab train --target product` (any two-input target): parse the two-input settings (one line
// per mistake, exit 2 before any work), train, then report the folds, regions and interaction beside
// the hand-built constructions of the same width, with heatmaps; --json prints the record.
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';
import { OPTIMIZERS, SCHEDULES } from '../../math/optimizers.js';
import type { Net } from '../../math/net.js';
import { planeComparisons } from '../../report/plane-summary.js';
import { activation, type ActivationName } from '../../math/activations.js';
import { settingOf } from '../../settings.js';
import { STOPS } from '../../math/stopping.js';
import { DEFAULTS } from '../../settings.js';
import { MAX_EPOCHS } from '../../limits.js';
import { planeGridProblem, type Target2Name } from '../../math/targets2.js';
import { PLANE_INITS, REFITS, gridOfPlane, trainPlane, type PlaneRecord, type PlaneSettings } from '../../experiment/plane-run.js';
import { checkOutDir, json, writeAtomic, writeFigures } from '../../experiment/store.js';
import { modelFilesOf } from '../../tfjs/model.js';
import { planeNetReport, planePanels, readNet } from '../../report/plane.js';
import { heatmapFigure } from '../../report/heatmap.js';
import { num, table, wrap } from '../../report/text.js';
import { readingLine, taylorText } from '../../report/reading-text.js';
import { centreOf, readingKind, readsByTaylor, smoothReading } from '../../math/smooth-reading.js';
import { BACKENDS, type BackendName } from '../../tfjs/backend.js';
import { planeDomain, planeSamples } from './handbuilt-plane.js';
import { EXIT, type Flags } from '../exit.js';
import { readConfigFile } from '../../settings.js';
import { asFileProblems, flagsOfConfig, planeConfigKeys } from './plane-config.js';

/** A train config's values: one value a key (lists are for sweeps; a deep network is the string "8,8"). */
function trainConfigValues(file: string, raw: unknown): Record<string, unknown> {
  const cfg = planeConfigKeys(file, raw);
  for (const [k, v] of Object.entries(cfg)) {
    if (Array.isArray(v) && k !== 'domain') throw new ConfigError([`${file}: ${k}: ${JSON.stringify(v)} is a list, not allowed outside a sweep; expected one value (a deep network is the string "8,8")`]);
  }
  return cfg;
}
import { PLANE_DEFAULTS } from '../../settings/plane-defaults.js';
import { ProgressLine, backendLine, clock, parseHeight, viewOf, type Io } from '../terminal.js';


const bad = (flag: string, v: unknown, allowed: string) => new ConfigError([`${flag}: ${JSON.stringify(String(v))} is not allowed; expected ${allowed} (two-input target)`]);

function int(flags: Flags, key: string, flag: string, lo: number, hi: number, dflt: number): number {
  const v = flags[key];
  if (v === undefined) return dflt;
  const n = String(v).trim() === '' ? NaN : Number(v);
  if (!Number.isInteger(n) || n < lo || n > hi) throw bad(flag, v, `a whole number from ${lo} to ${hi}`);
  return n;
}

function oneOf<T extends string>(flags: Flags, key: string, flag: string, allowed: readonly T[], dflt: T): T {
  const v = flags[key];
  if (v === undefined) return dflt;
  if (!allowed.includes(String(v) as T)) throw bad(flag, v, `one of ${allowed.join(', ')}`);
  return String(v) as T;
}

/** Most hidden layers of a two-input network (as deep as the depth sweeps go). */
const MAX_LAYERS = 8;

/** --hidden: 8 (one layer) or 8,8 (layers, input side first). */
function widthsOf(v: unknown): number[] {
  if (v === undefined) return [PLANE_DEFAULTS.hidden];
  const parts = String(v).split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length > MAX_LAYERS || !parts.every((n) => Number.isInteger(n) && n >= 1 && n <= 1024)) {
    throw bad('--hidden', v, `a width from 1 to 1024, or up to ${MAX_LAYERS} widths separated by commas (one per hidden layer)`);
  }
  return parts;
}

/** --activation as the settings table parses it (one line with a did-you-mean on a typo). */
function planeActivation(v: unknown): ActivationName {
  if (v === undefined) return 'relu';
  const r = settingOf('activation')!.parse(String(v));
  if ('allowed' in r) throw new ConfigError([`--activation: ${JSON.stringify(String(v))} is not allowed; expected ${r.allowed}`]);
  return r.value as ActivationName;
}

/** The settings of a two-input run, from flags; one-input settings are refused by name. */
export function planeSettings(flags: Flags, target: Target2Name): PlaneSettings & { backend: BackendName } {
  if (flags.config !== undefined) {
    // the file's values are checked alone first (its mistakes name the file and key), then flags override them key by key
    const file = String(flags.config);
    const fromFile = flagsOfConfig(trainConfigValues(file, readConfigFile(file)));
    asFileProblems(file, () => planeSettings(fromFile, target));
    const rest = Object.fromEntries(Object.entries(flags).filter(([k, v]) => k !== 'config' && v !== undefined));
    return planeSettings({ ...fromFile, ...rest }, target);
  }
  if (flags.compare !== undefined && flags.compare !== 'auto') {
    throw new ConfigError([`--compare: ${JSON.stringify(String(flags.compare))} is not allowed with the two-input target ${target}; hK sums have one input (the run is compared with the two-input constructions of handbuilt --target ${target})`]);
  }
  if (['mixed', 'curvature', 'halves', 'dropped', 'paired', 'greedy', 'spread'].includes(String(flags.init))) {
    throw new ConfigError([`--init: ${JSON.stringify(flags.init)} places knots along one input; with the two-input target ${target} use one of ${PLANE_INITS.join(', ')}`]);
  }
  const domain = planeDomain(flags.domain);
  const samples = planeSamples(flags.samples);
  const problem = planeGridProblem(domain, samples);
  if (problem) throw new ConfigError([`--samples: ${problem}`]);
  const hidden = widthsOf(flags.hidden);
  // folds start one hidden layer; a deep network starts from He (ReLU's own scaling)
  const act = planeActivation(flags.activation);
  const init = oneOf(flags, 'init', '--init', PLANE_INITS, hidden.length === 1 && activation(act).piecewiseLinear ? PLANE_DEFAULTS.init : 'he');
  if ((init === 'folds' || init === 'bends') && !activation(act).piecewiseLinear) throw new ConfigError([`--init: "${init}" places the folds of piecewise-linear units; ${act} is smooth (use he or glorot; its default is he)`]);
  if ((init === 'folds' || init === 'bends') && hidden.length > 1) throw new ConfigError([`--init: "${init}" starts one hidden layer; with --hidden ${hidden.join(',')} use he or glorot`]);
  const lrRaw = flags.lr;
  const lr = lrRaw === undefined ? PLANE_DEFAULTS.lr : Number(lrRaw);
  if (!(lr > 0 && lr <= 10)) throw bad('--lr', lrRaw, 'a number greater than 0 and at most 10');
  return {
    target,
    domain,
    samples,
    hidden,
    seed: int(flags, 'seed', '--seed', 0, 2 ** 31 - 1, PLANE_DEFAULTS.seed),
    init,
    optimizer: oneOf(flags, 'optimizer', '--optimizer', OPTIMIZERS, PLANE_DEFAULTS.optimizer),
    lr,
    schedule: oneOf(flags, 'schedule', '--schedule', SCHEDULES, PLANE_DEFAULTS.schedule),
    epochs: int(flags, 'epochs', '--epochs', 1, 10_000_000, PLANE_DEFAULTS.epochs),
    // stopping as for one input (the settings table's defaults)
    stop: oneOf(flags, 'stop', '--stop', STOPS, DEFAULTS.stop),
    patience: int(flags, 'patience', '--patience', 1, MAX_EPOCHS, DEFAULTS.patience),
    batchSize: int(flags, 'batchSize', '--batch-size', 0, 1_000_000, PLANE_DEFAULTS.batchSize),
    restarts: int(flags, 'restarts', '--restarts', 1, 64, PLANE_DEFAULTS.restarts),
    refit: oneOf(flags, 'refit', '--refit', REFITS, PLANE_DEFAULTS.refit),
    backend: oneOf(flags, 'backend', '--backend', BACKENDS, PLANE_DEFAULTS.backend),
    ...(act === 'relu' ? {} : { activation: act }),
  };
}

/** The hand-built networks of the run's width: best one-input parts, and hₖ parts when the width allows. */
export const comparisons = (s: PlaneSettings): { name: string; net: Net }[] => planeComparisons(s);

export async function trainPlaneCommand(io: Io, flags: Flags, target: Target2Name): Promise<number> {
  const s = planeSettings(flags, target);
  const height = parseHeight(flags.height);
  if (flags.out) checkOutDir(String(flags.out), '--out');
  if (flags.figures) checkOutDir(String(flags.figures), '--figures');
  const { startBackend } = await import('../../tfjs/backend.js');
  const backend = await startBackend(s.backend);
  backendLine(io, flags, backend);
  const progress = new ProgressLine(io, Boolean(flags.quiet));
  const t0 = performance.now();
  const record = trainPlane(backend, s, (p) =>
    progress.update(() => {
      const el = (performance.now() - t0) / 1000;
      return `epoch ${p.epoch}/${p.epochs}  loss ${num(Math.min(...p.losses))}  ${clock(el)} elapsed, ${clock((el / p.epoch) * (p.epochs - p.epoch))} left`;
    }),
  );
  progress.clear();
  if (record.status === 'diverged') {
    if (flags.json) io.out(JSON.stringify(record) + '\n');
    io.err(`relu-lab: training diverged: the loss was NaN or infinite at epoch ${record.divergedAt} (lr ${s.lr}, ${s.optimizer}); nothing saved. Try a smaller --lr.\n`);
    return EXIT.diverged;
  }
  if (flags.out) {
    // weights first, run.json last (as store.writeRunDir): run.json's presence means the folder is complete
    const files = await modelFilesOf(backend.tf, record.net);
    writeAtomic(join(String(flags.out), 'weights.bin'), files.weights);
    writeAtomic(join(String(flags.out), 'model.json'), files.modelJson);
    writeAtomic(join(String(flags.out), 'run.json'), json(record));
  }
  await printPlaneRun(io, record, flags, height, `trained`);
  if (flags.out && !flags.json) io.out(`\nsaved: ${join(String(flags.out), 'run.json')}, model.json, weights.bin (TF.js layers format, input shape 2)\n`);
  return EXIT.ok;
}

/** The report train prints (and show reprints): headline, folds, regions, interaction, heatmaps beside the constructions; SVG with --figures; the record with --json. */
export async function printPlaneRun(io: Io, record: PlaneRecord, flags: Flags, height: number | undefined, verb: string): Promise<void> {
  const s = record.settings;
  const { g, y } = gridOfPlane(s);
  const compare = comparisons(s);
  let written: string[] = [];
  if (flags.figures) {
    const figs = [];
    for (const c of [{ name: `learned ${s.hidden.join('x')}`, net: record.net }, ...compare]) {
      figs.push(await heatmapFigure(`plane-${c.name.replace(/\s+/g, '-')}`, g, planePanels(`target ${record.target.formula}`, y, c.name, readNet(c.net, g, y)), `${record.target.formula}: ${c.name}`));
    }
    written = writeFigures(String(flags.figures), figs);
  }
  if (flags.json) {
    io.out(JSON.stringify({ ...record, reading: readingKind(record.net), taylor: readsByTaylor(record.net) ? smoothReading(record.net, g.X, centreOf(s.domain)) : null }) + '\n');
    return;
  }
  const view = viewOf(io, height);
  const truecolor = /^(truecolor|24bit)$/i.test(io.env.COLORTERM ?? '');
  io.out(`${verb} ${s.hidden.length === 1 ? `width-${s.hidden[0]}` : `${s.hidden.join('×')} (deep)`} ${s.activation && s.activation !== 'relu' ? s.activation : 'ReLU'} network for ${record.target.formula} on ${s.samples}×${s.samples} points, ${s.restarts} restart(s), ${epochsOf(record)} (${record.backend}, ${record.seconds.toFixed(1)} s): MSE ${num(record.mse)}, max |error| ${num(record.maxAbsError)}\n\n`);
  io.out(wrap(readingLine(record.net, centreOf(s.domain)), view.width) + '\n\n');
  if (readsByTaylor(record.net)) io.out(taylorText(smoothReading(record.net, g.X, centreOf(s.domain)), table, (t) => wrap(t, view.width), num) + '\n\n');
  io.out(planeNetReport({ targetName: s.target, g, y, net: record.net, name: 'learned', compare }, { view, truecolor }) + '\n');
  if (written.length) io.out(`figures: ${written.join(', ')} (vega-lite specs beside them)\n`);
}

/** How long the kept network trained: the cap, or where and why the plateau rule stopped it (as the one-input header). */
function epochsOf(r: PlaneRecord): string {
  const st = r.stopped;
  if (!st || st.reason === 'epochs' || st.reason === 'diverged' || st.epoch >= r.settings.epochs) return `${r.settings.epochs} epochs`;
  return `stopped at epoch ${st.epoch} of ${r.settings.epochs} (${st.reason})`;
}
