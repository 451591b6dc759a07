// A saved two-input run (run.json of train --out, runs/<id>.json of a two-input sweep) checked
// before anything is computed from it: the shape train writes, a two-input target, a one-layer or
// deep ReLU network as wide as its settings say, finite figures for an ok run. One line per problem
// naming the file (a ConfigError: exit 2, never a stack trace).
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { isTarget2 } from '../math/targets2.js';
import type { PlaneRecord } from './plane-run.js';

const figure = z.number().nullable();
const pair = z.tuple([z.number(), z.number()]);
const SETTINGS = z.object({
  target: z.string(),
  domain: z.tuple([pair, pair]),
  samples: z.number().int().min(2),
  hidden: z.array(z.number().int().min(1)).min(1),
  seed: z.number().int(),
  init: z.string(),
  optimizer: z.string(),
  lr: z.number(),
  schedule: z.string(),
  epochs: z.number().int().min(1),
  batchSize: z.number().int().min(0),
  restarts: z.number().int().min(1),
  refit: z.string(),
}).loose();
const NET = z.object({
  inputs: z.literal(2),
  layers: z.array(z.object({ activation: z.string(), W: z.array(z.array(z.number())), b: z.array(z.number()) })).min(1),
  output: z.object({ w: z.array(z.number()), d: z.number() }),
});
const RECORD = z.object({
  kind: z.literal('plane'),
  status: z.enum(['ok', 'diverged']),
  settings: SETTINGS,
  target: z.object({ name: z.string(), formula: z.string(), inputs: z.literal(2) }),
  backend: z.string(),
  seconds: z.number(),
  net: NET,
  mse: figure,
  maxAbsError: figure,
  restartMse: z.array(figure),
  divergedAt: z.number().nullable(),
  history: z.object({ epoch: z.array(z.number()), loss: z.array(figure) }),
}).loose();

/** Is this parsed JSON a two-input record (to tell it from a one-input one before checking)? */
export const isPlaneRecord = (v: unknown): boolean => typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'plane';

export function checkPlaneRecord(v: unknown, file: string): PlaneRecord {
  const parsed = RECORD.safeParse(v);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError([`${file}: ${issue.path.join('.') || 'the record'}: ${issue.message}; expected a two-input run record written by relu-lab`]);
  }
  const r = parsed.data as unknown as PlaneRecord;
  const s = r.settings;
  if (!isTarget2(s.target) || r.target.name !== s.target) throw new ConfigError([`${file}: target ${JSON.stringify(s.target)} is not a two-input target relu-lab knows`]);
  if (!s.domain.every((d) => Number.isFinite(d[0]) && Number.isFinite(d[1]) && d[0] < d[1])) throw new ConfigError([`${file}: settings.domain ${JSON.stringify(s.domain)} is not two ranges lo < hi`]);
  const widths = r.net.layers.map((l) => l.b.length);
  if (JSON.stringify(widths) !== JSON.stringify(s.hidden)) throw new ConfigError([`${file}: net has hidden widths ${widths.join(',')} but settings.hidden is ${s.hidden.join(',')}`]);
  let fanIn = 2;
  for (const [i, l] of r.net.layers.entries()) {
    if (l.activation !== 'relu' && !('activation' in s)) throw new ConfigError([`${file}: net.layers.${i}.activation ${JSON.stringify(l.activation)}; expected relu`]);
    if (l.W.length !== l.b.length || !l.W.every((row) => row.length === fanIn)) throw new ConfigError([`${file}: net.layers.${i}.W is not ${l.b.length} rows of ${fanIn} weights`]);
    fanIn = l.b.length;
  }
  if (r.net.output.w.length !== fanIn) throw new ConfigError([`${file}: net.output.w has ${r.net.output.w.length} weights; expected ${fanIn}`]);
  if (r.status === 'ok' && !(Number.isFinite(r.mse) && Number.isFinite(r.maxAbsError))) throw new ConfigError([`${file}: an ok run without a finite mse and maxAbsError`]);
  return r;
}
