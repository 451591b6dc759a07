// `relu-lab report DIR`: one self-contained HTML page for a run folder or a sweep folder, written
// atomically only after the whole page is built (a bad folder writes nothing).
import { join } from 'node:path';
import type { RunRecord } from '../../experiment/run.js';
import { checkOutFile, writeText } from '../../experiment/store.js';
import { EXIT, type Flags } from '../exit.js';
import type { Io } from '../terminal.js';

/** Build a run's page from its record and write it (shared by `report` and `train --report`). */
export async function writeRunPage(record: RunRecord, source: string, path: string): Promise<number> {
  const { runInput, runPage } = await import('../../report/html-run.js');
  const html = runPage(runInput(record, source));
  writeText(path, html);
  return Buffer.byteLength(html);
}

export async function report(io: Io, dir: string, flags: Flags): Promise<number> {
  const out = flags.out ? String(flags.out) : join(dir, 'report.html');
  checkOutFile(out, '--out', 'the HTML file');
  const { readReportInput } = await import('../../report/html-input.js');
  const input = readReportInput(dir);
  let bytes: number;
  if (input.kind === 'run') bytes = await writeRunPage(input.record, input.source, out);
  else {
    const { sweepPage } = await import('../../report/html-sweep.js');
    const html = sweepPage(input);
    writeText(out, html);
    bytes = Buffer.byteLength(html);
  }
  const runs = input.kind === 'run' ? 1 : input.runs.length;
  if (flags.json) io.out(JSON.stringify({ page: out, kind: input.kind, runs, bytes }) + '\n');
  else io.out(`report: ${out} (${input.kind} page, ${runs} run${runs > 1 ? 's' : ''}, ${(bytes / 1024).toFixed(0)} KB; open it in a browser, no network needed)\n`);
  return EXIT.ok;
}
