// Golden files of the review emitters: diff in text, markdown and json, and
// explain in text and json, on test/golden/review/{old,new} (the seed with
// three Nodes; the new revision limits the advertisement to rack r1, tags it
// with a community, sets timers, accepts every route, changes raw
// configuration and removes a peer). No password of the inputs appears.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runDiff } from '../../fn/diff.ts';
import { runExplain } from '../../fn/explain.ts';
import { expectGolden } from '../lib/golden.ts';

const dir = join(import.meta.dirname, 'review');
const noStdin = () => '';

test('review golden: diff text, markdown and json', () => {
  for (const [output, file] of [['text', 'diff.txt'], ['markdown', 'diff.md'], ['json', 'diff.json']]) {
    const r = runDiff(['old', 'new', '--output', output, '--forbid', 'session-removal', '--forbid', 'node-isolation', '--max-withdrawn', '50%'], noStdin, { cwd: dir });
    assert.equal(r.code, 3, r.stderr);
    assert.ok(!(r.stdout + r.stderr).includes('golden-raw-pw'));
    expectGolden(join(dir, file), r.stdout);
  }
});

test('review golden: explain text and json', () => {
  let r = runExplain(['new', '--node', 'worker-3', '--prefix', '10.200.0.0/24'], noStdin, { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  expectGolden(join(dir, 'explain.txt'), r.stdout);
  r = runExplain(['new', '--node', 'worker-1', '--peer', 'tor-switch', '-o', 'json'], noStdin, { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  expectGolden(join(dir, 'explain.json'), r.stdout);
});
