// The CRDs' schemas (src/compile/manifests-crds.ts) are deep copies of the
// schemas the function validates with: nothing done to an emitted CRD can
// change what the validators accept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bgpSessionStateStatus, frrConfigurationSpec, frrNodeStateStatus } from '../../src/api/generated/crd-schemas.js';
import { bgpSessionStateCRD, frrConfigurationCRD, frrNodeStateCRD } from '../../src/compile/manifests-crds.ts';

function objectsIn(v: unknown, out = new Set<object>()): Set<object> {
  if (v && typeof v === 'object' && !out.has(v)) {
    out.add(v);
    for (const x of Object.values(v)) objectsIn(x, out);
  }
  return out;
}

test('no object of an emitted CRD is shared with the validators\' schemas', () => {
  const sources = objectsIn([frrConfigurationSpec, frrNodeStateStatus, bgpSessionStateStatus]);
  for (const crd of [frrConfigurationCRD({}), frrNodeStateCRD({}), bgpSessionStateCRD({})]) {
    const shared = [...objectsIn(crd)].filter((o) => sources.has(o));
    assert.deepEqual(shared, [], `${crd.metadata?.name} shares ${JSON.stringify(shared).slice(0, 200)}`);
  }
  // And the copy has every nested schema (not only properties and items) in it.
  const spec = (frrConfigurationCRD({}).spec as any).versions[0].schema.openAPIV3Schema.properties.spec;
  assert.deepEqual(JSON.parse(JSON.stringify(spec)).properties.nodeSelector, JSON.parse(JSON.stringify((frrConfigurationSpec as any).properties.nodeSelector)));
});
