// The one typed configuration: DEFAULTS (a comment per setting) <- config file <- explicit flags.
// Everything that decides a run's numbers lives here, is validated once, and is saved with every
// result. Validation collects every problem, each as one line naming where, what and what is allowed.
import { readFileSync } from 'node:fs';
import { TARGET_NAMES } from './math/targets.js';
import { INITS, type Init } from './math/init.js';
import { OPTIMIZERS, SCHEDULES, type Optimizer, type Schedule } from './math/optimizers.js';
import { BACKENDS, type BackendName } from './tfjs/backend.js';
import { ConfigError } from './errors.js';
import { STOPS, type Stop } from './math/stopping.js';

export const REFITS = ['none', 'end', 'during'] as const;
export type Refit = (typeof REFITS)[number];
export type { Init, Optimizer, Schedule, BackendName };

/** The resolved settings of one training run. */
export interface Config {
  target: string;
  domain: [number, number];
  samples: number;
  hidden: number;
  seed: number;
  init: Init;
  optimizer: Optimizer;
  lr: number;
  schedule: Schedule;
  epochs: number;
  stop: Stop;
  patience: number;
  batchSize: number;
  restarts: number;
  refit: Refit;
  compare: string;
  backend: BackendName;
}

export const DEFAULTS: Config = {
  target: 'square', // the function to learn; one of targets.ts's TARGETS
  domain: [-3, 3], // x range [lo, hi]: the answer plots x² on [-3, 3]
  samples: 1000, // grid points, equally spaced, both ends included (R's seq(-3, 3, length.out = 1000))
  hidden: 4, // width n: the number of ReLU units, i.e. at most n bends
  seed: 0, // seeds initialisation and mini-batch order: same seed + backend -> same numbers
  init: 'curvature', // 'curvature' (knots where the target bends most), 'spread' (knots evenly over the domain) — both with directions and output layer by least squares — or 'glorot' (the Keras default: Glorot-uniform weights, zero biases). Measured in README: curvature + refit during is best
  optimizer: 'adam', // 'adam' or 'sgd'
  lr: 0.01, // learning rate at step 1
  schedule: 'cosine', // 'cosine' decays the learning rate to 0 over the epochs (keeps knots still at the end); 'constant'
  epochs: 8000, // full passes over the grid: enough for width 32 to land near the optimum; width 4 takes ~2 s on wasm
  stop: 'plateau', // 'plateau' stops a network once its full-grid loss has not fallen 1% in `patience` epochs (after a decay of the learning rate over as many epochs), and drops restarts 2x worse than their best sibling; 'off' trains every network to the epoch cap
  patience: 300, // epochs without a 1% gain before the plateau: long enough to outlast Adam's jitter and the slow knot moves of wide sin fits (measured in docs/speed.md)
  batchSize: 0, // 0 = full batch (the grid is the whole data set); else mini-batches shuffled by the seed
  restarts: 3, // networks trained side by side (one batch) from seeds seed, seed+1000003, ...; the lowest final loss is kept. 3 rescues the seeds whose layout starts in a poor basin
  refit: 'during', // least-squares output layer (c, d): 'none' (pure gradient descent), 'end' (after it), 'during' (every 5% of the epochs and at the end); results say "refit"
  compare: 'auto', // hand-built sum to compare with: 'auto' (h_k with 2k ≈ width), 'h1', 'h2', ... or 'none'
  backend: 'auto', // 'auto' takes the fastest that loads: tensorflow, then wasm, then cpu
};

type Check = (v: unknown) => boolean;
interface Field {
  check: Check;
  allowed: string;
  /** May a sweep config give a list of values? */
  sweepable: boolean;
}

const isInt = (lo: number, hi: number): Check => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
const isPositive = (hi: number): Check => (v) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= hi;
const oneOf = (names: readonly string[]): Check => (v) => typeof v === 'string' && names.includes(v);
const isDomain: Check = (v) =>
  Array.isArray(v) && v.length === 2 && v.every((e) => typeof e === 'number' && Number.isFinite(e)) &&
  (v[0] as number) < (v[1] as number);
const isCompare: Check = (v) => typeof v === 'string' && /^(auto|none|h[1-9][0-9]*)$/.test(v);

export const FIELDS: Record<keyof Config, Field> = {
  target: { check: oneOf(TARGET_NAMES), allowed: `one of ${TARGET_NAMES.join(', ')}`, sweepable: true },
  domain: { check: isDomain, allowed: 'two finite numbers LO,HI with LO < HI', sweepable: false },
  samples: { check: isInt(2, 1_000_000), allowed: 'a whole number from 2 to 1000000', sweepable: false },
  hidden: { check: isInt(1, 1024), allowed: 'a whole number from 1 to 1024', sweepable: true },
  seed: { check: isInt(0, 2 ** 31 - 1), allowed: 'a whole number from 0 to 2147483647', sweepable: true },
  init: { check: oneOf(INITS), allowed: `one of ${INITS.join(', ')}`, sweepable: true },
  optimizer: { check: oneOf(OPTIMIZERS), allowed: `one of ${OPTIMIZERS.join(', ')}`, sweepable: true },
  lr: { check: isPositive(10), allowed: 'a number greater than 0 and at most 10', sweepable: true },
  schedule: { check: oneOf(SCHEDULES), allowed: `one of ${SCHEDULES.join(', ')}`, sweepable: true },
  epochs: { check: isInt(1, 10_000_000), allowed: 'a whole number from 1 to 10000000', sweepable: true },
  stop: { check: oneOf(STOPS), allowed: `one of ${STOPS.join(', ')}`, sweepable: true },
  patience: { check: isInt(1, 10_000_000), allowed: 'a whole number from 1 to 10000000', sweepable: true },
  batchSize: { check: isInt(0, 1_000_000), allowed: 'a whole number from 0 (full batch) to 1000000', sweepable: true },
  restarts: { check: isInt(1, 64), allowed: 'a whole number from 1 to 64', sweepable: true },
  refit: { check: oneOf(REFITS), allowed: `one of ${REFITS.join(', ')}`, sweepable: true },
  compare: { check: isCompare, allowed: "'auto', 'none' or hK with K a whole number from 1 (h1, h2, ...)", sweepable: false },
  backend: { check: oneOf(BACKENDS), allowed: `one of ${BACKENDS.join(', ')}`, sweepable: false },
};

export const CONFIG_KEYS = Object.keys(FIELDS) as (keyof Config)[];

/** A sweep: each sweepable key may hold a list; the runs are the product of the lists. */
export type SweepConfig = { [K in keyof Config]: Config[K] | Config[K][] };

export function show(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s;
  } catch {
    return String(v);
  }
}

function problem(where: string, key: string, value: unknown, allowed: string): string {
  return `${where}${key}: ${show(value)} is not allowed; expected ${allowed}`;
}

/**
 * Validate a sparse override object (from a file or flags). `where` prefixes each problem
 * (a file name and colon, or ''); `keyName` spells a key as its source does (--batch-size or
 * batchSize). Lists are accepted only where `allowLists` and the field is sweepable.
 */
export function validateOverrides(
  raw: unknown,
  where: string,
  allowLists: boolean,
  keyName: (k: string) => string = (k) => k,
): { values: Partial<SweepConfig>; problems: string[] } {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { values, problems: [`${where} the top level is ${show(raw)}; expected a JSON object of settings`] };
  }
  for (const key of Object.keys(raw)) {
    const value = (raw as Record<string, unknown>)[key];
    if (!Object.prototype.hasOwnProperty.call(FIELDS, key)) {
      problems.push(`${where}${keyName(key)}: unknown setting; expected one of ${CONFIG_KEYS.map(keyName).join(', ')}`);
      continue;
    }
    const field = FIELDS[key as keyof Config];
    const name = keyName(key);
    if (Array.isArray(value) && key !== 'domain') {
      if (!allowLists || !field.sweepable) {
        problems.push(
          problem(where, name, value, `${field.allowed}${field.sweepable ? ' (lists of values belong in sweep configs)' : ' (a single value)'}`),
        );
        continue;
      }
      if (value.length === 0) {
        problems.push(`${where}${name}: [] is not allowed; expected a non-empty list of ${field.allowed}`);
        continue;
      }
      const seen = new Set<string>();
      value.forEach((e, i) => {
        if (!field.check(e)) problems.push(problem(where, `${name}[${i}]`, e, field.allowed));
        else if (seen.has(JSON.stringify(e)))
          problems.push(`${where}${name}[${i}]: ${show(e)} is listed twice; each value once`);
        seen.add(JSON.stringify(e));
      });
      values[key] = value;
    } else if (!field.check(value)) {
      problems.push(problem(where, name, value, field.allowed));
    } else {
      values[key] = value;
    }
  }
  return { values: values as Partial<SweepConfig>, problems };
}

/** defaults <- file <- flags; the later source wins key by key. */
export function merge(...layers: Partial<SweepConfig>[]): SweepConfig {
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const layer of layers) for (const [k, v] of Object.entries(layer)) if (v !== undefined) out[k] = v;
  return out as SweepConfig;
}

/** The single run a sweep config names, or a ConfigError when it names several. */
export function singleRun(sweep: SweepConfig, where: string): Config {
  const lists = CONFIG_KEYS.filter((k) => k !== 'domain' && Array.isArray(sweep[k]) && (sweep[k] as unknown[]).length > 1);
  if (lists.length > 0) {
    throw new ConfigError(
      lists.map((k) => `${where}${k}: ${show(sweep[k])} names several runs; train runs one (use \`relu-lab sweep\` for lists)`),
    );
  }
  const out: Record<string, unknown> = {};
  for (const k of CONFIG_KEYS) {
    const v = sweep[k];
    out[k] = Array.isArray(v) && k !== 'domain' ? v[0] : v;
  }
  return out as unknown as Config;
}

/** The runs of a sweep: the product of its lists, in a fixed order (keys as in DEFAULTS). */
export function expand(sweep: SweepConfig): Config[] {
  let runs: Record<string, unknown>[] = [{}];
  for (const k of CONFIG_KEYS) {
    const v = sweep[k];
    const values = Array.isArray(v) && k !== 'domain' ? v : [v];
    runs = runs.flatMap((r) => values.map((value) => ({ ...r, [k]: value })));
  }
  return runs as unknown as Config[];
}

/** Checks that need several settings at once; returns problems, one line each. */
export function crossCheck(c: Config, where: string, keyName: (k: string) => string = (k) => k, maxK?: (domain: readonly [number, number]) => number): string[] {
  const problems: string[] = [];
  if (c.batchSize > c.samples) {
    problems.push(`${where}${keyName('batchSize')}: ${c.batchSize} is not allowed; expected 0 (full batch) up to ${c.samples} (the number of samples)`);
  }
  const m = /^h([0-9]+)$/.exec(c.compare);
  if (m && maxK) {
    const k = Number(m[1]);
    const most = maxK(c.domain);
    if (k > most) {
      problems.push(`${where}${keyName('compare')}: "${c.compare}" does not fit the domain [${c.domain.join(', ')}]: its knots at the centre ± 1…${k - 1} must lie inside it; expected h1…h${most}, auto or none`);
    }
  }
  return problems;
}

/** Read a JSON config file; a missing file, unreadable file or invalid JSON (with line and column) is a ConfigError. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError([`${path}: cannot read the config file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? (e as Error).message)}); expected a JSON file such as configs/quick.json`]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = '';
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const col = Number(pos[1]) - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${col}`;
    }
    throw new ConfigError([`${path}: invalid JSON${where}: ${msg.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`]);
  }
}
