// Config files for two-input targets (train --config FILE, sweep FILE): the keys they may hold, each
// checked as the train flag of the same name, so a file and the command line refuse the same values
// with the same words. One-input keys are refused by name (one line, exit 2).
import { ConfigError } from '../../errors.js';
import { TARGET_NAMES } from '../../math/targets.js';
import { isTarget2 } from '../../math/targets2.js';
import { CONFIG_KEYS } from '../../settings.js';
import type { Flags } from '../exit.js';

/** Config keys a two-input run may set, and the train flag (commander's name) each is checked as. */
export const PLANE_KEYS: Record<string, string> = {
  target: 'target', hidden: 'hidden', seed: 'seed', domain: 'domain', samples: 'samples', init: 'init', optimizer: 'optimizer', lr: 'lr',
  schedule: 'schedule', epochs: 'epochs', stop: 'stop', patience: 'patience', batchSize: 'batchSize', restarts: 'restarts', refit: 'refit', activation: 'activation', backend: 'backend',
};

const FLAG_OF: Record<string, string> = { batchSize: '--batch-size' };
export const flagOf = (key: string): string => FLAG_OF[key] ?? `--${key}`;

/** Does this config name a two-input target (alone or in a list)? A list mixing both kinds is refused. */
export function namesTarget2(file: string, raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const t = (raw as Record<string, unknown>).target;
  const names = (Array.isArray(t) ? t : [t]).filter((v): v is string => typeof v === 'string');
  const two = names.filter(isTarget2);
  if (two.length && two.length !== names.length) {
    const one = names.filter((n) => !isTarget2(n));
    throw new ConfigError([`${file}: target: ${JSON.stringify(t)} mixes two-input targets (${two.join(', ')}) with ${one.map((n) => ((TARGET_NAMES as string[]).includes(n) ? `the one-input target ${n}` : JSON.stringify(n))).join(', ')}; a sweep trains one kind: split it into two config files`]);
  }
  return two.length > 0;
}

/** The file's keys, with one-input and unknown keys refused by name; $schema dropped. */
export function planeConfigKeys(file: string, raw: unknown): Record<string, unknown> {
  const cfg = { ...(raw as Record<string, unknown>) };
  delete cfg.$schema;
  for (const key of Object.keys(cfg)) {
    if (Object.hasOwn(PLANE_KEYS, key)) continue;
    const oneInput = (CONFIG_KEYS as string[]).includes(key);
    throw new ConfigError([`${file}: ${key}: ${oneInput ? 'a one-input setting, not allowed' : 'unknown key, not allowed'} with the two-input target ${JSON.stringify(cfg.target)}; allowed: ${Object.keys(PLANE_KEYS).join(', ')}`]);
  }
  const d = cfg.domain;
  const pair = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((e) => typeof e === 'number');
  if (d !== undefined && !(pair(d) || (Array.isArray(d) && d.length === 2 && d.every(pair)))) {
    throw new ConfigError([`${file}: domain: ${JSON.stringify(d)} is not allowed; expected [lo, hi] for both axes or [[lo1, hi1], [lo2, hi2]] (two-input target)`]);
  }
  return cfg;
}

/** A config value as the flag text train gets: lists of numbers joined by commas, a domain [lo,hi] or [[lo1,hi1],[lo2,hi2]] flattened. */
export function flagText(key: string, v: unknown): string {
  if (key === 'domain' && Array.isArray(v)) return v.flat().map(String).join(',');
  if (Array.isArray(v)) return v.map(String).join(',');
  return String(v);
}

/** Config values as train flags (commander's names). */
export function flagsOfConfig(values: Record<string, unknown>): Flags {
  const flags: Flags = {};
  for (const [key, v] of Object.entries(values)) if (v !== undefined) flags[PLANE_KEYS[key]] = flagText(key, v);
  return flags;
}

/** Run a check written for flags on a file's values: its messages name the file and the key instead of the flag. */
export function asFileProblems<T>(file: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new ConfigError(e.problems.map((p) => `${file}: ` + p.replace(/^--([a-z-]+)/, (_, f: string) => Object.keys(PLANE_KEYS).find((k) => flagOf(k) === `--${f}`) ?? f)));
  }
}
