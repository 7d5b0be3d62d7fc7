// The GitHub Actions workflows are linted by actionlint (expressions, contexts,
// action inputs, and with shellcheck on PATH the `run:` scripts): the release
// workflow (.github/workflows) and the CI example a user copies there
// (examples/ci/github-actions.yaml). actionlint comes from scripts/tools.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { missing, which } from '../lib/e2e.ts';
import { ROOT } from '../lib/fixtures.ts';
import { TOOLS_BIN } from './lib/apiserver.ts';

const ACTIONLINT = existsSync(join(TOOLS_BIN, 'actionlint')) ? join(TOOLS_BIN, 'actionlint') : which('actionlint') ?? 'actionlint';

test('actionlint: the workflows and the CI example', { skip: missing(ACTIONLINT) }, () => {
  const dir = join(ROOT, '.github', 'workflows');
  const files = [...readdirSync(dir).map((f) => join(dir, f)), join(ROOT, 'examples', 'ci', 'github-actions.yaml')];
  assert.ok(files.length >= 2);
  const r = spawnSync(ACTIONLINT, ['-no-color', ...files], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});
