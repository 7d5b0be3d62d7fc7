// Stryker's tap runner (@stryker-mutator/tap-runner), with the test files of
// each mutant run in an order that finds a failure early. The tap runner
// runs a mutant's covering test files one by one and stops at the first that
// fails; it takes them in the dry run's order, which puts the slow review
// tests first. Here the unit tests of the mutated module come first, then
// the other unit tests of its room, the golden tests, the remaining unit
// tests and the property tests last; within each of those, the faster file
// first (as long as the dry run took it). Which files run is unchanged
// (perTest coverage decides), so the order changes the time a run takes,
// never its result.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createTapTestRunnerFactory } from '@stryker-mutator/tap-runner';

// The dry run's time of each test file, for every test runner process: they
// all run in the same sandbox directory, the one this file is written to.
const DURATIONS = '.dry-run-durations.json';
let durations;
function durationOf(file) {
  if (!durations) durations = existsSync(DURATIONS) ? JSON.parse(readFileSync(DURATIONS, 'utf8')) : {};
  return durations[file] ?? 0;
}

const createTapTestRunner = createTapTestRunnerFactory();

/** 'src/frr/merge.ts' → ['frr', 'merge']; 'src/agent/reconciler.ts' → ['agent', 'reconciler']. */
function moduleOf(fileName) {
  const m = /(?:^|[\\/])src[\\/]([^\\/]+)[\\/](?:.*[\\/])?([^\\/]+)\.ts$/.exec(fileName ?? '');
  return m ? [m[1], m[2]] : [undefined, undefined];
}

/** Lower runs first. */
function tier(testFile, room, module) {
  const base = testFile.replace(/^.*[\\/]/, '').replace(/\.test\.ts$/, '');
  const dir = /[\\/](unit|golden|property)[\\/]/.exec(testFile)?.[1];
  if (dir === 'unit' && room && (base === `${room}-${module}` || base.startsWith(`${room}-${module}-`))) return 0;
  if (dir === 'unit' && room && (base === room || base.startsWith(`${room}-`))) return 1;
  if (dir === 'golden') return 2;
  if (dir === 'unit') return 3;
  return 4;
}

export function orderTestFiles(testFiles, mutantFileName) {
  const [room, module] = moduleOf(mutantFileName);
  return testFiles
    .map((file) => ({ file, tier: tier(file, room, module) }))
    .sort((a, b) => a.tier - b.tier || durationOf(a.file) - durationOf(b.file) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map((t) => t.file);
}

function createOrderedTapTestRunner(injector) {
  const inner = createTapTestRunner(injector);
  return {
    capabilities: () => inner.capabilities(),
    init: () => inner.init(),
    dryRun: async (options) => {
      const result = await inner.dryRun(options);
      if (result.status === 'complete') {
        durations = Object.fromEntries(result.tests.map((t) => [t.id, t.timeSpentMs]));
        writeFileSync(DURATIONS, JSON.stringify(durations));
      }
      return result;
    },
    mutantRun: (options) => inner.mutantRun(options.testFilter ? { ...options, testFilter: orderTestFiles(options.testFilter, options.activeMutant.fileName) } : options),
    dispose: async () => inner.dispose?.(),
  };
}
createOrderedTapTestRunner.inject = createTapTestRunner.inject;

export const strykerPlugins = [{ kind: 'TestRunner', name: 'tap-ordered', factory: createOrderedTapTestRunner }];
