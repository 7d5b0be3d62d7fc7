// scripts/mutate.mjs --score (what .ci/run's --changed=recorded prints when
// no line changed): the recorded score, and the files of the scope without
// recorded results. A file without code (types, imports and exports only)
// has no mutant, so Stryker records nothing for it; it is not listed as
// missing (src/metallb/model.ts was, forever, and so was
// src/compile/manifests-reloader.ts, which only re-exports a script).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// The recorded results are the checkout's: not in Stryker's sandbox.
test('the recorded score is printed; a file without code is never named as missing', { skip: existsSync('.git') ? false : 'no git checkout here' }, () => {
  const r = spawnSync(process.execPath, ['scripts/mutate.mjs', '--score'], { encoding: 'utf8' });
  assert.match(r.stdout, /^mutate: recorded results of \d+ files: .*: mutation score [\d.]+ %$/m);
  assert.ok(!r.stdout.includes('src/metallb/model.ts'), r.stdout);
  assert.ok(!r.stdout.includes('src/compile/manifests-reloader.ts'), r.stdout);
  if (/^mutate: \d+ files of the scope have no recorded results yet/m.test(r.stdout)) assert.match(r.stdout, /src\/\w+\/\S+\.ts/);
});
