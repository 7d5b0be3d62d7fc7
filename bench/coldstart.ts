// Cold start of the function: the seed example through dist/metallb-frr
// (stdin → stdout), against `node -e 0` measured in the same run, interleaved
// so that both see the same machine load. Reports medians and their ratio.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BIN, requireBuild, resourceListFromDir, ROOT } from '../test/lib/fixtures.ts';
import type { Measurement } from './types.ts';

function timeOnce(args: string[], input?: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { input, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchColdStart(runs = 25): Promise<Measurement[]> {
  requireBuild();
  const input = resourceListFromDir(join(ROOT, 'examples', 'seed'), 'fn-config.yaml');
  const bare: number[] = [];
  const fn: number[] = [];
  for (let i = 0; i < 3; i++) {
    timeOnce(['-e', '0']);
    timeOnce([BIN], input);
  }
  for (let i = 0; i < runs; i++) {
    bare.push(timeOnce(['-e', '0']));
    fn.push(timeOnce([BIN], input));
  }
  const b = median(bare);
  const f = median(fn);
  return [
    { name: 'node -e 0 (baseline)', value: b, unit: 'ms', note: `median of ${runs}` },
    { name: 'function cold start, seed example', value: f, unit: 'ms', note: `median of ${runs}` },
    { name: 'cold start ratio (function / node -e 0)', value: f / b, unit: 'x', note: 'aim <= 1.5' },
  ];
}
