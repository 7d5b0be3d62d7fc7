// Golden tests of the compile stage: each directory under test/golden/compile
// holds input.yaml (a manifest stream; a MetalLBFRR object or a ConfigMap in
// it is the function's configuration) and the expected output.yaml (the
// generated FRRConfigurations) and diagnostics.txt (results, one per line).
// Every generated FRRConfiguration must pass the project's frr-k8s schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import { compileFRRConfigurations } from '../../src/compile/frrconfig.ts';
import { formatStream, parseStream } from '../../src/krm/stream.ts';
import { parseMetalLB } from '../../src/metallb/parse.ts';
import { readFunctionConfig } from '../../src/compile/function-config.ts';
import { validatorFor } from '../../src/api/validate.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { expectGolden } from '../lib/golden.ts';

const validateFRRConfiguration = validatorFor('frrk8s.metallb.io/v1beta1', 'FRRConfiguration')!;

const root = join(import.meta.dirname, 'compile');

for (const name of readdirSync(root).sort()) {
  test(`compile golden: ${name}`, () => {
    const dir = join(root, name);
    const objs = parseStream(readFileSync(join(dir, 'input.yaml'), 'utf8'), 'input.yaml').map((s) => s.obj);
    const isConfig = (o: (typeof objs)[number]) => o.kind === 'MetalLBFRR' || (o.kind === 'ConfigMap' && o.metadata?.annotations?.['config.kubernetes.io/local-config'] === 'true');
    const diags = new Diagnostics();
    const cfg = readFunctionConfig(objs.find(isConfig), diags);
    const model = parseMetalLB(objs.filter((o) => !isConfig(o)), cfg, diags);
    const configs = model ? compileFRRConfigurations(model, cfg, diags) : [];
    for (const c of configs) {
      assert.ok(validateFRRConfiguration(c), `${c.metadata.name} fails the FRRConfiguration schema: ${JSON.stringify(validateFRRConfiguration.errors)}`);
    }
    expectGolden(join(dir, 'output.yaml'), configs.length ? formatStream(configs as unknown as KubeObject[]) : '');
    expectGolden(join(dir, 'diagnostics.txt'), diags.list.map((d) => formatDiagnostic(d) + '\n').join(''));
  });
}
