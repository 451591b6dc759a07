// The only place that turns errors into exit codes: a user's mistake is one line per problem and
// exit 2, a divergence exit 3 (decided by the command), anything else a stack trace and exit 1.
import { CommanderError } from 'commander';
import { ConfigError } from '../errors.js';
import { EXIT } from './exit.js';
import { program } from './program.js';
import { processIo, type Io } from './terminal.js';

export { EXIT };

/** A user's mistakes are listed one a line, at most this many (a long bad list in a config would fill the screen). */
const MAX_PROBLEM_LINES = 12;

/** Run the CLI; resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let pending: Promise<number> | null = null;
  const prog = program(io, (p) => (pending = p));
  const fail = (e: unknown): number => {
    if (e instanceof ConfigError) {
      for (const line of e.problems.slice(0, MAX_PROBLEM_LINES)) io.err(`relu-lab: ${line}\n`);
      const more = e.problems.length - MAX_PROBLEM_LINES;
      if (more > 0) io.err(`relu-lab: … and ${more} more problem${more > 1 ? 's' : ''} of the same kind; fix these first\n`);
      return EXIT.usage;
    }
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      // Commander puts its "(Did you mean …?)" hint on a second line: keep it, on the same line.
      const message = e.message.replace(/^error: /, '').split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
      // the help that lists the flags: the command's own when one was named
      const command = prog.commands.find((c) => c.name() === argv[2]);
      io.err(`relu-lab: ${message} (see relu-lab ${command ? `${command.name()} ` : ''}--help)\n`);
      return EXIT.usage;
    }
    io.err(`relu-lab: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.internal;
  };
  // A bare `relu-lab` names no command: that is a usage error, with the help as its message.
  if (argv.length <= 2) {
    io.err(prog.helpInformation());
    return EXIT.usage;
  }
  try {
    await prog.parseAsync(argv);
    if (!pending) return EXIT.ok;
    return await pending;
  } catch (e) {
    return fail(e);
  }
}
