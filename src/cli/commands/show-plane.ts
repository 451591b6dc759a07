// `relu-lab show DIR` on a two-input run: the folder checked, the saved model reloaded in TF.js and
// its MSE compared with the record's, then the report train printed (folds, regions, interaction,
// heatmaps beside the constructions of the same width), or the record with --json.
import { openPlaneRun, reloadPlaneRun } from '../../experiment/plane-saved.js';
import { num } from '../../report/text.js';
import type { BackendName } from '../../tfjs/backend.js';
import { EXIT, type Flags } from '../exit.js';
import { backendLine, type Io } from '../terminal.js';
import { printPlaneRun } from './train-plane.js';
import { checkOutDir } from '../../experiment/store.js';

export async function showPlane(io: Io, dir: string, flags: Flags, height: number | undefined): Promise<number> {
  const saved = openPlaneRun(dir);
  if (flags.figures) checkOutDir(String(flags.figures), '--figures');
  const { startBackend } = await import('../../tfjs/backend.js');
  const backend = await startBackend((flags.backend as BackendName | undefined) ?? 'auto');
  backendLine(io, flags, backend);
  const { record, mse, recordedMse } = await reloadPlaneRun(backend, dir, saved);
  if (!flags.quiet && !flags.json) io.err(`reloaded ${dir}: the saved model reproduces the recorded MSE (${num(mse, 6)} vs ${num(recordedMse, 6)})\n`);
  await printPlaneRun(io, record, flags, height, 'saved');
  return EXIT.ok;
}
