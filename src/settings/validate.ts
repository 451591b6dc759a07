// Validation and merging of settings from any source (config file or flags), driven by the table.
// Every problem is collected, each as one line naming where (file or flag), the key path, the
// value and what is allowed. Order: defaults <- config file <- flags, key by key.
import { ConfigError } from '../errors.js';
import { parseK } from '../math/handbuilt.js';
import { MAX_CONFIG_DEPTH, MAX_LIST_LENGTH, MAX_SWEEP_RUNS } from '../limits.js';
import { isDeep, widthsOf } from './architecture.js';
import { activationInitRefusal, defaultInitFor } from './activation-init.js';
import { CONFIG_KEYS, DEFAULTS, TABLE, settingOf, type Config } from './table.js';

/**
 * A sweep: each sweepable key may hold a list, and the runs are the product of the lists. A list is
 * an array for every key but domain (always a pair). For hidden, an array is ALWAYS a list of
 * architectures, so one deep architecture on its own is a list of one: [[8, 8, 8]].
 */
export type SweepConfig = { [K in keyof Config]: Config[K] | Config[K][] };

/** Keys a config file may hold that are not settings: "$schema" points an editor at configs/schema.json. */
const IGNORED_KEYS = new Set(['$schema']);

/** At most this many characters of a value go into an error line. */
const SHOW_CHARS = 60;

/** A value as JSON, cut short: bounded in depth and length, so a huge or deeply nested value still prints one short line. */
export function show(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > SHOW_CHARS ? v.slice(0, SHOW_CHARS - 3) + '...' : v);
  const s = preview(v, 0);
  return s.length > SHOW_CHARS ? s.slice(0, SHOW_CHARS - 3) + '...' : s;
}

function preview(v: unknown, depth: number): string {
  if (typeof v === 'string') return JSON.stringify(v.length > SHOW_CHARS ? v.slice(0, SHOW_CHARS) : v);
  if (typeof v !== 'object' || v === null) return typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? String(v));
  if (depth > 8) return '...';
  const entries = Array.isArray(v) ? v.slice(0, SHOW_CHARS) : Object.entries(v).slice(0, SHOW_CHARS);
  const inner = entries.map((e) => (Array.isArray(v) ? preview(e, depth + 1) : `${JSON.stringify((e as [string, unknown])[0])}:${preview((e as [string, unknown])[1], depth + 1)}`));
  return Array.isArray(v) ? `[${inner.join(',')}]` : `{${inner.join(',')}}`;
}

/** A key as an error line shows it: plain when it is a plain name, else quoted and cut short (a key may hold anything). */
export const keyText = (k: string): string => (/^[A-Za-z_$][\w$-]{0,59}$/.test(k) ? k : show(k));

function problem(where: string, key: string, value: unknown, allowed: string): string {
  return `${where}${key}: ${show(value)} is not allowed; expected ${allowed}`;
}

/** The first place a value nests deeper than MAX_CONFIG_DEPTH or lists more than MAX_LIST_LENGTH entries, as a key path. */
function tooBig(v: unknown, path: string, depth: number): string | null {
  if (typeof v !== 'object' || v === null) return null;
  if (depth > MAX_CONFIG_DEPTH) return `${path}: nested more than ${MAX_CONFIG_DEPTH} levels deep; expected numbers, strings and lists of them`;
  if (Array.isArray(v)) {
    if (v.length > MAX_LIST_LENGTH) return `${path}: a list of ${v.length} entries; expected at most ${MAX_LIST_LENGTH}`;
    for (let i = 0; i < v.length; i++) {
      const p = tooBig(v[i], `${path}[${i}]`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, e] of Object.entries(v)) {
    const p = tooBig(e, path ? `${path}.${keyText(k)}` : keyText(k), depth + 1);
    if (p) return p;
  }
  return null;
}

/**
 * Validate a sparse override object (from a file or flags). `where` prefixes each problem
 * (a file name and colon, or ''); `keyName` spells a key as its source does (--batch-size or
 * batchSize). Lists are accepted only where `allowLists` and the setting is sweepable. Values come
 * back resolved (hidden "8,8" -> [[8, 8]], see SweepConfig).
 */
export function validateOverrides(
  raw: unknown,
  where: string,
  allowLists: boolean,
  keyName: (k: string) => string = (k) => k,
  resolved = false,
): { values: Partial<SweepConfig>; problems: string[] } {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { values, problems: [`${where}the top level is ${show(raw)}; expected an object of settings (key: value)`] };
  }
  const big = tooBig(raw, '', 1);
  if (big) return { values, problems: [`${where}${big}`] };
  for (const key of Object.keys(raw)) {
    const value = (raw as Record<string, unknown>)[key];
    if (IGNORED_KEYS.has(key) && typeof value === 'string') continue;
    const setting = settingOf(key);
    if (!setting) {
      problems.push(`${where}${keyText(keyName(key))}: unknown setting; expected one of ${CONFIG_KEYS.map(keyName).join(', ')}`);
      continue;
    }
    const name = keyName(key);
    if (resolved && key === 'hidden' && isResolvedDeep(value)) {
      // A resolved config (a run record's) holds a deep architecture as its array of widths.
      const r = setting.parse(value.join(','));
      if ('allowed' in r) problems.push(problem(where, name, value, r.allowed));
      else values[key] = [r.value];
      continue;
    }
    if (Array.isArray(value) && key !== 'domain') {
      if (!allowLists || !setting.sweepable) {
        problems.push(problem(where, name, value, `${setting.allowed}${setting.sweepable ? ' (lists of values belong in sweep configs)' : ' (a single value)'}`));
        continue;
      }
      if (value.length === 0) {
        problems.push(`${where}${name}: [] is not allowed; expected a non-empty list of ${setting.allowed}`);
        continue;
      }
      const seen = new Set<string>();
      const list: unknown[] = [];
      value.forEach((e, i) => {
        const r = setting.parse(e);
        if ('allowed' in r) return problems.push(problem(where, `${name}[${i}]`, e, r.allowed));
        const id = JSON.stringify(r.value);
        if (seen.has(id)) problems.push(`${where}${name}[${i}]: ${show(e)} is listed twice; each value once`);
        seen.add(id);
        list.push(r.value);
      });
      values[key] = list;
    } else {
      const r = setting.parse(value);
      if ('allowed' in r) problems.push(problem(where, name, value, r.allowed));
      else values[key] = key === 'hidden' && isDeep(r.value as Config['hidden']) ? [r.value] : r.value;
    }
  }
  return { values: values as Partial<SweepConfig>, problems };
}

/** A deep architecture in its resolved form: 2 or more whole numbers ([8, 8, 8]). */
const isResolvedDeep = (v: unknown): v is number[] => Array.isArray(v) && v.length >= 2 && v.every((e) => typeof e === 'number' && Number.isInteger(e));

/** Validate a resolved config, as a run record holds it (no lists; hidden may be an array of widths). */
export const validateResolved = (raw: unknown, where: string) => validateOverrides(raw, where, false, (k) => k, true);

/** defaults <- file <- flags; the later source wins key by key. */
export function merge(...layers: Partial<SweepConfig>[]): SweepConfig {
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const layer of layers) for (const [k, v] of Object.entries(layer)) if (v !== undefined) out[k] = v;
  // No init given: each run gets its activation's (see withInit), so a sweep over activations starts each in its own way.
  if (!layers.some((l) => l.init !== undefined)) out.init = undefined;
  return out as SweepConfig;
}

/** A run whose settings gave no init gets its activation's default (curvature for piecewise-linear units). */
function withInit(run: Record<string, unknown>): Record<string, unknown> {
  return run.init === undefined ? { ...run, init: defaultInitFor((run.activation ?? 'relu') as Config['activation']) } : run;
}

/** The values a sweep gives a key: its list, or its one value. */
const valuesOf = (sweep: SweepConfig, k: keyof Config): unknown[] => {
  const v = sweep[k];
  return Array.isArray(v) && k !== 'domain' ? v : [v];
};

/** The single run a sweep config names, or a ConfigError when it names several. */
export function singleRun(sweep: SweepConfig, where: string): Config {
  const lists = CONFIG_KEYS.filter((k) => sweep[k] !== undefined && valuesOf(sweep, k).length > 1);
  if (lists.length > 0) {
    throw new ConfigError(
      lists.map((k) => `${where}${k}: ${show(sweep[k])} names several runs; train runs one (use \`relu-lab sweep\` for lists)`),
    );
  }
  return withInit(Object.fromEntries(CONFIG_KEYS.map((k) => [k, valuesOf(sweep, k)[0]]))) as unknown as Config;
}

/** How many runs a sweep names (the product of its lists' lengths), without building them. */
export const runCount = (sweep: SweepConfig): number => CONFIG_KEYS.reduce((n, k) => n * valuesOf(sweep, k).length, 1);

/** The runs of a sweep: the product of its lists, in a fixed order (keys as in the table). */
export function expand(sweep: SweepConfig, where = ''): Config[] {
  const n = runCount(sweep);
  if (n > MAX_SWEEP_RUNS) throw new ConfigError([`${where}the lists name ${n} runs; expected at most ${MAX_SWEEP_RUNS} in one sweep (split it into several configs)`]);
  let runs: Record<string, unknown>[] = [{}];
  for (const k of CONFIG_KEYS) runs = runs.flatMap((r) => valuesOf(sweep, k).map((value) => ({ ...r, [k]: value })));
  return runs.map(withInit) as unknown as Config[];
}

/** Checks that need several settings at once; returns problems, one line each. */
export function crossCheck(c: Config, where: string, keyName: (k: string) => string = (k) => k, maxK?: (domain: readonly [number, number]) => number): string[] {
  const problems: string[] = [];
  if (c.batchSize > c.samples) {
    problems.push(`${where}${keyName('batchSize')}: ${c.batchSize} is not allowed; expected 0 (full batch) up to ${c.samples} (the number of samples)`);
  }
  const k = parseK(c.compare);
  if (k !== null && maxK) {
    const most = maxK(c.domain);
    if (k > most) {
      problems.push(`${where}${keyName('compare')}: "${c.compare}" does not fit the domain [${c.domain.join(', ')}]: its knots at the centre ± 1…${k - 1} must lie inside it; expected h1…h${most}, auto or none`);
    }
  }
  // An init that cannot start the architecture (e.g. cascade: widths, domain) is named with both keys.
  const widths = widthsOf(c.hidden);
  const act = c.activation ?? 'relu';
  const why = activationInitRefusal(c.init, act, 1, widths, c.domain);
  const what = act !== 'relu' && activationInitRefusal(c.init, act, 1, [1]) ? `${keyName('activation')} ${act}` : `${keyName('hidden')} ${widths.join(',')}`;
  if (why) problems.push(`${where}${keyName('init')}: "${c.init}" cannot start ${what}: ${why}`);
  return problems;
}

/**
 * A run's identity, as run ids hash it: every setting with identity 'always' (in table order, as
 * ids always have), those added later only when not at their default, never the backend.
 */
export function identityOf(c: Config): [string, unknown][] {
  return TABLE.filter((s) => s.identity === 'always' || (s.identity === 'unless-default' && c[s.key] !== undefined && JSON.stringify(c[s.key]) !== JSON.stringify(s.default))).map((s) => [s.key, c[s.key]]);
}

/**
 * A sweep as its config.json records it: settings added later are left out at their default, and
 * an init left to the activations is written as the one they all share (curvature for ReLU), so
 * folders of sweeps from before keep their config.json byte for byte.
 */
export function sweepAsWritten(sweep: SweepConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const acts = valuesOf(sweep, 'activation').map((a) => (a ?? 'relu') as Config['activation']);
  for (const s of TABLE) {
    const v = sweep[s.key];
    if (s.identity === 'unless-default' && (v === undefined || JSON.stringify(v) === JSON.stringify(s.default))) continue;
    if (s.key === 'init' && v === undefined) {
      const inits = [...new Set(acts.map(defaultInitFor))];
      out.init = inits.length === 1 ? inits[0] : `per activation (${acts.map((a) => `${a}: ${defaultInitFor(a)}`).join(', ')})`;
      continue;
    }
    out[s.key] = v;
  }
  return out;
}
