// A run saved with `train --out`: run.json (the record), model.json + weights.bin (TF.js layers
// format). Saving builds the model from the record's network; reading back checks that the saved
// model still reproduces the recorded MSE before anything is reported from it.
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { metrics } from '../math/compare.js';
import { float32Mismatch, mse32Spread } from '../math/best-found/float32.js';
import type { Net } from '../math/net.js';
import type { Backend } from '../tfjs/backend.js';
import { modelFilesOf, reloadModel } from '../tfjs/model.js';
import { gridOf, recordOf, upgradeRecord, type GridData, type RunRecord } from './run.js';
import { readRunDir, writeRunDir } from './store.js';

/**
 * How far the saved model's MSE may sit from the recorded one, relative: the model predicts in
 * TF.js's float32, the record was computed from the same weights in float64 (ReLU, and every
 * record before 2026-11-30) or in float32 in another order of sums (observed differences are
 * below 1e-5). On top of it, an estimate of the float32 rounding the network allows (float32.ts
 * `mse32Spread`): a fit finished down to float32 rounding (smooth units, bounded LM) has an error
 * that is mostly rounding, which two orders of sums cannot agree on to 1e-3. That estimate is
 * generous (up to about 1800× the error of a fit at round-off), so the weights themselves are
 * checked exactly too: weights.bin is written from the record's network, in float32.
 */
export const RELOAD_TOLERANCE = 1e-3;

/**
 * The saved model, reloaded (its network `saved`, its MSE `mse` in TF.js), against its record: one
 * line naming the files where they differ, else nothing.
 */
export function checkReloaded(dir: string, saved: Net, mse: number, record: { net: Net; mse: number }, X: ArrayLike<number>, y: ArrayLike<number>): void {
  const files = `${join(dir, 'weights.bin')} read with ${join(dir, 'model.json')}`;
  const spread = mse32Spread(record.net, X, y);
  if (!(Math.abs(mse - record.mse) < RELOAD_TOLERANCE * Math.max(record.mse, 1e-30) + spread)) {
    throw new ConfigError([`show: ${files} gives MSE ${mse.toPrecision(6)} but ${join(dir, 'run.json')} records ${record.mse.toPrecision(6)}: the saved model does not match its run`]);
  }
  const where = float32Mismatch(saved, record.net);
  if (where) throw new ConfigError([`show: ${files} holds ${where}: the saved model does not match its run`]);
}

export async function saveRun(backend: Backend, dir: string, record: RunRecord): Promise<void> {
  writeRunDir(dir, record, await modelFilesOf(backend.tf, record.net));
}

export interface Reloaded {
  /** The record rebuilt from the saved model's weights. */
  record: RunRecord;
  data: GridData;
  /** The saved model's MSE in TF.js, and the one run.json records. */
  mse: number;
  recordedMse: number;
}

/** A run folder's files, read and checked for presence before any backend starts. */
export const openRun = readRunDir;

/** Read a run folder back; a model that no longer matches its record is the user's damaged file. */
export async function reloadRun(backend: Backend, dir: string, saved: ReturnType<typeof readRunDir>): Promise<Reloaded> {
  const read = upgradeRecord(saved.record as unknown as Record<string, unknown>);
  if ('problem' in read) throw new ConfigError([`show: ${join(dir, 'run.json')} ${read.problem}`]);
  const { record } = read;
  const data = gridOf(record.config);
  let reloaded: Awaited<ReturnType<typeof reloadModel>>;
  try {
    reloaded = await reloadModel(backend.tf, saved.model, data.xs);
  } catch (e) {
    throw new ConfigError([`show: ${join(dir, 'model.json')}: TF.js cannot load it with weights.bin (${(e as Error).message.split('\n')[0]}); expected the files relu-lab train --out writes`]);
  }
  const { net, predictions } = reloaded;
  const mse = metrics(data.ys, predictions).mse;
  const recordedMse = record.metrics.mse;
  checkReloaded(dir, net, mse, { net: record.net, mse: recordedMse }, data.xs, data.ys);
  const again = recordOf(record.config, record.backend, data, net, record, record.optimum);
  return { record: again, data, mse, recordedMse };
}
