// examples/seed/generated, committed so that readers see what the function
// makes of the walkthrough, is what `kpt fn render examples/seed --allow-exec`
// writes (test/lib/kpt-render.ts computes it in-process; test/e2e/kpt.test.ts
// holds that to be byte for byte kpt's). UPDATE_GOLDEN=1 rewrites the folder,
// stale files removed; read the diff before committing it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UPDATE } from '../lib/golden.ts';
import { ROOT, snapshot } from '../lib/fixtures.ts';
import { renderedGenerated } from '../lib/kpt-render.ts';

const SEED = join(ROOT, 'examples', 'seed');
const GENERATED = join(SEED, 'generated');

test('examples/seed/generated is what kpt fn render writes (UPDATE_GOLDEN=1 rewrites it)', () => {
  const fresh = renderedGenerated(SEED, 'fn-config.yaml');
  if (UPDATE) {
    rmSync(GENERATED, { recursive: true, force: true });
    for (const [file, text] of Object.entries(fresh)) {
      mkdirSync(dirname(join(GENERATED, file)), { recursive: true });
      writeFileSync(join(GENERATED, file), text);
    }
    return;
  }
  assert.deepEqual(snapshot(GENERATED), fresh, 'examples/seed/generated is stale: UPDATE_GOLDEN=1 npm test (or kpt fn render examples/seed --allow-exec) rewrites it');
});
