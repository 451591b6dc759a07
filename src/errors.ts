// The errors every layer may throw. A UsageError is a user's mistake (a flag, a config key, a
// path, a damaged file): the CLI prints its lines and exits 2, before any work is done. Anything
// else that escapes is a broken invariant: the CLI prints it with its stack and exits 1.

/** A user's mistake, one line per problem naming where, the value and what is allowed. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}
