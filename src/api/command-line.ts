// What the executable's commands share (fn/*.ts and the agent,
// src/agent/main.ts): how flags are read, the error a bad flag is, and what a
// command returns for fn/main.ts to write.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command's outcome: its exit code and what it writes to stdout and stderr. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A bad flag or argument: the command prints the one-line message (and its usage) and exits 2. */
export class UsageError extends Error {}

/**
 * node:util's parseArgs (strict unless the config says otherwise), a problem
 * thrown as a UsageError with the first line of parseArgs' message.
 */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}
