// The one module that touches the file system for results: atomic writes (temporary file, then
// rename, so an interrupted process never leaves a partial file), run folders, sweep folders and
// the on-disk cache of optima.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { ModelFiles } from '../tfjs/model.js';
import { checkRecord, checkSummaryRecord } from './check.js';
import { widthsOf } from '../settings.js';
import type { RunRecord } from './run.js';

/** This host's name as it goes into temp names (no '-' so the name parses back). */
const HOST = hostname().replace(/[^A-Za-z0-9.]/g, '_') || 'host';

/** A temporary file's name says who writes it: `<path>.tmp-<pid>-<host>-<random>`. */
const TEMP = /\.tmp-(\d+)-(?:([A-Za-z0-9._]+)-)?[a-z0-9]+$/;

/**
 * How old a temporary file of another host must be before it counts as abandoned: its process
 * cannot be asked whether it lives, and no single write takes anywhere near this long.
 */
export const FOREIGN_TEMP_STALE_MS = 60 * 60 * 1000;

/** Where writeAtomic puts `path`'s bytes before the rename. */
export const tempPath = (path: string): string => `${path}.tmp-${process.pid}-${HOST}-${Math.random().toString(36).slice(2, 8)}`;

export function writeAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPath(path);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';

/**
 * A folder we may write into, checked before any work: an existing writable directory, or a new
 * one whose nearest existing ancestor is a writable directory (so mkdir will succeed). Naming a
 * file, a path under a file, or a place this user cannot write is a usage error; nothing is created.
 */
export function checkOutDir(path: string, flag: string): void {
  const bad = (what: string) => new ConfigError([`${flag}: ${JSON.stringify(path)} ${what}; expected a folder (new or existing) that can be written`]);
  if (path.trim() === '') throw bad('is empty');
  checkWritableFolder(resolve(path), bad, true);
}

/** A file we may write: not a folder, in a folder that exists or can be made, and can be written. */
export function checkOutFile(path: string, flag: string, kind = 'a file'): void {
  const bad = (what: string) => new ConfigError([`${flag}: ${JSON.stringify(path)} ${what}; expected the path of ${kind} to write, in a folder that can be written`]);
  if (path.trim() === '') throw bad('is empty');
  if (/[\\/]$/.test(path) || (existsSync(path) && statSync(path).isDirectory())) throw bad('is a folder');
  checkWritableFolder(dirname(resolve(path)), bad, false);
}

/**
 * The nearest existing ancestor of `target` must be a folder we can write into (probed, not trusted
 * to access()). `isPath`: target is the path the user gave (a folder), not the folder of a file.
 */
function checkWritableFolder(target: string, bad: (what: string) => ConfigError, isPath: boolean): void {
  let p = target;
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  let st;
  try {
    st = statSync(p);
  } catch {
    throw bad(`cannot be reached (${p} cannot be read)`);
  }
  if (!st.isDirectory()) throw bad(isPath && p === target ? 'is an existing file' : `lies under ${p}, which is a file`);
  // A probe file, removed at once: access() says yes to root even where the file system says no (/proc, a read-only mount).
  const probe = join(p, `.relu-lab-probe-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  try {
    accessSync(p, constants.W_OK | constants.X_OK);
    writeFileSync(probe, '');
  } catch {
    throw bad(isPath ? (p === target ? 'is not writable' : `cannot be created: ${p} is not writable`) : `cannot be written: ${p} is not writable`);
  } finally {
    rmSync(probe, { force: true });
  }
}

export function writeRunDir(dir: string, record: RunRecord, model: ModelFiles): void {
  // Weights first, run.json last: run.json's presence means the folder is complete.
  writeAtomic(join(dir, 'weights.bin'), model.weights);
  writeAtomic(join(dir, 'model.json'), model.modelJson);
  writeAtomic(join(dir, 'run.json'), json(record));
}

/** Read a JSON file a user may have damaged: a parse failure is a ConfigError naming the file. */
function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError([`${path} is not valid JSON (${(e as Error).message.split('\n')[0]})`]);
  }
}

/**
 * model.json's weights manifest, checked against the record's width and weights.bin's size before
 * TF.js sees either: [1,n] [n] [n,1] [1] float32 arrays, their bytes exactly the file's.
 */
/** The weight shapes of a dense stack: a kernel [fan-in, width] and a bias [width] per layer, then the output unit. */
function denseShapes(inputs: number, widths: number[]): number[][] {
  const shapes: number[][] = [];
  let fanIn = inputs;
  for (const w of [...widths, 1]) {
    shapes.push([fanIn, w], [w]);
    fanIn = w;
  }
  return shapes;
}

export function checkModelFiles(dir: string, modelJson: unknown, inputs: number, widths: number[]): number {
  const modelPath = join(dir, 'model.json');
  const weightsPath = join(dir, 'weights.bin');
  const m = modelJson as { modelTopology?: unknown; weightsManifest?: { paths?: unknown; weights?: { shape?: unknown; dtype?: unknown }[] }[] } | null;
  const specs = m && typeof m === 'object' && !Array.isArray(m) && Array.isArray(m.weightsManifest) ? m.weightsManifest[0]?.weights : undefined;
  if (!m || typeof m.modelTopology !== 'object' || m.modelTopology === null || !Array.isArray(specs)) {
    throw new ConfigError([`${modelPath}: not a TF.js layers model (no modelTopology or weightsManifest); expected the model.json relu-lab train --out writes`]);
  }
  const shapes = specs.map((w) => (Array.isArray(w?.shape) && w.shape.every((d) => Number.isInteger(d) && d >= 0) ? (w.shape as number[]) : null));
  const want = denseShapes(inputs, widths);
  const same = shapes.length === want.length && shapes.every((sh, i) => sh !== null && JSON.stringify(sh) === JSON.stringify(want[i])) && specs.every((w) => w.dtype === 'float32');
  const arch = widths.join(',');
  if (!same) {
    throw new ConfigError([`${modelPath}: weight shapes ${shapes.map((sh) => (sh ? `[${sh}]` : '?')).join(' ')} do not match hidden ${arch} in ${join(dir, 'run.json')}; expected float32 ${want.map((sh) => `[${sh}]`).join(' ')}`]);
  }
  const bytes = 4 * want.reduce((s, sh) => s + sh.reduce((p, d) => p * d, 1), 0);
  const size = statSync(weightsPath).size;
  if (size !== bytes) throw new ConfigError([`${weightsPath}: ${size} bytes, but model.json's manifest needs ${bytes} (hidden ${arch}); the file is ${size < bytes ? 'truncated' : 'too long'}`]);
  return bytes;
}

/** A run folder written by train --out: every file present and checked, nothing computed yet. */
export function readRunDir(dir: string): { record: RunRecord; model: ModelFiles } {
  const runPath = join(dir, 'run.json');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError([`show: ${JSON.stringify(dir)} is not a folder; expected a folder written by \`relu-lab train --out\``]);
  if (!existsSync(runPath) && existsSync(join(dir, 'config.json')) && existsSync(join(dir, 'runs'))) {
    throw new ConfigError([`show: ${JSON.stringify(dir)} is a sweep folder (config.json and runs/); show takes a folder written by \`relu-lab train --out\`; for a sweep use \`relu-lab summarize\` or \`relu-lab report\``]);
  }
  for (const f of ['run.json', 'model.json', 'weights.bin']) {
    const p = join(dir, f);
    if (!existsSync(p)) throw new ConfigError([`show: ${JSON.stringify(dir)} has no ${f}; expected a folder written by \`relu-lab train --out\``]);
    if (!statSync(p).isFile()) throw new ConfigError([`show: ${p} is not a file; expected a folder written by \`relu-lab train --out\``]);
  }
  const record = checkRecord(readJson(runPath), runPath);
  if (record.status !== 'ok') throw new ConfigError([`show: ${runPath} records a diverged run; it has no model to show`]);
  const modelText = readFileSync(join(dir, 'model.json'), 'utf8');
  checkModelFiles(dir, readJson(join(dir, 'model.json')), record.net.inputs, widthsOf(record.config.hidden));
  return { record, model: { modelJson: modelText, weights: new Uint8Array(readFileSync(join(dir, 'weights.bin'))) } };
}

/** A rendered figure as files <name>.svg and <name>.vl.json (report/figures.ts renders them; experiment does not import report). */
export interface FigureFiles {
  name: string;
  spec: unknown;
  svg: string;
}

export function writeFigures(dir: string, figures: FigureFiles[]): string[] {
  const paths: string[] = [];
  for (const f of figures) {
    writeAtomic(join(dir, `${f.name}.vl.json`), json(f.spec));
    writeAtomic(join(dir, `${f.name}.svg`), f.svg);
    paths.push(join(dir, `${f.name}.svg`));
  }
  return paths;
}

// --- sweeps: <dir>/config.json, <dir>/runs/<id>.json, summaries

export function runPath(dir: string, id: string): string {
  return join(dir, 'runs', `${id}.json`);
}

export function hasRun(dir: string, id: string): boolean {
  return existsSync(runPath(dir, id));
}

/** Sweep run files are written compact: hundreds of them ship in results/. */
export function writeRun(dir: string, id: string, record: RunRecord): void {
  writeAtomic(runPath(dir, id), JSON.stringify(record) + '\n');
}

/** Is this process alive? (EPERM: alive, someone else's.) */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A temporary file whose writer is gone: a dead process of this host, or another host's file older than FOREIGN_TEMP_STALE_MS. */
export function isStaleTemp(path: string, now = Date.now()): boolean {
  const m = TEMP.exec(path);
  if (!m) return false;
  if (m[2] === undefined) return true; // written by a version before temp names carried the host: always old
  if (m[2] === HOST) return Number(m[1]) !== process.pid && !alive(Number(m[1]));
  try {
    return now - statSync(path).mtimeMs > FOREIGN_TEMP_STALE_MS;
  } catch {
    return false;
  }
}

/**
 * Remove the temporary files killed processes left in runs/. Another sweep writing into the same
 * folder at this moment keeps its own (its process is alive), and finished runs have no .tmp- in their name.
 */
export function removeStaleTemps(dir: string): number {
  const runs = join(dir, 'runs');
  if (!existsSync(runs)) return 0;
  const stale = readdirSync(runs).filter((f) => isStaleTemp(join(runs, f)));
  for (const f of stale) rmSync(join(runs, f), { force: true });
  return stale.length;
}

/** Delete the run files of a sweep folder whose ids are not in `keep` (a sweep replaced with --force). */
export function removeRunsExcept(dir: string, keep: Set<string>): number {
  // By file name alone: a damaged run file of the replaced sweep goes too, unread.
  const runs = join(dir, 'runs');
  if (!existsSync(runs)) return 0;
  const gone = readdirSync(runs).filter((f) => f.endsWith('.json') && !keep.has(f.slice(0, -5)));
  for (const f of gone) rmSync(join(runs, f), { force: true });
  return gone.length;
}

/** Every finished run in a sweep folder, sorted by id, each checked (a damaged one is a ConfigError naming it); leftovers of killed writes (*.tmp-*) are ignored. */
export function readRuns(dir: string): { id: string; record: RunRecord }[] {
  const runs = join(dir, 'runs');
  if (!existsSync(runs)) return [];
  return readdirSync(runs)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ id: f.slice(0, -5), record: checkSummaryRecord(readJson(join(runs, f)), join(runs, f)) }));
}

export function writeText(path: string, text: string): void {
  writeAtomic(path, text);
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

// --- the optimum cache lives in optimum-cache.ts (it writes through writeAtomic above)
export { cachedOptimum, readOptimumCache, writeOptimumCache } from './optimum-cache.js';
