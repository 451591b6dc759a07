// Running the CLI in-process through main() with an Io that records what it prints (faster than a
// subprocess; used by the robustness, damaged-file and fuzz tests).
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/terminal.js';

/** An Io that records what the CLI prints; not a terminal. */
export function captureIo(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    stdoutTTY: false,
    stderrTTY: false,
    columns: undefined,
    env: {},
    stdout: () => out,
    stderr: () => err,
  };
}

export async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo();
  const code = await main(['node', 'relu-lab', ...args], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}
