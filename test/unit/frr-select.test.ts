// selectForNode(): frr-k8s' node selection (metav1.LabelSelector semantics).
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

const node = { name: 'w1', labels: { 'kubernetes.io/hostname': 'w1', rack: 'r1', role: 'edge' } };
const picked = (configs: FRRConfiguration[]) => selectForNode(configs, node).selected.map((c) => c.metadata.name);

describe('selectForNode', () => {
  it('an absent or empty selector selects every node', () => {
    assert.deepEqual(picked([cfg('absent'), cfg('empty', {}), cfg('empty-lists', { matchLabels: {}, matchExpressions: [] })]), ['absent', 'empty', 'empty-lists']);
  });

  it('matchLabels: every label must match', () => {
    assert.deepEqual(picked([cfg('yes', { matchLabels: { rack: 'r1', role: 'edge' } }), cfg('value', { matchLabels: { rack: 'r2' } }), cfg('absent', { matchLabels: { gpu: 'true' } })]), ['yes']);
  });

  it('matchExpressions: In, NotIn, Exists, DoesNotExist', () => {
    const e = (operator: string, key: string, values?: string[]) => cfg(`${operator}-${key}${values ? `-${values.join('.')}` : ''}`, { matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });
    assert.deepEqual(
      picked([
        e('In', 'rack', ['r1', 'r2']),
        e('In', 'rack', ['r3']),
        e('In', 'gpu', ['x']),
        e('NotIn', 'rack', ['r3']),
        e('NotIn', 'rack', ['r1']),
        e('NotIn', 'gpu', ['x']),
        e('Exists', 'role'),
        e('Exists', 'gpu'),
        e('DoesNotExist', 'gpu'),
        e('DoesNotExist', 'role'),
      ]),
      ['In-rack-r1.r2', 'NotIn-rack-r3', 'NotIn-gpu-x', 'Exists-role', 'DoesNotExist-gpu'],
    );
  });

  it('labels and expressions together must all hold', () => {
    assert.deepEqual(picked([cfg('both', { matchLabels: { rack: 'r1' }, matchExpressions: [{ key: 'role', operator: 'NotIn', values: ['edge'] }] })]), []);
  });

  it('a selector that cannot be evaluated is an error naming the field, and selects nothing', () => {
    const r = selectForNode([cfg('bad', { matchExpressions: [{ key: 'rack', operator: 'Exists', values: ['r1'] }] })], node);
    assert.deepEqual(r.selected, []);
    assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.ref?.name, d.field]), [['error', 'bad', 'spec.nodeSelector.matchExpressions[0].values']]);
    assert.match(r.diagnostics[0].message, /operator Exists takes no values; the selector cannot be evaluated for node w1/);
  });

  it('a selector of the wrong shape (from a file, not the API server) is an error naming the field, never a crash or a silent mismatch', () => {
    const cases: Array<[unknown, string, string]> = [
      ['rack=r1', 'spec.nodeSelector', 'must be of type object'],
      [{ matchLabels: [] }, 'spec.nodeSelector.matchLabels', 'must be of type object'],
      [{ matchLabels: { rack: 1 } }, 'spec.nodeSelector.matchLabels.rack', 'must be of type string'],
      [{ matchExpressions: 'rack' }, 'spec.nodeSelector.matchExpressions', 'must be of type array'],
      [{ matchExpressions: [null] }, 'spec.nodeSelector.matchExpressions[0]', 'must be of type object'],
      // A string where the list of values belongs would match by substring.
      [{ matchExpressions: [{ key: 'rack', operator: 'In', values: 'r1r2' }] }, 'spec.nodeSelector.matchExpressions[0].values', 'must be of type array'],
      [{ matchLabels: { rack: 'r1' }, matchLabel: { role: 'edge' } }, 'spec.nodeSelector.matchLabel', 'unknown field "matchLabel"'],
    ];
    for (const [sel, field, says] of cases) {
      const r = selectForNode([cfg('bad', sel as LabelSelector)], node);
      assert.deepEqual(r.selected, [], JSON.stringify(sel));
      assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.ref?.name, d.field, d.message]), [['error', 'bad', field, `${says}; the selector cannot be evaluated for node w1`]], JSON.stringify(sel));
    }
  });
});
