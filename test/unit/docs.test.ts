// What fn/README.md says of the manifests is what they are: the rbac row
// names every rule the agent is granted, with exactly its verbs (it listed
// get, patch and more after they were dropped from the code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileManifests } from '../../src/compile/manifests.ts';
import { manifestsDefaults } from '../../src/compile/options.ts';
import { ROOT } from '../lib/fixtures.ts';

/** How the README names each resource. */
const NAMES: Record<string, string> = {
  frrconfigurations: 'FRRConfigurations',
  secrets: 'Secrets',
  nodes: 'Nodes',
  frrnodestates: 'FRRNodeStates',
  'frrnodestates/status': 'FRRNodeStates/status',
  bgpsessionstates: 'BGPSessionStates',
  'bgpsessionstates/status': 'BGPSessionStates/status',
  events: 'Events',
};

test("fn/README.md's rbac row: every rule the manifests grant, with its verbs, and nothing else", () => {
  const row = readFileSync(join(ROOT, 'fn', 'README.md'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('| `rbac` |'));
  assert.ok(row, 'fn/README.md has a row for the rbac group');
  const said = [...row.matchAll(/([A-Za-z/]+): ([a-z]+(?:, [a-z]+)*)/g)].map((m) => `${m[1]}: ${m[2]}`).sort();
  const rules = compileManifests('frr-k8s-system', manifestsDefaults())
    .filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole')
    .flatMap((o) => (o.rules as Array<{ resources: string[]; verbs: string[] }>).flatMap((r) => r.resources.map((res) => `${NAMES[res] ?? `(unnamed: ${res})`}: ${r.verbs.join(', ')}`)))
    .sort();
  assert.deepEqual(said, rules);
});
