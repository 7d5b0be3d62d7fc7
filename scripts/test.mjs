// Runs the test suites with node's built-in runner (TypeScript through tsx,
// shell scripts as text: scripts/register.mjs).
//   node scripts/test.mjs            all suites: unit, golden, property, e2e
//   node scripts/test.mjs unit e2e   only those
// End-to-end suites skip with a visible reason when a tool is missing, counted
// in the summary's `skipped` (test/lib/e2e.ts e2eDescribe), unless
// REQUIRE_E2E=1 (CI), where a missing tool fails the run.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const suites = process.argv.slice(2).length ? process.argv.slice(2) : ['unit', 'golden', 'property', 'e2e'];
const files = [];
function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (e.endsWith('.test.ts')) files.push(p);
  }
}
for (const s of suites) walk(join('test', s));
if (files.length === 0) {
  console.error(`no test files under ${suites.map((s) => 'test/' + s).join(', ')}`);
  process.exit(1);
}
// Three test files at a time (node's default is one per core but one, so one
// on a 2-core machine): the end-to-end files mostly wait for BGP timers, API
// servers and a 30 s outage, each in namespaces, directories and ports of
// its own, so they overlap safely (the whole run: about 3 min -> 1.3 min on 2
// cores). TEST_CONCURRENCY=1 runs them one by one.
const args = ['--import', './scripts/register.mjs', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.TEST_CONCURRENCY || 3}`];
const r = spawnSync(process.execPath, [...args, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
