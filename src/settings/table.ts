// The settings table: the ONE place each setting is described. Its type, default and why, the
// values allowed (and the "expected …" text every error ends with), its flag and help text, its
// config key, whether a sweep may list it, and its JSON Schema. Flags, --help, validation of flags
// and config files, docs/settings.md and configs/schema.json are all derived from this table.
import { parseK } from '../math/handbuilt.js';
import { INITS, type Init } from '../math/init.js';
import { OPTIMIZERS, SCHEDULES, type Optimizer, type Schedule } from '../math/optimizers.js';
import { TARGETS, TARGET_NAMES, type TargetName } from '../math/targets.js';
import { TARGETS2, TARGET2_NAMES } from '../math/targets2.js';
import { ACTIVATION_NAMES, ACTIVATIONS, type ActivationName } from '../math/activations.js';
import { didYouMean } from './suggest.js';
import { PLATEAU_TOLERANCE, STOPS, type Stop } from '../math/stopping.js';
import { BACKENDS, type BackendName } from '../tfjs/backend.js';
import { DOMAIN_BOUND, MAX_EPOCHS, MAX_LAYERS, MAX_LR, MAX_RESTARTS, MAX_SAMPLES, MAX_SEED, MAX_WIDTH, MIN_DOMAIN_WIDTH } from '../limits.js';
import { HIDDEN_ALLOWED, parseHidden, type Hidden, type Parsed } from './architecture.js';

export const REFITS = ['none', 'end', 'during'] as const;
export type Refit = (typeof REFITS)[number];
export type { Init, Optimizer, Schedule, BackendName, Hidden, ActivationName, Stop };

/** The resolved settings of one training run (key order = table order = the order run ids hash). */
export interface Config {
  target: string;
  domain: [number, number];
  samples: number;
  hidden: Hidden;
  activation: ActivationName;
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

export interface Setting<K extends keyof Config = keyof Config> {
  key: K;
  /** The default, and why it is the default. */
  default: Config[K];
  why: string;
  /** What is allowed, as every error about this setting ends: "expected <allowed>". */
  allowed: string;
  /** The command-line flag and its argument's name. */
  flag: string;
  arg: string;
  /** What it does, for --help and the docs. */
  help: string;
  /** May a sweep config give a list of values? */
  sweepable: boolean;
  /** Does it enter a run's id? 'always' for the settings run ids have always hashed; a setting added later hashes only when not at its default, so shipped results keep their ids. */
  identity: 'always' | 'unless-default' | 'never';
  /** A flag's string as a value to validate (numbers parse; what does not parse stays the string so an error shows it as typed). */
  fromFlag: (s: string) => unknown;
  /** A value from a file or fromFlag: its resolved form, or what is allowed (more precise than `allowed` where that helps). */
  parse: (v: unknown) => Parsed<Config[K]>;
  /** JSON Schema of one value (draft 2020-12). */
  schema: Record<string, unknown>;
}

const asString = (s: string): unknown => s;
const asNumber = (s: string): unknown => {
  const n = s.trim() === '' ? NaN : Number(s);
  return Number.isNaN(n) && s !== 'NaN' ? s : n;
};
const ok = <T>(good: boolean, value: unknown, allowed: string): Parsed<T> => (good ? { value: value as T } : { allowed });

function wholeNumber(lo: number, hi: number, allowed = `a whole number from ${lo} to ${hi}`) {
  return {
    allowed,
    fromFlag: asNumber,
    parse: (v: unknown) => ok<number>(typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi, v, allowed),
    schema: { type: 'integer', minimum: lo, maximum: hi },
  };
}
function oneOf<T extends string>(names: readonly T[]) {
  const allowed = `one of ${names.join(', ')}`;
  return {
    allowed,
    fromFlag: asString,
    parse: (v: unknown) => ok<T>(typeof v === 'string' && (names as readonly string[]).includes(v), v, allowed),
    schema: { enum: [...names] },
  };
}

const TARGET_ALLOWED = `one of ${TARGET_NAMES.join(', ')} (one input); ${TARGET2_NAMES.join(', ')} take 2 inputs (train, handbuilt, sweep)`;
const DOMAIN_ALLOWED = `two finite numbers LO,HI with LO < HI, |LO| and |HI| at most ${DOMAIN_BOUND}, and HI − LO at least ${MIN_DOMAIN_WIDTH}`;
const COMPARE_ALLOWED = "'auto', 'none' or hK with K a whole number from 1 (h1, h2, ...)";
const LR_ALLOWED = `a number greater than 0 and at most ${MAX_LR}`;

const define = <K extends keyof Config>(s: Setting<K>): Setting<K> => s;

/** Every setting, in the order of Config (run ids hash in this order: do not reorder). */
export const TABLE: readonly Setting[] = [
  define({
    key: 'target', default: 'square', why: 'the answer builds x² on [-3, 3]',
    flag: '--target', arg: '<name>', help: `function to learn: ${TARGET_NAMES.map((n) => `${n} (${TARGETS[n].formula})`).join(', ')}; two inputs: ${TARGET2_NAMES.map((n) => `${n} (${TARGETS2[n].formula})`).join(', ')} (2 inputs: --domain for both axes, --samples per axis, init bends, folds, he or glorot; see docs/interaction.md)`,
    sweepable: true, identity: 'always', ...oneOf(TARGET_NAMES),
    // a config file may name a two-input target too: the CLI routes it to the two-input checks before this table's
    allowed: TARGET_ALLOWED,
    parse: (v: unknown) => ok<TargetName>(typeof v === 'string' && (TARGET_NAMES as readonly string[]).includes(v), v, TARGET_ALLOWED),
    schema: { enum: [...TARGET_NAMES, ...TARGET2_NAMES] },
  }),
  define({
    key: 'domain', default: [-3, 3], why: 'x range [lo, hi]: the answer plots x² on [-3, 3]',
    flag: '--domain', arg: '<lo,hi>', help: 'x range lo,hi (--domain -3,3 or --domain=-3,3); a two-input target takes lo,hi for both axes or lo1,hi1,lo2,hi2 (in a file [[lo1, hi1], [lo2, hi2]])',
    sweepable: false, identity: 'always', allowed: DOMAIN_ALLOWED,
    fromFlag: (s) => {
      const parts = s.split(',');
      const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
      return parts.length === 2 && nums.every(Number.isFinite) ? nums : s;
    },
    parse: (v) => {
      const good = Array.isArray(v) && v.length === 2 && v.every((e) => typeof e === 'number' && Number.isFinite(e) && Math.abs(e) <= DOMAIN_BOUND) &&
        (v[1] as number) - (v[0] as number) >= MIN_DOMAIN_WIDTH;
      return ok<[number, number]>(good, v, DOMAIN_ALLOWED);
    },
    schema: {
      oneOf: [
        { type: 'array', prefixItems: [{ type: 'number', minimum: -DOMAIN_BOUND, maximum: DOMAIN_BOUND }, { type: 'number', minimum: -DOMAIN_BOUND, maximum: DOMAIN_BOUND }], minItems: 2, maxItems: 2 },
        { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 }, minItems: 2, maxItems: 2, description: 'two-input targets only: [[lo1, hi1], [lo2, hi2]]' },
      ],
    },
  }),
  define({
    key: 'samples', default: 1000, why: "grid points, equally spaced, both ends included (R's seq(-3, 3, length.out = 1000))",
    flag: '--samples', arg: '<n>', help: 'equally spaced grid points, both ends included (a two-input target: per axis, default 41)',
    sweepable: false, identity: 'always', ...wholeNumber(2, MAX_SAMPLES),
  }),
  define({
    key: 'hidden', default: 4, why: "one hidden layer of 4 units, at most 4 bends: the size of the answer's h2",
    flag: '--hidden', arg: '<widths>', help: 'the hidden layers: their widths',
    sweepable: true, identity: 'always', allowed: HIDDEN_ALLOWED, fromFlag: asNumber, parse: parseHidden,
    schema: {
      oneOf: [
        { type: 'integer', minimum: 1, maximum: MAX_WIDTH, description: 'one hidden layer of this width' },
        { type: 'string', pattern: '^\\s*[0-9]+\\s*(,\\s*[0-9]+\\s*)+$', description: `one width per hidden layer, e.g. "8,8,8" (2 to ${MAX_LAYERS} layers)` },
      ],
    },
  }),
  define({
    key: 'activation', default: 'relu', why: "the answer's unit; the others compare with it at the same width (docs/activations.md)",
    flag: '--activation', arg: '<name>', help: `the hidden units' activation: ${ACTIVATION_NAMES.map((n) => `${n} (${ACTIVATIONS[n].formula})`).join(', ')}`,
    sweepable: true, identity: 'unless-default', ...oneOf(ACTIVATION_NAMES),
    parse: (v: unknown) => {
      const good = typeof v === 'string' && (ACTIVATION_NAMES as readonly string[]).includes(v);
      return ok<ActivationName>(good, v, `one of ${ACTIVATION_NAMES.join(', ')}${didYouMean(v, ACTIVATION_NAMES)}`);
    },
  }),
  define({
    key: 'seed', default: 0, why: 'seeds initialisation and mini-batch order: same seed + backend -> same numbers',
    flag: '--seed', arg: '<s>', help: 'seeds initialisation and mini-batch order',
    sweepable: true, identity: 'always', ...wholeNumber(0, MAX_SEED),
  }),
  define({
    key: 'init', default: 'mixed', why: "restarts of different kinds reach layouts one kind alone misses (x² width 3: every curvature start ends at 1.11× the best, the dropped start at 1.00); each places knots, picks directions over all patterns and solves the output layer ('glorot' is the Keras default). Smooth activations have no kink to place: when no init is given they start from 'varied' (He starts alone end orders of magnitude above the best found: docs/activations.md)",
    flag: '--init', arg: '<scheme>', help: 'initialisation: mixed (restart r takes the kind curvature, halves, dropped, paired, greedy, spread in turn), curvature (knots where the target bends most), halves (left units facing left, right units facing right, each side laid out for its own share: lopsided at odd widths), dropped (curvature knots for one unit more, an end one left out: lopsided), paired (two units at one knot facing both ways: a linear term), greedy (knots added one by one where they pay most), spread (knots evenly), glorot (Keras default), he (He-uniform, for depth), varied (smooth units, their default: restart r takes the kind he, curvature (unit centres where the target bends, directions alternating), knots (centres evenly spread), taylor (small slopes), then he again; deep networks start from he), cascade (the Yarotsky sawtooth construction of x², deep one-input ReLU on a symmetric domain); two-input targets: bends (folds where the target bends most, the default), folds (folds at random angles through random points), he, glorot',
    sweepable: true, identity: 'always', ...oneOf(INITS),
  }),
  define({
    key: 'optimizer', default: 'adam', why: 'the optimiser every shipped result was trained with',
    flag: '--optimizer', arg: '<name>', help: 'optimiser',
    sweepable: true, identity: 'always', ...oneOf(OPTIMIZERS),
  }),
  define({
    key: 'lr', default: 0.01, why: 'the learning rate at step 1 of every shipped result; the schedule decays it from there',
    flag: '--lr', arg: '<rate>', help: 'learning rate',
    sweepable: true, identity: 'always', allowed: LR_ALLOWED, fromFlag: asNumber,
    parse: (v) => ok<number>(typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_LR, v, LR_ALLOWED),
    schema: { type: 'number', exclusiveMinimum: 0, maximum: MAX_LR },
  }),
  define({
    key: 'schedule', default: 'cosine', why: "'cosine' decays the learning rate to 0 over the epochs, keeping the knots still at the end; 'constant' does not",
    flag: '--schedule', arg: '<name>', help: 'learning-rate schedule',
    sweepable: true, identity: 'always', ...oneOf(SCHEDULES),
  }),
  define({
    key: 'epochs', default: 8000, why: 'full passes over the grid: enough for width 32 to land near the optimum; width 4 takes ~2 s on wasm',
    flag: '--epochs', arg: '<n>', help: 'passes over the grid: the cap when --stop plateau ends training earlier',
    sweepable: true, identity: 'always', ...wholeNumber(1, MAX_EPOCHS),
  }),
  define({
    key: 'stop', default: 'plateau',
    why: `each network stops once its full-grid loss has not fallen ${PLATEAU_TOLERANCE * 100}% in --patience epochs, after a learning-rate decay; restarts far behind their best sibling are dropped. Measured: the fixed 8000 epochs buy almost nothing after that (docs/speed.md)`,
    flag: '--stop', arg: '<rule>', help: 'plateau (stop each network when its loss stops falling, after a learning-rate decay) or off (train to --epochs)',
    sweepable: true, identity: 'unless-default', ...oneOf(STOPS),
  }),
  define({
    key: 'patience', default: 150, why: "epochs without a 1% fall before the plateau: outlasts Adam's loss spikes; the knots' last jitter is polished away after the stop (measured in docs/speed.md: 300 took sin w8 to 0.31 of the fixed schedule's time, 150 to 0.18, at the same ratio)",
    flag: '--patience', arg: '<n>', help: 'epochs without a 1% fall in the loss before --stop plateau acts',
    sweepable: true, identity: 'unless-default', ...wholeNumber(1, MAX_EPOCHS),
  }),
  define({
    key: 'batchSize', default: 0, why: '0 = full batch: the grid is the whole data set',
    flag: '--batch-size', arg: '<n>', help: 'mini-batch size; 0 = full batch (else mini-batches shuffled by the seed, at most samples)',
    sweepable: true, identity: 'always', ...wholeNumber(0, MAX_SAMPLES, `a whole number from 0 (full batch) to ${MAX_SAMPLES}`),
  }),
  define({
    key: 'restarts', default: 6, why: 'networks trained side by side from seeds seed, seed+1000003, ... (with --init mixed one of each kind of start); with --stop plateau only the best half go on after the first refit (the race), and the lowest final loss is kept. Six kinds raced to three, worst of 10 seeds: x³ width 3 1.091 → 1.000, sin width 5 1.038 → 1.000 (docs/fit.md). Two-input train runs default to 3 (their own defaults: docs/interaction.md)',
    flag: '--restarts', arg: '<n>', help: 'networks trained together from different seeds (and kinds of start); the best half go on after the first refit, the best is kept',
    sweepable: true, identity: 'always', ...wholeNumber(1, MAX_RESTARTS),
  }),
  define({
    key: 'refit', default: 'during', why: 'least-squares output layer every 5% of the epochs and at the end: measured best together with the curvature init; with --stop plateau a one-input ReLU refit also moves the knots to their nearest optimum by Newton (sin w8: stop at epoch 828 instead of 2328, worst of 10 seeds 1.004 → 1.0002) and, up to the race and width 16, relocates units (exp w13, w14: worst 1.06 → 1.0003; docs/fit.md); reports say "refit"',
    flag: '--refit', arg: '<mode>', help: 'least-squares output layer: none (pure gradient descent), end (after it), during (every 5% of epochs and at the end; with --stop plateau the knots of one-input ReLU units are polished at each refit too, and units relocated up to the race)',
    sweepable: true, identity: 'always', ...oneOf(REFITS),
  }),
  define({
    key: 'compare', default: 'auto', why: "'auto' takes the answer's h_k with 2k ≈ width, the sum of as many units",
    flag: '--compare', arg: '<hK>', help: "the answer's hand-built sum to compare with",
    sweepable: false, identity: 'always', allowed: COMPARE_ALLOWED, fromFlag: asString,
    parse: (v) => ok<string>(typeof v === 'string' && (v === 'auto' || v === 'none' || parseK(v) !== null), v, COMPARE_ALLOWED),
    schema: { type: 'string', pattern: '^(auto|none|h[1-9][0-9]*)$' },
  }),
  define({
    key: 'backend', default: 'auto', why: "'auto' takes the fastest that loads: tensorflow, then wasm, then cpu; not part of a run's id",
    flag: '--backend', arg: '<name>', help: 'TF.js backend (auto: tensorflow, then wasm, then cpu)',
    sweepable: false, identity: 'never', ...oneOf(BACKENDS),
  }),
];

export const CONFIG_KEYS = TABLE.map((s) => s.key) as (keyof Config)[];

const BY_KEY = new Map<string, Setting>(TABLE.map((s) => [s.key, s as unknown as Setting]));
/** The table row of a key, or undefined for an unknown key. */
export const settingOf = (key: string): Setting | undefined => BY_KEY.get(key);

export const DEFAULTS: Config = Object.fromEntries(TABLE.map((s) => [s.key, s.default])) as unknown as Config;

/** A setting's flag: batchSize -> --batch-size. */
export const flagName = (k: string): string => BY_KEY.get(k)?.flag ?? k;
