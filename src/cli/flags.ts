// Flags as settings: each run setting's flag, its help text, and the parse from commander's strings
// into a sparse override that settings.ts validates exactly as it validates a config file.
import { Command, Option } from 'commander';
import { ConfigError } from '../errors.js';
import { INITS } from '../math/init.js';
import { OPTIMIZERS, SCHEDULES } from '../math/optimizers.js';
import { TARGETS, TARGET_NAMES } from '../math/targets.js';
import { BACKENDS } from '../tfjs/backend.js';
import { DEFAULTS, FIELDS, merge, validateOverrides, type Config, type SweepConfig } from '../settings.js';


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
  stop: '--stop',
  patience: '--patience',
  batchSize: '--batch-size',
  restarts: '--restarts',
  refit: '--refit',
  compare: '--compare',
  backend: '--backend',
};
export const flagName = (k: string) => FLAG[k as keyof Config] ?? k;

const NUMERIC = new Set(['samples', 'hidden', 'seed', 'lr', 'epochs', 'patience', 'batchSize', 'restarts']);

/** Commander's string values as typed values; what does not parse stays a string so the error shows it as typed. */
export function flagOverrides(opts: Record<string, unknown>, keys: (keyof Config)[]): Partial<SweepConfig> {
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

export function addRunOptions(cmd: Command, keys: (keyof Config)[]): Command {
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
    epochs: ['<n>', 'passes over the grid: the cap when --stop plateau ends training earlier'],
    stop: ['<rule>', 'plateau (stop each network once its loss stops falling, after a learning-rate decay) | off (train to --epochs)'],
    patience: ['<n>', 'epochs without a 1% fall in the loss before the plateau rule acts'],
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

/** The grid settings alone (handbuilt, optimum). */
export function gridFlags(flags: Record<string, unknown>): Pick<Config, 'target' | 'domain' | 'samples'> {
  const { target, domain, samples } = merge(flagOverrides(flags, ['target', 'domain', 'samples']));
  return { target: target as string, domain: domain as [number, number], samples: samples as number };
}
