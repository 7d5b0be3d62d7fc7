// fast-check parameters for every property test, so that a run can be
// replayed: a fixed seed under `npm test` (CI), a random one under
// `npm run fuzz` (FUZZ=1), and FC_SEED (with FC_PATH for one failing
// property) to replay a failure. fast-check prints the seed and path of a
// counterexample; this adds the command line that replays it.
//
//   FC_SEED=123 node --import ./scripts/register.mjs --test --test-name-pattern 'NAME' FILE
//
// FUZZ=1 also multiplies the number of runs (FUZZ_SCALE, default 20) and
// lengthens time-bounded properties (fuzzSeconds).
import type { Parameters } from 'fast-check';

export const FUZZ = process.env.FUZZ === '1';

/** The seed of this run: FC_SEED, else a random one when fuzzing, else a fixed one. */
export const SEED: number = (() => {
  const given = process.env.FC_SEED;
  if (given !== undefined && given !== '') {
    const n = Number(given);
    if (!Number.isSafeInteger(n)) throw new Error(`FC_SEED="${given}" is not an integer`);
    return n | 0;
  }
  return FUZZ ? (Math.random() * 0x100000000) | 0 : 0x5eed;
})();

const SCALE = FUZZ ? Number(process.env.FUZZ_SCALE ?? 20) : 1;

/**
 * Parameters for fc.assert: `numRuns` is the run count under `npm test`
 * (multiplied when fuzzing). `seconds` bounds a property by time instead
 * (fuzzSeconds when fuzzing).
 */
export function fcParams<T>(opts: { numRuns?: number; seconds?: number } = {}): Parameters<T> {
  const p: Parameters<T> = { seed: SEED };
  if (process.env.FC_PATH) p.path = process.env.FC_PATH;
  // FC_NO_SHRINK=1: report the first failing input as found (a failure that
  // depends on the process's state may not survive shrinking).
  if (process.env.FC_NO_SHRINK === '1') p.endOnFailure = true;
  if (opts.numRuns !== undefined) p.numRuns = Math.max(1, Math.round(opts.numRuns * SCALE));
  if (opts.seconds !== undefined) {
    p.interruptAfterTimeLimit = (FUZZ ? fuzzSeconds() : opts.seconds) * 1000;
    p.numRuns = Number.MAX_SAFE_INTEGER;
  }
  p.reporter = (details) => {
    if (!details.failed) return;
    const replay = `replay: FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath ?? ''} (with --test-name-pattern for this test)`;
    throw new Error(`${defaultReport(details)}\n${replay}`);
  };
  return p;
}

/** How long a time-bounded property runs under FUZZ=1 (FUZZ_SECONDS, default 120). */
export function fuzzSeconds(): number {
  return Number(process.env.FUZZ_SECONDS ?? 120);
}

function defaultReport(d: { numRuns: number; seed: number; counterexamplePath: string | null; counterexample: unknown; error?: unknown; errorInstance?: unknown }): string {
  const err = (d.errorInstance ?? d.error) as { message?: string } | string | undefined;
  const why = typeof err === 'string' ? err : err?.message ?? String(err);
  let example: string;
  try {
    example = JSON.stringify(d.counterexample)?.slice(0, 4000) ?? String(d.counterexample);
  } catch {
    example = String(d.counterexample);
  }
  return `Property failed after ${d.numRuns} tests { seed: ${d.seed}, path: "${d.counterexamplePath ?? ''}" }\nCounterexample: ${example}\n${why}`;
}
