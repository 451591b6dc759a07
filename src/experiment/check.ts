// Files a user may have damaged or edited, checked before anything is computed from them: a run
// record (run.json, runs/<id>.json) must have the shape relu-lab writes, settings that pass the same
// validation as a config file, and a network as wide as its settings say. Each problem is one line
// naming the file, where in it, and what was expected (a ConfigError: exit 2, never a stack trace).
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { maxK } from '../math/handbuilt.js';
import { CONFIG_KEYS, crossCheck, settingOf, show, validateResolved, widthsOf, type Config } from '../settings.js';
import { upgradeRecord, type RunRecord } from './record.js';

/** JSON writes NaN and ±Infinity as null: a diverged run's figures may be null. */
const figure = z.number().nullable();
const metrics = z.object({ mse: figure, maxAbsError: figure, meanLoss: figure });
const network = z.object({ a: z.array(z.number()), b: z.array(z.number()), c: z.array(z.number()), d: z.number() });
const net = z.object({
  inputs: z.number().int().min(1),
  layers: z.array(z.object({ activation: z.string(), W: z.array(z.array(z.number())), b: z.array(z.number()) })),
  output: z.object({ w: z.array(z.number()), d: z.number() }),
});

/** What a summary reads of a run's settings (loose: a record of a newer kind of run still summarises). */
const SUMMARY_CONFIG = z
  .object({
    target: z.string(),
    domain: z.tuple([z.number(), z.number()]),
    samples: z.number(),
    hidden: z.union([z.number(), z.array(z.number())]),
    seed: z.number(),
    lr: z.number(),
    epochs: z.number(),
    batchSize: z.number(),
    restarts: z.number(),
    init: z.string(),
    optimizer: z.string(),
    schedule: z.string(),
    refit: z.string(),
  })
  .loose();

/** What summaries read: settings, status, figures, the comparison and optimum MSEs, seconds. */
const SUMMARY_RECORD = z
  .object({
    config: SUMMARY_CONFIG,
    backend: z.string(),
    status: z.enum(['ok', 'diverged']),
    metrics,
    deadUnits: z.number(),
    comparison: z.object({ handbuilt: z.object({ name: z.string(), terms: z.array(z.unknown()) }).loose(), functions: z.object({ learned: metrics, handbuilt: metrics }) }).loose().nullable(),
    optimum: z.object({ mse: z.number() }).loose().nullable(),
    ratio: z.number().nullable(),
    seconds: z.number(),
  })
  .loose();

const RECORD = z.object({
  tool: z.string(),
  config: z.record(z.string(), z.unknown()),
  backend: z.string(),
  seed: z.number(),
  status: z.enum(['ok', 'diverged']),
  divergedAt: z.number().nullable(),
  target: z.object({ name: z.string(), formula: z.string() }),
  recordVersion: z.number().optional(),
  metrics,
  /** version 1: always; version 2: one-input shallow ReLU runs only (else null) */
  network: network.nullable().optional(),
  net: net.optional(),
  deadPerLayer: z.array(z.number()).optional(),
  history: z.object({ epoch: z.array(z.number()), loss: z.array(figure) }),
  hinges: z.array(z.object({ unit: z.number(), knot: z.number().nullable(), kind: z.string() }).loose()),
  deadUnits: z.number(),
  restarts: z.object({ best: z.number(), losses: z.array(figure) }),
  comparison: z
    .object({
      handbuilt: z.object({ name: z.string(), terms: z.array(z.unknown()), d: z.number(), nodes: z.array(z.number()) }),
      functions: z.object({ learned: metrics, handbuilt: metrics }),
      matches: z.array(z.unknown()),
    })
    .nullable(),
  optimum: z.object({ mse: z.number(), maxAbsError: z.number(), network: network.nullable() }).loose().nullable(),
  ratio: z.number().nullable(),
  seconds: z.number(),
});

const WHAT = 'expected a run record written by relu-lab';

function fail(file: string, what: string): never {
  throw new ConfigError([`${file}: ${what}; ${WHAT}`]);
}

function checkShape(v: unknown, file: string, schema: z.ZodType): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(file, `the top level is ${show(v)}, not an object`);
  const parsed = schema.safeParse(v);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.length ? issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') : 'the record';
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    fail(file, missing ? `${at} is missing` : `${at}: ${issue.message.replace(/^Invalid input: /, '')}`);
  }
}

/** A sweep's run file as summaries read it, or a ConfigError naming the file and its first problem. */
export function checkSummaryRecord(v: unknown, file: string): RunRecord {
  checkShape(v, file, SUMMARY_RECORD);
  return v as RunRecord;
}

/**
 * A saved run as `show` rebuilds it: every field, settings that pass the config validator, and a
 * network as wide as its settings. A ConfigError names the file and its first problem.
 */
export function checkRecord(v: unknown, file: string): RunRecord {
  if (typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'plane') {
    throw new ConfigError([`${file}: a two-input run (train --target ${String((v as { target?: { name?: unknown } }).target?.name)}); show and report read one-input runs only so far: its report is what train printed, and --json has the whole record`]);
  }
  checkShape(v, file, RECORD);
  const config = (v as { config: Record<string, unknown> }).config;
  const { problems } = validateResolved(config, `${file}: config.`);
  if (problems.length) throw new ConfigError([problems[0]]);
  // A record written before a setting was added lacks its key: it reads as that setting's default (as its run id does).
  for (const k of CONFIG_KEYS) if (!(k in config) && settingOf(k)?.identity === 'unless-default') config[k] = settingOf(k)!.default;
  const absent = CONFIG_KEYS.filter((k) => !(k in config));
  if (absent.length) fail(file, `config lacks ${absent.join(', ')}`);
  const cross = crossCheck(config as unknown as Config, `${file}: config.`, (k) => k, maxK);
  if (cross.length) throw new ConfigError([cross[0]]);
  const widths = widthsOf((config as unknown as Config).hidden);
  const read = upgradeRecord(v as Record<string, unknown>);
  if ('problem' in read) fail(file, read.problem);
  const record = read.record;
  let fanIn = record.net.inputs;
  record.net.layers.forEach((layer, l) => {
    if (layer.b.length !== widths[l] || layer.W.length !== widths[l]) fail(file, `net.layers[${l}] has ${layer.b.length} units but config.hidden is ${widths.join(',')}`);
    if (layer.W.some((row) => row.length !== fanIn)) fail(file, `net.layers[${l}].W has rows of another length than its ${fanIn} inputs`);
    fanIn = widths[l];
  });
  if (record.net.layers.length !== widths.length || record.net.output.w.length !== fanIn) fail(file, `net has ${record.net.layers.length} hidden layers but config.hidden is ${widths.join(',')}`);
  if (record.network) {
    for (const part of ['a', 'b', 'c'] as const) {
      if (record.network[part].length !== widths[0] || widths.length !== 1) fail(file, `network.${part} has ${record.network[part].length} entries but config.hidden is ${widths.join(',')}`);
    }
  }
  if (record.status === 'ok' && !(typeof record.metrics.mse === 'number' && record.metrics.mse >= 0)) fail(file, `metrics.mse is ${show(record.metrics.mse)} in a finished run`);
  return record;
}
