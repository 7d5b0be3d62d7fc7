// Stryker's tap runner (@stryker-mutator/tap-runner), with the test files of
// each mutant run in an order that finds a failure early. The tap runner
// runs a mutant's covering test files one by one and stops at the first that
// fails; it takes them in the dry run's order, which puts the slow review
// tests first. Here the unit tests of the mutated module come first, then
// the other unit tests of its room, the golden tests, the remaining unit
// tests and the property tests last. Which files run is unchanged (perTest
// coverage decides), so the order changes the time a run takes, never its
// result.
import { createTapTestRunnerFactory } from '@stryker-mutator/tap-runner';

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
    .sort((a, b) => a.tier - b.tier || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map((t) => t.file);
}

function createOrderedTapTestRunner(injector) {
  const inner = createTapTestRunner(injector);
  return {
    capabilities: () => inner.capabilities(),
    init: () => inner.init(),
    dryRun: (options) => inner.dryRun(options),
    mutantRun: (options) => inner.mutantRun(options.testFilter ? { ...options, testFilter: orderTestFiles(options.testFilter, options.activeMutant.fileName) } : options),
    dispose: async () => inner.dispose?.(),
  };
}
createOrderedTapTestRunner.inject = createTapTestRunner.inject;

export const strykerPlugins = [{ kind: 'TestRunner', name: 'tap-ordered', factory: createOrderedTapTestRunner }];
