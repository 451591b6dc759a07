// `relu-lab report DIR`: one self-contained HTML page for a run folder or a sweep folder, written
// atomically only after the whole page is built (a bad folder writes nothing).
import { basename, join } from 'node:path';
import { ConfigError } from '../../errors.js';
import type { RunRecord } from '../../experiment/run.js';
import { checkOutFile, readText, writeText } from '../../experiment/store.js';
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
  // without --out the page goes into DIR: a DIR that is a file is the user's DIR, not a flag they never gave
  checkOutFile(out, flags.out ? '--out' : 'DIR', 'the HTML file');
  const two = await planeReport(dir, out);
  if (two) {
    if (flags.json) io.out(JSON.stringify({ page: out, kind: two.kind, runs: two.runs, bytes: two.bytes }) + '\n');
    else io.out(`report: ${out} (two-input ${two.kind} page, ${two.runs} run${two.runs > 1 ? 's' : ''}, ${(two.bytes / 1024).toFixed(0)} KB; open it in a browser, no network needed)\n`);
    return EXIT.ok;
  }
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

/** A two-input run or sweep folder's page (null for any other folder: the one-input reader takes it). */
async function planeReport(dir: string, out: string): Promise<{ kind: 'run' | 'sweep'; runs: number; bytes: number } | null> {
  const { isPlaneRunDir, openPlaneRun } = await import('../../experiment/plane-saved.js');
  const { isPlaneSweepDir, readPlaneRuns } = await import('../../experiment/plane-sweep.js');
  const { planeRunPage, planeSweepPage } = await import('../../report/html-plane.js');
  let html: string;
  let kind: 'run' | 'sweep';
  let runs = 1;
  if (isPlaneRunDir(dir)) {
    html = planeRunPage(openPlaneRun(dir, 'report').record, join(dir, 'run.json'));
    kind = 'run';
  } else if (isPlaneSweepDir(dir)) {
    const all = readPlaneRuns(dir);
    if (!all.length) throw new ConfigError([`report: ${JSON.stringify(dir)} is a sweep folder with no finished runs in runs/; run \`relu-lab sweep\` first`]);
    let name = basename(dir);
    try {
      name = JSON.parse(readText(join(dir, 'config.json'))).name ?? name;
    } catch {
      // named by its folder
    }
    html = planeSweepPage(name, all);
    kind = 'sweep';
    runs = all.length;
  } else return null;
  writeText(out, html);
  return { kind, runs, bytes: Buffer.byteLength(html) };
}
