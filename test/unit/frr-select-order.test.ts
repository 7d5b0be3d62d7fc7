// selectForNode(): the selection comes in input order, however each selector
// is matched (one label: looked up by value; others: one by one), and a spec
// of any shape is read without a crash.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import type { LabelSelector } from '../../src/api/k8s.ts';
import { selectForNode } from '../../src/frr/index.ts';

const cfg = (name: string, nodeSelector?: LabelSelector): FRRConfiguration => ({
  apiVersion: 'frrk8s.metallb.io/v1beta1',
  kind: 'FRRConfiguration',
  metadata: { name, namespace: 'frr-k8s-system' },
  spec: nodeSelector === undefined ? {} : { nodeSelector },
});
const node = { name: 'w1', labels: { 'kubernetes.io/hostname': 'w1', rack: 'r1' } };

describe('selectForNode: order and shapes', () => {
  it('keeps the input order across both ways of matching', () => {
    const configs = [cfg('z-expr', { matchExpressions: [{ key: 'rack', operator: 'Exists' }] }), cfg('a-host', { matchLabels: { 'kubernetes.io/hostname': 'w1' } }), cfg('m-all'), cfg('b-rack', { matchLabels: { rack: 'r1' } })];
    for (const input of [configs, [...configs].reverse()]) {
      assert.deepEqual(
        selectForNode(input, node).selected.map((c) => c.metadata.name),
        input.map((c) => c.metadata.name),
      );
    }
  });

  it('a spec that is null, no map, or without nodeSelector selects every node', () => {
    for (const spec of [null, 5, 'x', [], {}]) {
      const c = { ...cfg('odd'), spec } as unknown as FRRConfiguration;
      const r = selectForNode([c], node);
      assert.deepEqual([r.selected.length, r.diagnostics], [1, []], JSON.stringify(spec));
    }
  });
});
