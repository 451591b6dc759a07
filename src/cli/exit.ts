// Exit codes and the flags object commander hands each command.

/** 0 ok, 1 internal error, 2 usage or config error (nothing done, nothing written), 3 training diverged. */
export const EXIT = { ok: 0, internal: 1, usage: 2, diverged: 3 } as const;

/** Commander's parsed options: strings as typed (validated by the command), booleans for switches. */
export type Flags = Record<string, unknown>;
