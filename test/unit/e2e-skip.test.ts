// Suites skipped for a missing tool must count as skips in the runner's
// summary (node counts a skipped describe() among the suites only, so
// `npm test` said "skipped 0" while e2e suites were skipped), show their
// reason, and fail under REQUIRE_E2E=1.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../lib/fixtures.ts';

const E2E_LIB = join(ROOT, 'test', 'lib', 'e2e.ts');

/** Runs one test file with the project's runner setup; returns its TAP output. */
function runTestFile(source: string, env: NodeJS.ProcessEnv = {}): { status: number | null; out: string } {
  const t = tempDir('skip');
  try {
    const file = join(t.dir, 'x.test.ts');
    writeFileSync(file, source);
    // A fresh runner: without NODE_TEST_CONTEXT, which marks this process's children as its subtests.
    const childEnv: NodeJS.ProcessEnv = { ...process.env, REQUIRE_E2E: '', ...env };
    delete childEnv.NODE_TEST_CONTEXT;
    const r = spawnSync(process.execPath, ['--import', join(ROOT, 'scripts', 'register.mjs'), '--test', '--test-reporter=tap', file], { cwd: ROOT, encoding: 'utf8', env: childEnv });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    t.cleanup();
  }
}

const summary = (out: string, key: string): number => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(out)?.[1]);

describe('skipped end-to-end suites', () => {
  it('a suite whose tool is missing counts as one skip, with its reason', () => {
    const r = runTestFile(`import { it } from 'node:test';
import { e2eDescribe, missing } from ${JSON.stringify(E2E_LIB)};
e2eDescribe('needs a tool', { skip: missing('metallb-frr-no-such-tool') }, () => { it('a', () => {}); it('b', () => {}); });
e2eDescribe('has its tools', { skip: missing('node') }, () => { it('c', () => {}); });
`);
    assert.equal(r.status, 0, r.out);
    assert.equal(summary(r.out, 'skipped'), 1, r.out);
    assert.equal(summary(r.out, 'pass'), 1, r.out);
    assert.match(r.out, /needs a tool # SKIP missing: metallb-frr-no-such-tool/);
  });

  it('under REQUIRE_E2E=1 a missing tool fails the file', () => {
    const r = runTestFile(`import { it } from 'node:test';
import { e2eDescribe, missing } from ${JSON.stringify(E2E_LIB)};
e2eDescribe('needs a tool', { skip: missing('metallb-frr-no-such-tool') }, () => { it('a', () => {}); });
`, { REQUIRE_E2E: '1' });
    assert.notEqual(r.status, 0, r.out);
    assert.match(r.out, /REQUIRE_E2E=1 but missing: metallb-frr-no-such-tool/);
    assert.equal(summary(r.out, 'skipped'), 0, r.out);
  });

  it('no test file skips a suite through describe() (uncounted); they use e2eDescribe', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir)) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(join(ROOT, 'test'));
    const offenders = files.filter((f) => /(^|[^.\w])describe\([^\n]*\bskip\b/m.test(readFileSync(f, 'utf8').replace(/^\s*(\/\/|\/\*|\*).*$/gm, '')));
    assert.deepEqual(offenders.map((f) => f.slice(ROOT.length + 1)), []);
  });
});
