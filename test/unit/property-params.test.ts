// Every property test takes its fast-check parameters from test/lib/property.ts
// (a fixed seed under npm test, a random one under npm run fuzz, the seed and
// path printed on failure), so that a red run can always be replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../lib/fixtures.ts';

function testFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) testFiles(p, out);
    else if (e.endsWith('.ts')) out.push(p);
  }
  return out;
}

test('every fc.assert / fc.check call passes fcParams(...)', () => {
  const bad: string[] = [];
  for (const f of testFiles(join(ROOT, 'test'))) {
    const text = readFileSync(f, 'utf8');
    const calls = text.match(/\bfc\.(assert|check)\(/g)?.length ?? 0;
    const params = text.match(/\bfcParams\(/g)?.length ?? 0;
    if (calls > params) bad.push(`${relative(ROOT, f)}: ${calls} property runs, ${params} fcParams`);
  }
  assert.deepEqual(bad, []);
});
