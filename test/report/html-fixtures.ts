// Run records for the report page tests, built directly (no training): the curvature start with its
// output layer by least squares is already a good fit, so pages look like real ones.
import { netOf } from '../../src/math/net.js';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { initialNetwork } from '../../src/math/init.js';
import { optimumCurve } from '../../src/math/optimum/index.js';
import { gridOf, recordOf, type RunRecord } from '../../src/experiment/run.js';
import { DEFAULTS, type Config } from '../../src/settings.js';

export function record(over: Partial<Config> = {}): RunRecord {
  const config: Config = { ...DEFAULTS, samples: 200, epochs: 100, ...over };
  const data = gridOf(config);
  const net = initialNetwork(config.init, config.hidden, config.seed, config.domain, data.xs, data.ys);
  const epoch = Array.from({ length: 20 }, (_, i) => (i + 1) * 5);
  const history = { epoch, loss: epoch.map((e) => 0.05 / Math.sqrt(e)) };
  const o = optimumCurve(data.xs, data.ys, config.domain, config.hidden)[config.hidden - 1];
  return recordOf(config, 'cpu', data, netOf(net), { status: 'ok', divergedAt: null, history, restarts: { best: 0, losses: [0.01] }, seconds: 0.01 }, { ...o, basis: 'same width' });
}

/** A run folder as `train --out` leaves it (the report reads only run.json; the model files must exist). */
export function writeRunFolder(dir: string, r: RunRecord): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'run.json'), JSON.stringify(r));
  writeFileSync(join(dir, 'model.json'), '{}');
  writeFileSync(join(dir, 'weights.bin'), '');
}

export function writeSweepFolder(dir: string, runs: { id: string; record: RunRecord }[]): void {
  mkdirSync(join(dir, 'runs'), { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ name: 'test-sweep' }));
  for (const r of runs) writeFileSync(join(dir, 'runs', `${r.id}.json`), JSON.stringify(r.record));
}

export function sweepRuns(): { id: string; record: RunRecord }[] {
  const out = [];
  for (const hidden of [2, 3, 4]) for (const seed of [0, 1]) out.push({ id: `square-w${hidden}-s${seed}`, record: record({ hidden, seed }) });
  return out;
}
