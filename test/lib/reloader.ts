// A stand-in for the reloader script (src/compile/frr-reloader.sh) for
// tests and benchmarks that run the agent without FRR: it answers every new
// request in the shared directory with ok, as the script does after a
// successful reload, or with what `answer` says for the n-th request (a
// failure as the script writes it: status, stage and frr-reload.py's output).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RELOADER_FILES } from '../../src/api/agent.ts';

export interface StandInAnswer {
  status: 'ok' | 'failed';
  stage?: string;
  message?: string;
}

/**
 * Polls `dir` every `intervalMs`; `onRequest` is told (with performance.now())
 * of each new request before it is answered. With `state`, it also answers
 * state requests with what `state()` returns (frr.state's sections, after
 * the id line), or not at all when it returns undefined. Returns a function
 * that stops it.
 */
export function standInReloader(
  dir: string,
  opts: { intervalMs?: number; onRequest?: (at: number) => void; answer?: (n: number) => StandInAnswer; state?: () => string | undefined } = {},
): () => void {
  let n = 0;
  let handled = '';
  let stateHandled = '';
  const timer = setInterval(() => {
    if (opts.state) {
      let sid = '';
      try {
        sid = readFileSync(join(dir, RELOADER_FILES.stateRequest), 'utf8').trim();
      } catch {
        // no request yet
      }
      const text = sid && sid !== stateHandled ? opts.state() : undefined;
      if (text !== undefined) {
        stateHandled = sid;
        writeFileSync(join(dir, `${RELOADER_FILES.state}.tmp`), `id=${sid}\n${text}`);
        renameSync(join(dir, `${RELOADER_FILES.state}.tmp`), join(dir, RELOADER_FILES.state));
      }
    }
    let id = '';
    try {
      id = readFileSync(join(dir, RELOADER_FILES.request), 'utf8').trim();
    } catch {
      return;
    }
    if (!id || id === handled) return;
    handled = id;
    opts.onRequest?.(performance.now());
    const a = opts.answer?.(++n) ?? { status: 'ok' };
    writeFileSync(join(dir, RELOADER_FILES.result), `id=${id}\nstatus=${a.status}\nstage=${a.stage ?? 'reload'}\ndaemons=zebra:1 bgpd:2\n\n${a.message ?? ''}`);
  }, opts.intervalMs ?? 10);
  return () => clearInterval(timer);
}
