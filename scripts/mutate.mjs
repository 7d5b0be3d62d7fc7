// Mutation testing of the semantic core (stryker.config.mjs; README:
// "Mutation testing").
//   node scripts/mutate.mjs                  every mutant not already in
//                                            test/mutation/stryker-incremental.json
//                                            with unchanged code and tests
//   node scripts/mutate.mjs --force          every mutant again
//   node scripts/mutate.mjs --changed[=REV]  only the mutants on source lines
//                                            changed since REV (default
//                                            $MUTATE_BASE, else HEAD^: the
//                                            commit's first parent); the others
//                                            keep their results from the
//                                            incremental file (CI)
// Other arguments go to `stryker run`. Builds first: the tests need
// src/api/generated and dist/.
import { spawnSync } from 'node:child_process';

const SCOPE = ['src/metallb/', 'src/compile/', 'src/frr/', 'src/krm/', 'src/agent/reconciler.ts'];

const args = process.argv.slice(2);
const changedArg = args.find((a) => a === '--changed' || a.startsWith('--changed='));
const strykerArgs = args.filter((a) => a !== changedArg);

/** `file:start-end` for every changed line range of a file in the scope. */
function changedRanges(base) {
  const r = spawnSync('git', ['diff', '--unified=0', '--no-color', '--no-ext-diff', base, '--', ...SCOPE], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`mutate: git diff ${base} failed: ${r.stderr.trim()}`);
    process.exit(2);
  }
  const ranges = [];
  let file;
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('+++ ')) {
      file = line === '+++ /dev/null' ? undefined : line.slice('+++ b/'.length);
      if (file && !/\.ts$/.test(file)) file = undefined;
    } else if (file && line.startsWith('@@ ')) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      // A pure deletion (count 0) changes the code around it: the lines on either side.
      ranges.push(count === 0 ? `${file}:${Math.max(start, 1)}-${start + 1}` : `${file}:${start}-${start + count - 1}`);
    }
  }
  return ranges;
}

const env = { ...process.env };
delete env.UPDATE_GOLDEN;

if (changedArg) {
  const base = changedArg.includes('=') ? changedArg.slice('--changed='.length) : process.env.MUTATE_BASE || 'HEAD^';
  const ranges = changedRanges(base);
  if (ranges.length === 0) {
    console.log(`mutate: no line of ${SCOPE.join(', ')} changed since ${base}; nothing to test`);
    process.exit(0);
  }
  console.log(`mutate: ${ranges.length} changed range(s) since ${base}:\n  ${ranges.join('\n  ')}`);
  strykerArgs.push('--mutate', ranges.join(','));
}

const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync(process.execPath, ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', ...strykerArgs], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
