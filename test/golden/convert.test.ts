// Golden tests of `metallb-frr convert-configmap` (MetalLB's pre-0.13
// ConfigMap to MetalLB resources, mapped as MetalLB's configmaptocrs maps
// them): each directory under test/golden/convert holds input.yaml, the
// expected output.yaml (stdout) and stderr.txt. The conformance test runs
// MetalLB's own test data through it where ../shared has it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runConvert } from '../../fn/convert.ts';
import { expectGolden } from '../lib/golden.ts';

const root = join(import.meta.dirname, 'convert');

for (const name of readdirSync(root).sort()) {
  test(`convert-configmap golden: ${name}`, () => {
    const dir = join(root, name);
    const input = readFileSync(join(dir, 'input.yaml'), 'utf8');
    const r = runConvert(['-'], () => input);
    assert.equal(r.code, r.stdout === '' ? 1 : 0, r.stderr);
    expectGolden(join(dir, 'output.yaml'), r.stdout);
    expectGolden(join(dir, 'stderr.txt'), r.stderr);
  });
}
