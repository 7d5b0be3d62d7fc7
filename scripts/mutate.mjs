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
//   node scripts/mutate.mjs --changed=recorded
//                                            the same, since the commit that
//                                            last recorded the results
//                                            (test/mutation/stryker-incremental.json);
//                                            .ci/run runs this
//   node scripts/mutate.mjs --score         runs nothing: the recorded score,
//                                            checked against the break
//                                            threshold, and the files of the
//                                            scope without results
// With --changed and no line changed, nothing is run: the score is the
// recorded one, checked against the break threshold all the same.
// Other arguments go to `stryker run`. Builds first: the tests need
// src/api/generated and dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { calculateMetrics } from 'mutation-testing-metrics';
import ts from 'typescript';
import config from '../stryker.config.mjs';

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

/** The TypeScript files of the scope that hold code, as the results name them. */
function scopeFiles() {
  return SCOPE.flatMap((s) =>
    s.endsWith('.ts') ? [s] : readdirSync(s, { recursive: true }).filter((f) => f.endsWith('.ts')).map((f) => `${s}${f}`),
  ).filter((f) => !withoutCode(f)).sort();
}

/**
 * Whether a file holds no code: types, imports and exports only
 * (src/metallb/model.ts, src/compile/manifests-reloader.ts). It has no
 * mutant, so Stryker records nothing for it.
 */
function withoutCode(file) {
  const { statements } = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  return statements.every((st) =>
    ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isImportDeclaration(st) || ts.isExportDeclaration(st));
}

/** The commit that last changed the recorded results; undefined when they were never committed. */
function recordedAt() {
  const r = spawnSync('git', ['log', '-1', '--format=%H', '--', config.incrementalFile], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : undefined;
}

/** The score of the recorded results, as Stryker computes it; exits as Stryker would at the break threshold. */
function checkRecorded() {
  if (!existsSync(config.incrementalFile)) {
    console.error(`mutate: no recorded results in ${config.incrementalFile}; run \`npm run mutate\` once`);
    process.exit(1);
  }
  const { files } = JSON.parse(readFileSync(config.incrementalFile, 'utf8'));
  const { metrics } = calculateMetrics(files);
  const score = metrics.mutationScore;
  const missing = scopeFiles().filter((f) => !(f in files));
  console.log(
    `mutate: recorded results of ${Object.keys(files).length} files: ${metrics.killed} killed, ${metrics.timeout} timed out, ` +
      `${metrics.survived} survived, ${metrics.noCoverage} not covered (${metrics.compileErrors} compile errors): mutation score ${score.toFixed(2)} %`,
  );
  if (missing.length > 0) console.log(`mutate: ${missing.length} files of the scope have no recorded results yet (\`npm run mutate\` adds them): ${missing.join(', ')}`);
  if (score < config.thresholds.break) {
    console.error(`mutate: the score ${score.toFixed(2)} % is below the break threshold ${config.thresholds.break} %`);
    process.exit(1);
  }
  process.exit(0);
}

const env = { ...process.env };
delete env.UPDATE_GOLDEN;
// The conformance test finds MetalLB's examples at ../shared from the
// project; Stryker runs the tests in a sandbox below .stryker-tmp, so it is
// told where they are.
const shared = resolve('..', 'shared');
if (env.METALLB_FRR_SHARED === undefined && existsSync(shared)) env.METALLB_FRR_SHARED = shared;

if (args.includes('--score')) checkRecorded();

if (changedArg) {
  let base = changedArg.includes('=') ? changedArg.slice('--changed='.length) : process.env.MUTATE_BASE || 'HEAD^';
  if (base === 'recorded') {
    base = recordedAt();
    if (!base) {
      console.error(`mutate: ${config.incrementalFile} was never committed; run \`npm run mutate\` and commit it`);
      process.exit(1);
    }
  }
  const ranges = changedRanges(base);
  if (ranges.length === 0) {
    console.log(`mutate: no line of ${SCOPE.join(', ')} changed since ${base}; nothing to test`);
    checkRecorded();
  }
  console.log(`mutate: ${ranges.length} changed range(s) since ${base}:\n  ${ranges.join('\n  ')}`);
  strykerArgs.push('--mutate', ranges.join(','));
}

const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync(process.execPath, ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', ...strykerArgs], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
