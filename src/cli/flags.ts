// Flags as settings, derived from the settings table: each run setting's flag and help text, and
// the parse from commander's strings into a sparse override that settings validates exactly as it
// validates a config file.
import { Command, Option } from 'commander';
import { ConfigError } from '../errors.js';
import { DEFAULTS, defaultText, flagName, hiddenText, isDeep, merge, settingOf, validateOverrides, type Config, type SweepConfig } from '../settings.js';

export { flagName };

/** Commander's string values as typed values; what does not parse stays a string so the error shows it as typed. */
export function flagOverrides(opts: Record<string, unknown>, keys: (keyof Config)[]): Partial<SweepConfig> {
  const raw: Record<string, unknown> = {};
  for (const k of keys) {
    const v = opts[k];
    if (v !== undefined) raw[k] = settingOf(k)!.fromFlag(String(v));
  }
  const { values, problems } = validateOverrides(raw, '', false, flagName);
  if (problems.length) throw new ConfigError(problems);
  return values;
}

export function addRunOptions(cmd: Command, keys: (keyof Config)[], own: Partial<Record<keyof Config, string>> = {}): Command {
  for (const k of keys) {
    const s = settingOf(k)!;
    cmd.addOption(new Option(`${s.flag} ${s.arg}`, `${own[k] ?? `${s.help}; ${s.allowed}`} (default ${defaultText(k)})`));
  }
  return cmd;
}

/** The grid settings alone (handbuilt, optimum). */
export function gridFlags(flags: Record<string, unknown>): Pick<Config, 'target' | 'domain' | 'samples'> {
  const { target, domain, samples } = merge(flagOverrides(flags, ['target', 'domain', 'samples']));
  return { target: target as string, domain: domain as [number, number], samples: samples as number };
}

/** The one-layer width a command that handles one hidden layer only (optimum) was given, or its default. */
export function oneLayerFlag(flags: Record<string, unknown>, what: string): number {
  const { hidden } = flagOverrides(flags, ['hidden']);
  const h = Array.isArray(hidden) ? hidden[0] : (hidden ?? DEFAULTS.hidden);
  if (isDeep(h)) throw new ConfigError([`--hidden: "${hiddenText(h)}" is not allowed; expected one hidden layer (a whole number): ${what}`]);
  return h;
}
