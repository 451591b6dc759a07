// What `relu-lab report DIR` reads: a run folder (train --out) or a sweep folder (sweep --out),
// every record checked for the keys the page needs before anything is built. A damaged or foreign
// folder is the user's mistake: one line naming the file and what is wrong (ConfigError, exit 2).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { RunRecord } from '../experiment/run.js';

export type ReportInput =
  | { kind: 'run'; dir: string; record: RunRecord; source: string }
  | { kind: 'sweep'; dir: string; name: string; runs: { id: string; record: RunRecord }[] };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown) => typeof v === 'number';
const isNumArr = (v: unknown) => Array.isArray(v) && v.every((x) => x === null || typeof x === 'number');

/** Keys a record must have, as [path, check, what is expected]. */
const REQUIRED: [string, (v: unknown) => boolean, string][] = [
  ['config', isObj, 'an object'],
  ['config.target', (v) => typeof v === 'string', 'a target name'],
  ['config.hidden', (v) => isNum(v) || (isNumArr(v) && (v as unknown[]).length > 0), 'a width or a list of layer widths'],
  ['config.domain', (v) => isNumArr(v) && (v as number[]).length === 2, 'two numbers'],
  ['config.samples', isNum, 'a number'],
  ['backend', (v) => typeof v === 'string', 'a string'],
  ['seed', isNum, 'a number'],
  ['status', (v) => v === 'ok' || v === 'diverged', '"ok" or "diverged"'],
  ['target', isObj, 'an object'],
  ['target.name', (v) => typeof v === 'string', 'a string'],
  ['target.formula', (v) => typeof v === 'string', 'a string'],
  ['metrics', isObj, 'an object'],
  ['metrics.mse', (v) => isNum(v) || v === null, 'a number'],
  ['history', isObj, 'an object'],
  ['history.epoch', isNumArr, 'a list of numbers'],
  ['history.loss', isNumArr, 'a list of numbers'],
];

/** A one-hidden-layer network, when present, must be whole (a deep run has none: that is fine). */
const NETWORK: [string, (v: unknown) => boolean, string][] = [
  ['network.a', isNumArr, 'a list of numbers'],
  ['network.b', isNumArr, 'a list of numbers'],
  ['network.c', isNumArr, 'a list of numbers'],
  ['network.d', isNum, 'a number'],
  ['hinges', Array.isArray, 'a list of units'],
];

const at = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);

/** Parse and check one record file; throws a one-line ConfigError naming the file. */
export function readRecord(path: string): RunRecord {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError([`report: ${path} is not valid JSON (${(e as Error).message.split('\n')[0]}); expected a run record written by relu-lab`]);
  }
  const checks = [...REQUIRED, ...(isObj(v) && v.network !== undefined && v.network !== null ? NETWORK : [])];
  for (const [key, ok, what] of checks) {
    const got = at(v, key);
    if (!ok(got)) throw new ConfigError([`report: ${path}: ${got === undefined ? 'missing key' : 'bad value for'} ${key}${got === undefined ? '' : ` (${JSON.stringify(got)?.slice(0, 40)})`}; expected ${what} in a run record written by relu-lab`]);
  }
  return v as RunRecord;
}

const NEITHER = 'expected a run folder (from `relu-lab train --out`: run.json, model.json, weights.bin) or a sweep folder (config.json and runs/*.json)';

export function readReportInput(dir: string): ReportInput {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError([`report: ${JSON.stringify(dir)} is not a folder; ${NEITHER}`]);
  if (existsSync(join(dir, 'run.json'))) {
    for (const f of ['model.json', 'weights.bin']) {
      if (!existsSync(join(dir, f))) throw new ConfigError([`report: ${JSON.stringify(dir)} has run.json but no ${f}; ${NEITHER}`]);
    }
    const path = join(dir, 'run.json');
    return { kind: 'run', dir, record: readRecord(path), source: path };
  }
  const runsDir = join(dir, 'runs');
  if (existsSync(join(dir, 'config.json')) && existsSync(runsDir) && statSync(runsDir).isDirectory()) {
    let name = basename(dir);
    try {
      const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
      if (isObj(cfg) && typeof cfg.name === 'string') name = cfg.name;
    } catch (e) {
      throw new ConfigError([`report: ${join(dir, 'config.json')} is not valid JSON (${(e as Error).message.split('\n')[0]}); expected a sweep's config.json`]);
    }
    // Leftovers of killed writes (*.tmp-*) are not runs.
    const files = readdirSync(runsDir).filter((f) => f.endsWith('.json')).sort();
    if (!files.length) throw new ConfigError([`report: ${JSON.stringify(dir)} is a sweep folder with no finished runs in runs/; run \`relu-lab sweep\` first`]);
    return { kind: 'sweep', dir, name, runs: files.map((f) => ({ id: f.slice(0, -5), record: readRecord(join(runsDir, f)) })) };
  }
  throw new ConfigError([`report: ${JSON.stringify(dir)} is neither a run folder nor a sweep folder; ${NEITHER}`]);
}
