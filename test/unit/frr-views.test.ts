// views.ts: what each node (or node selector group) runs, as the review tools
// and the preview name and order it: the merge order of the sources, the
// groups' readable unique names, and how a selector reads in output.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FRRConfiguration } from '../../src/api/frrk8s.ts';
import type { LabelSelector } from '../../src/api/k8s.ts';
import { merge, noSecrets, renderNode } from '../../src/frr/index.ts';
import { describeSelector, groupName, nodeViews, selectorViews } from '../../src/frr/views.ts';

const cfg = (name: string | undefined, namespace: string | undefined, nodeSelector?: LabelSelector): FRRConfiguration =>
  ({
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { ...(name === undefined ? {} : { name }), ...(namespace === undefined ? {} : { namespace }) },
    spec: nodeSelector ? { nodeSelector } : {},
  }) as FRRConfiguration;

const sourceNames = (configs: FRRConfiguration[]) => selectorViews(configs)[0].sources.map((r) => `${r.namespace ?? ''}/${r.name ?? ''}`);
const nodeSourceNames = (configs: FRRConfiguration[]) => nodeViews(configs, [{ name: 'n1', labels: {} }])[0].sources.map((r) => `${r.namespace ?? ''}/${r.name ?? ''}`);

describe('views: sources in merge order', () => {
  // Names and namespaces sort by code unit; digits sort before upper case,
  // so an absent one must count as '' (not as any other text) to come first.
  it('an absent namespace counts as empty: that configuration comes first, whatever the input order', () => {
    const none = cfg('a', undefined);
    const zero = cfg('a', '0-ns');
    for (const input of [[none, zero], [zero, none]]) {
      assert.deepEqual(sourceNames(input), ['/a', '0-ns/a']);
      assert.deepEqual(nodeSourceNames(input), ['/a', '0-ns/a']);
    }
  });

  it('an absent name counts as empty: that configuration comes first in its namespace, whatever the input order', () => {
    const none = cfg(undefined, 'ns');
    const zero = cfg('0-a', 'ns');
    for (const input of [[none, zero], [zero, none]]) assert.deepEqual(sourceNames(input), ['ns/', 'ns/0-a']);
  });

  // A file (the agent's --from-dir) can hold a map where a name goes; one
  // with a toString key cannot even be compared (it threw "Cannot convert
  // object to primitive value" from the sort: the agent's reconcile failed
  // with an internal error).
  it('a name or namespace that is no string counts as empty too, and breaks nothing', () => {
    const oddName = { ...cfg('x', 'ns'), metadata: { name: { toString: 0 }, namespace: 'ns' } } as unknown as FRRConfiguration;
    const oddNamespace = { ...cfg('y', 'ns'), metadata: { name: 'y', namespace: { toString: 0 } } } as unknown as FRRConfiguration;
    const zero = cfg('0-a', 'ns');
    for (const input of [[oddName, zero], [zero, oddName]]) {
      assert.deepEqual(sourceNames(input), ['ns/', 'ns/0-a']);
      assert.deepEqual(nodeSourceNames(input), ['ns/', 'ns/0-a']);
      assert.ok(merge(input).merged);
    }
    for (const input of [[oddNamespace, zero], [zero, oddNamespace]]) {
      assert.deepEqual(sourceNames(input), ['/y', 'ns/0-a']);
      assert.deepEqual(renderNode(input, { name: 'n1', labels: {} }, noSecrets, {}).selected.map((r) => r.name), ['y', '0-a']);
    }
  });
});

describe('views: group names', () => {
  it('every node: "all-nodes"; matchLabels: the keys (without prefix) and values; expressions: "selector"', () => {
    assert.equal(groupName({}), 'all-nodes');
    assert.equal(groupName({ matchLabels: {}, matchExpressions: [] }), 'all-nodes');
    assert.equal(groupName({ matchLabels: { 'topology.kubernetes.io/zone': 'Z1', rack: 'r1' } }), 'rack-r1-zone-z1');
    assert.equal(groupName({ matchExpressions: [{ key: 'rack', operator: 'Exists' }] }), 'selector');
    assert.equal(groupName({ matchLabels: { rack: 'r1' }, matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }), 'selector');
  });

  it('labels that leave no name character give "selector"', () => {
    assert.equal(groupName({ matchLabels: { 'example.com/': '_' } }), 'selector');
  });

  it('groups with one name get -2, -3 in the order of their selectors', () => {
    const views = selectorViews([
      cfg('c', 'ns', { matchExpressions: [{ key: 'c', operator: 'Exists' }] }),
      cfg('a', 'ns', { matchExpressions: [{ key: 'a', operator: 'Exists' }] }),
      cfg('b', 'ns', { matchExpressions: [{ key: 'b', operator: 'Exists' }] }),
    ]);
    assert.deepEqual(
      views.map((v) => [v.name, v.sources[0].name]),
      [
        ['selector', 'a'],
        ['selector-2', 'b'],
        ['selector-3', 'c'],
      ],
    );
  });
});

describe('views: describeSelector', () => {
  it('the empty selector is "every node"', () => {
    assert.equal(describeSelector({}), 'every node');
    assert.equal(describeSelector({ matchLabels: {}, matchExpressions: [] }), 'every node');
  });

  it('labels as key=value in key order, then each expression as written, joined by ", "', () => {
    assert.equal(
      describeSelector({
        matchLabels: { zone: 'z1', rack: 'r1' },
        matchExpressions: [
          { key: 'gpu', operator: 'Exists' },
          { key: 'spot', operator: 'DoesNotExist' },
          { key: 'role', operator: 'In', values: ['edge', 'core'] },
          { key: 'tier', operator: 'NotIn', values: ['test'] },
          { key: 'pool', operator: 'In' },
        ],
      }),
      'nodes matching rack=r1, zone=z1, gpu, !spot, role in (edge,core), tier notin (test), pool in ()',
    );
  });
});
