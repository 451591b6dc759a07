// A two-input run saved with `train --target product --out`: run.json (the plane record), model.json
// + weights.bin (TF.js layers format, input shape 2). Read back for `show` and `report`: every file
// present and checked before a backend starts, then the saved model must reproduce the recorded MSE.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { metrics } from '../math/compare.js';
import { planeGrid, sample2, type PlaneGrid } from '../math/targets2.js';
import type { Backend } from '../tfjs/backend.js';
import { reloadModel, type ModelFiles } from '../tfjs/model.js';
import { checkPlaneRecord, isPlaneRecord } from './plane-check.js';
import type { PlaneRecord } from './plane-run.js';
import { checkReloaded } from './saved.js';
import { checkModelFiles } from './store.js';

const EXPECTED = 'expected a folder written by `relu-lab train --target <two-input target> --out`';

function readJson(path: string, cmd: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError([`${cmd}: ${path} is not valid JSON (${(e as Error).message.split('\n')[0]}); ${EXPECTED}`]);
  }
}

/** Does this folder hold a two-input run (its run.json says kind "plane")? Unreadable files answer no: the one-input reader names them. */
export function isPlaneRunDir(dir: string): boolean {
  const p = join(dir, 'run.json');
  try {
    return existsSync(p) && statSync(p).isFile() && isPlaneRecord(JSON.parse(readFileSync(p, 'utf8')));
  } catch {
    return false;
  }
}

/** The folder's files, checked (record shape, weight shapes and sizes); nothing computed yet. */
export function openPlaneRun(dir: string, cmd = 'show'): { record: PlaneRecord; model: ModelFiles } {
  for (const f of ['run.json', 'model.json', 'weights.bin']) {
    const p = join(dir, f);
    if (!existsSync(p)) throw new ConfigError([`${cmd}: ${JSON.stringify(dir)} has no ${f}; ${EXPECTED}`]);
    if (!statSync(p).isFile()) throw new ConfigError([`${cmd}: ${p} is not a file; ${EXPECTED}`]);
  }
  const runPath = join(dir, 'run.json');
  const record = checkPlaneRecord(readJson(runPath, cmd), runPath);
  if (record.status !== 'ok') throw new ConfigError([`${cmd}: ${runPath} records a diverged run; it has no model to show`]);
  const modelJson = readJson(join(dir, 'model.json'), cmd);
  checkModelFiles(dir, modelJson, 2, record.settings.hidden);
  return { record, model: { modelJson: readFileSync(join(dir, 'model.json'), 'utf8'), weights: new Uint8Array(readFileSync(join(dir, 'weights.bin'))) } };
}

export interface PlaneReloaded {
  /** The record with the network read back from the saved model. */
  record: PlaneRecord;
  g: PlaneGrid;
  y: Float64Array;
  /** The saved model's MSE in TF.js (float32), and the one run.json records. */
  mse: number;
  recordedMse: number;
}

export async function reloadPlaneRun(backend: Backend, dir: string, saved: { record: PlaneRecord; model: ModelFiles }): Promise<PlaneReloaded> {
  const s = saved.record.settings;
  const g = planeGrid(s.domain, s.samples);
  const y = sample2(s.target, g);
  let reloaded: Awaited<ReturnType<typeof reloadModel>>;
  try {
    reloaded = await reloadModel(backend.tf, saved.model, g.X);
  } catch (e) {
    throw new ConfigError([`show: ${join(dir, 'model.json')}: TF.js cannot load it with weights.bin (${(e as Error).message.split('\n')[0]}); ${EXPECTED}`]);
  }
  const mse = metrics(y, reloaded.predictions).mse;
  const recordedMse = saved.record.mse;
  checkReloaded(dir, reloaded.net, mse, { net: saved.record.net, mse: recordedMse }, g.X, y);
  return { record: { ...saved.record, net: reloaded.net }, g, y, mse, recordedMse };
}
