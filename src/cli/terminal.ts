// The terminal: where output goes (an injectable Io, so tests run the CLI in-process), how wide and
// coloured charts may be, and the one-line progress display that only a terminal sees.
import { ConfigError } from '../errors.js';
import type { View } from '../report/text.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  stdoutTTY: boolean;
  stderrTTY: boolean;
  columns: number | undefined;
  env: NodeJS.ProcessEnv;
}

/** Set once stdout's reader has gone (`relu-lab … | head`): nothing more is written. */
let stdoutClosed = false;
let pipesGuarded = false;

/**
 * A reader that closes the pipe early (`| head`) has all it wants: stop writing and exit 0 quietly,
 * as a command killed by SIGPIPE would, instead of an unhandled EPIPE with a stack trace. Every
 * file is written atomically and synchronously, so exiting between two writes leaves none partial.
 */
function guardPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  const onError = (stream: 'stdout' | 'stderr') => (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    if (stream === 'stdout') {
      stdoutClosed = true;
      process.exit(0);
    }
    // stderr gone (2>&1 | head): carry on without progress lines; stdout decides when to stop.
  };
  process.stdout.on('error', onError('stdout'));
  process.stderr.on('error', onError('stderr'));
}

const safeWrite = (stream: NodeJS.WriteStream, s: string): void => {
  if (stream === process.stdout && stdoutClosed) return;
  try {
    stream.write(s);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
  }
};

export const processIo = (): Io => {
  guardPipes();
  return {
    out: (s) => safeWrite(process.stdout, s),
    err: (s) => safeWrite(process.stderr, s),
    stdoutTTY: Boolean(process.stdout.isTTY),
    stderrTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.columns,
    env: process.env,
  };
};

/** Charts fit a terminal's width and use colour there, never when piped or when NO_COLOR is set. */
export function viewOf(io: Io, height: number | undefined): View {
  const color = io.stdoutTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '');
  return { width: io.stdoutTTY && io.columns ? Math.max(40, io.columns) : 80, height: height ?? 14, color };
}

/** --height: rows per chart. */
export function parseHeight(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 4 || n > 200) throw new ConfigError([`--height: ${JSON.stringify(v)} is not allowed; expected a whole number from 4 to 200`]);
  return n;
}

export const clock = (s: number): string =>
  s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(1)}s`;

/** Redraws at most this often: fast enough to look live, slow enough to cost nothing. */
const PROGRESS_INTERVAL_MS = 100;

/** A throttled one-line progress display on a terminal's stderr; silent when piped or --quiet. */
export class ProgressLine {
  private last = 0;
  private shown = false;
  private readonly enabled: boolean;
  constructor(private io: Io, quiet: boolean) {
    this.enabled = io.stderrTTY && !quiet;
  }
  update(text: () => string, force = false): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (!force && now - this.last < PROGRESS_INTERVAL_MS) return;
    this.last = now;
    this.io.err(`\r\x1b[2K${text()}`);
    this.shown = true;
  }
  clear(): void {
    if (this.shown) this.io.err('\r\x1b[2K');
    this.shown = false;
  }
}

/**
 * Progress of a long phase that is not epochs (the search for the best network, a summary):
 * a label, what is being done, and the time left estimated from the share done.
 */
export function phaseProgress(io: Io, quiet: boolean, label: string): { update: (fraction: number, detail: string) => void; clear: () => void } {
  const line = new ProgressLine(io, quiet);
  const t0 = performance.now();
  return {
    update: (fraction, detail) =>
      line.update(() => {
        const el = (performance.now() - t0) / 1000;
        const left = fraction > 0 ? (el / fraction) * (1 - fraction) : 0;
        return `${label}: ${detail}  ${clock(el)} elapsed${fraction > 0 && fraction < 1 ? `, ~${clock(left)} left` : ''}`;
      }),
    clear: () => line.clear(),
  };
}

/** The backend line on stderr: its name alone, the full reason (why not a faster one) with --verbose; none with --quiet. */
export function backendLine(io: Io, flags: { quiet?: unknown; verbose?: unknown }, backend: { name: string; reason: string }): void {
  if (flags.quiet) return;
  io.err((flags.verbose ? backend.reason : `backend: ${backend.name}`) + '\n');
}
