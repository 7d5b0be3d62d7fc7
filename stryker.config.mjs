// Mutation testing of the semantic core (issue 14): StrykerJS plants small
// bugs (flipped comparisons, dropped conditions, changed constants, emptied
// blocks) one at a time in the files below and runs the unit, golden and
// property suites against each; a mutant no test notices "survives".
// `npm run mutate` runs it (README: "Mutation testing").
//
// Each test file is one test to Stryker (the tap runner runs node's test
// runner per file), so `perTest` coverage runs a mutant only against the test
// files that execute its code. Property tests run with a fixed seed
// (test/lib/property.ts; test/mutation/seed.mjs for fc.assert calls without
// its parameters) and golden files are only compared, never written.
delete process.env.UPDATE_GOLDEN;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  // The tap runner, with each mutant's test files ordered to fail early (test/mutation/tap-runner.mjs).
  plugins: ['@stryker-mutator/*', './test/mutation/tap-runner.mjs', './test/mutation/survivors-reporter.mjs'],
  testRunner: 'tap-ordered',
  tap: {
    // Not the fuzzer (test/property/fuzz.test.ts): it is bounded by time, so
    // whether it catches a mutant would depend on the machine's speed.
    // Not test/unit/release.test.ts either: it copies src/compile/options.ts
    // as text and compares it, and in the sandbox that file is instrumented.
    // Nor the agent's process tests (agent-main, agent-hardening): they run
    // agents with HTTP servers and timers, 7 s a file and longer with the
    // machine busy, where a timing failure would count as a kill; what they
    // reach of the scope (src/agent/reconciler.ts, src/frr) has unit tests.
    testFiles: ['test/unit/!(release|agent-main|agent-hardening).test.ts', 'test/golden/**/*.test.ts', 'test/property/!(fuzz).test.ts'],
    nodeArgs: ['-r', '{{hookFile}}', '--import', './scripts/register.mjs', '--import', './test/mutation/seed.mjs', '{{testFile}}'],
    forceBail: true,
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: ['src/metallb/**/*.ts', 'src/compile/**/*.ts', 'src/frr/**/*.ts', 'src/krm/**/*.ts', 'src/agent/reconciler.ts'],
  coverageAnalysis: 'perTest',
  // One test process at a time: the development machine has 2 cores shared
  // with other work (override with `npm run mutate -- --concurrency N`).
  concurrency: 1,
  timeoutMS: 10000,
  incremental: true,
  incrementalFile: 'test/mutation/stryker-incremental.json',
  // survivors: reports/mutation/survivors.txt, written as the run goes.
  reporters: ['html', 'json', 'clear-text', 'progress', 'survivors'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
