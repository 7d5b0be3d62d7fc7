// The reloader is a real shell script: shellcheck it as the POSIX sh it runs
// under (BusyBox sh in the FRR image, dash in the tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { missing } from '../lib/e2e.ts';
import { ROOT } from '../lib/fixtures.ts';

const SCRIPTS = ['src/compile/frr-reloader.sh'];

test('shellcheck: the shipped shell scripts', { skip: missing('shellcheck') }, () => {
  for (const s of SCRIPTS) {
    const r = spawnSync('shellcheck', ['--shell=sh', '--severity=style', join(ROOT, s)], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${s}:\n${r.stdout}${r.stderr}`);
  }
});
