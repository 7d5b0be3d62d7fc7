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
const args = ['--import', './scripts/register.mjs', '--test', '--test-reporter=spec'];
if (process.env.TEST_CONCURRENCY) args.push(`--test-concurrency=${process.env.TEST_CONCURRENCY}`);
const r = spawnSync(process.execPath, [...args, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
