// `relu-lab show DIR`: reload a saved run, check its model against its record, print its report.
import { openRun, reloadRun } from '../../experiment/saved.js';
import { isPlaneRunDir } from '../../experiment/plane-saved.js';
import { showPlane } from './show-plane.js';
import { comparatorOf } from '../../experiment/run.js';
import { runReport, num } from '../../report/text.js';
import type { BackendName } from '../../tfjs/backend.js';
import { EXIT, type Flags } from '../exit.js';
import { backendLine, parseHeight, viewOf, type Io } from '../terminal.js';

export async function show(io: Io, dir: string, flags: Flags): Promise<number> {
  const height = parseHeight(flags.height);
  if (isPlaneRunDir(dir)) return showPlane(io, dir, flags, height);
  const saved = openRun(dir);
  const { startBackend } = await import('../../tfjs/backend.js');
  const backend = await startBackend((flags.backend as BackendName | undefined) ?? 'auto');
  backendLine(io, flags, backend);
  const { record, data, mse, recordedMse } = await reloadRun(backend, dir, saved);
  if (!flags.quiet && !flags.json) io.err(`reloaded ${dir}: the saved model reproduces the recorded MSE (${num(mse, 6)} vs ${num(recordedMse, 6)})\n`);
  if (flags.json) io.out(JSON.stringify(record) + '\n');
  else io.out(runReport(record, data, comparatorOf(record.config), viewOf(io, height)) + '\n');
  return EXIT.ok;
}
