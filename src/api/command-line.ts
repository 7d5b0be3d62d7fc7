// What the executable's commands share (fn/*.ts and the agent,
// src/agent/main.ts): how flags are read, the error a bad flag is, and what a
// command returns for fn/main.ts to write.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command's outcome: its exit code and what it writes to stdout and stderr. */
export interface RunResult {
  code: number;
  /** All of stdout as one string (of a streamed result: joined when read, see `streamed`). */
  readonly stdout: string;
  stderr: string;
  /**
   * stdout piece by piece, made as they are asked for: what fn/main.ts
   * writes when it is there. An output larger than one string can hold
   * (V8: 2^29 characters, ~512 MiB of YAML) is never joined.
   */
  readonly stdoutParts?: () => Iterable<string>;
}

/**
 * A result whose stdout is written piece by piece (`parts` is called once
 * per write); reading `stdout` joins them (tests, callers of small outputs).
 */
export function streamed(code: number, parts: () => Iterable<string>, stderr: string): RunResult {
  return {
    code,
    stderr,
    stdoutParts: parts,
    get stdout() {
      return [...parts()].join('');
    },
  };
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
