// Gate for end-to-end suites that need real tools (kpt, kustomize, FRR, BIRD,
// kube-apiserver, etcd, root for network namespaces).
//
// Without them a suite is skipped and says why; with REQUIRE_E2E=1 (as .ci/run
// sets) a missing tool is a failure instead.
//
// A suite that needs tools is declared with e2eDescribe(), not describe() with
// `skip`: node's runner counts a skipped describe() among the suites, not in
// the summary's `skipped` (which then said 0 while suites were skipped).
// e2eDescribe() reports a skipped suite as one skipped test with the reason.
import { describe, test, type TestOptions } from 'node:test';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const REQUIRE_E2E = process.env.REQUIRE_E2E === '1';

/** Absolute path of an executable on PATH (or an absolute path that exists), else undefined. */
export function which(cmd: string): string | undefined {
  const candidates = cmd.includes('/') ? [cmd] : (process.env.PATH ?? '').split(delimiter).map((d) => join(d, cmd));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/**
 * Returns false when every requirement holds; otherwise the reason to skip.
 * Under REQUIRE_E2E=1 it throws instead, failing the suite.
 * Each requirement is a command name/path, or a [label, check] pair.
 */
export function missing(...reqs: Array<string | [string, () => boolean]>): string | false {
  const absent: string[] = [];
  for (const r of reqs) {
    if (typeof r === 'string') {
      if (!which(r)) absent.push(r);
    } else if (!r[1]()) absent.push(r[0]);
  }
  if (absent.length === 0) return false;
  const reason = `missing: ${absent.join(', ')} (install them, or see .ci/run)`;
  if (REQUIRE_E2E) throw new Error(`REQUIRE_E2E=1 but ${reason}`);
  return reason;
}

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * describe() for a suite that needs tools: with a skip reason (from missing())
 * it is reported as one skipped test named like the suite, so that the runner
 * counts it in `skipped` and prints the reason; otherwise it is the suite.
 */
export function e2eDescribe(name: string, options: TestOptions, fn: () => void): void {
  if (options.skip) {
    test(name, { skip: options.skip }, () => {});
    return;
  }
  describe(name, options, fn);
}
