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

describe('views: a selector that cannot be evaluated', () => {
  const withRouter = (c: FRRConfiguration): FRRConfiguration => ({ ...c, spec: { ...c.spec, bgp: { routers: [{ asn: 65001 }] } } });
  const bad = withRouter(cfg('bad', 'ns', { matchExpressions: [{ key: 'a', operator: 'Bogus' }] }));
  const good = withRouter(cfg('good', 'ns'));

  it('fails each node it would reach: the view has the error and nothing merged', () => {
    const [view] = nodeViews([good, bad], [{ name: 'n1', labels: {} }]);
    assert.equal(view.merged, undefined);
    assert.deepEqual(
      view.diagnostics.map((d) => [d.severity, d.ref?.name, d.field]),
      [['error', 'bad', 'spec.nodeSelector.matchExpressions[0].operator']],
    );
    assert.match(view.diagnostics[0].message, /^unknown operator "Bogus" .*; the selector cannot be evaluated for node n1$/);
  });

  it('each such configuration is a group of its own', () => {
    const other = withRouter(cfg('bad-2', 'ns', { matchExpressions: [{ key: 'b', operator: 'Bogus' }] }));
    assert.deepEqual(
      selectorViews([bad, other]).map((v) => [v.name, v.sources.map((r) => r.name)]),
      [
        ['invalid-selector', ['bad']],
        ['invalid-selector-2', ['bad-2']],
      ],
    );
  });

  it('is a group of its own, named invalid-selector, with the error; the other groups merge', () => {
    const views = selectorViews([good, bad]);
    assert.deepEqual(views.map((v) => [v.name, v.sources.map((r) => r.name), v.merged !== undefined, v.diagnostics.map((d) => d.field)]), [
      ['all-nodes', ['good'], true, []],
      ['invalid-selector', ['bad'], false, ['spec.nodeSelector.matchExpressions[0].operator']],
    ]);
    assert.match(views[1].diagnostics[0].message, /; the selector cannot be evaluated$/);
  });
});

describe('views: one merge per distinct content', () => {
  const router = (name: string, prefix: string, nodeSelector?: LabelSelector): FRRConfiguration => ({ ...cfg(name, 'ns', nodeSelector), spec: { ...(nodeSelector ? { nodeSelector } : {}), bgp: { routers: [{ asn: 65001, prefixes: [prefix] }] } } });
  const nodes = [1, 2, 3].map((i) => ({ name: `n${i}`, labels: { rack: i === 3 ? 'r2' : 'r1' } }));

  it('nodes whose configurations have one content share one merge; another content gets its own', () => {
    const views = nodeViews([router('a', '10.0.0.0/24'), router('b', '10.1.0.0/24', { matchLabels: { rack: 'r2' } })], nodes);
    assert.ok(views[0].merged);
    assert.equal(views[1].merged, views[0].merged);
    assert.notEqual(views[2].merged, views[0].merged);
    assert.deepEqual(views[2].merged?.routers[0].prefixes, ['10.0.0.0/24', '10.1.0.0/24']);
  });

  it('per-node configurations that differ only in their nodeSelector share one merge, also when they share one spec.bgp object', () => {
    const spec = { bgp: { routers: [{ asn: 65001, prefixes: ['10.0.0.0/24'] }] } };
    const perNode = (n: string, bgp = structuredClone(spec.bgp)): FRRConfiguration => ({ ...cfg(`c-${n}`, 'ns'), spec: { nodeSelector: { matchLabels: { 'kubernetes.io/hostname': n } }, bgp } });
    const views = nodeViews([perNode('n1'), perNode('n2'), perNode('n3', spec.bgp)], nodes);
    assert.equal(views[1].merged, views[0].merged);
    assert.equal(views[2].merged, views[0].merged);
    assert.deepEqual(views[0].sources.map((r) => r.name), ['c-n1']);
  });

  it('one configuration per node with other content: each node merges its own', () => {
    const views = nodeViews([router('a', '10.0.0.0/24', { matchLabels: { rack: 'r1' } }), router('b', '10.1.0.0/24', { matchLabels: { rack: 'r2' } })], nodes);
    assert.deepEqual(views.map((v) => v.merged?.routers[0].prefixes), [['10.0.0.0/24'], ['10.0.0.0/24'], ['10.1.0.0/24']]);
    const raw = (name: string, text: string, rack: string): FRRConfiguration => ({ ...cfg(name, 'ns'), spec: { nodeSelector: { matchLabels: { rack } }, raw: { priority: 1, rawConfig: text } } });
    const rawViews = nodeViews([raw('a', '! a\n', 'r1'), raw('b', '! b\n', 'r2')], nodes);
    assert.deepEqual(rawViews.map((v) => v.merged?.raw.map((r) => r.text)), [['! a\n'], ['! a\n'], ['! b\n']]);
  });

  it('one spec.bgp object is not one content when the rest of the spec, the kind or the apiVersion differ', () => {
    const bgp = { routers: [{ asn: 65001, prefixes: ['10.0.0.0/24'] }] };
    const on = (rack: string) => ({ nodeSelector: { matchLabels: { rack } } });
    const plain = { ...cfg('plain', 'ns'), spec: { ...on('r1'), bgp } } as FRRConfiguration;
    const withRaw = { ...cfg('raw', 'ns'), spec: { ...on('r2'), bgp, raw: { priority: 1, rawConfig: '! x\n' } } } as FRRConfiguration;
    let views = nodeViews([plain, withRaw], nodes);
    assert.deepEqual(views.map((v) => v.merged?.raw.length), [0, 0, 1]);
    for (const other of [{ kind: 'Other' }, { apiVersion: 'frrk8s.metallb.io/v1' }]) {
      const odd = { ...cfg('odd', 'ns'), ...other, spec: { ...on('r2'), bgp } } as FRRConfiguration;
      views = nodeViews([plain, odd], nodes);
      assert.ok(views[0].merged);
      assert.equal(views[2].merged, undefined, JSON.stringify(other));
      assert.equal(views[2].diagnostics[0]?.field, 'apiVersion');
    }
  });

  it('a spec or spec.bgp that is no map is an error of the merge, not a crash', () => {
    for (const spec of [5, 'x', [], { bgp: 'x' }, { bgp: 5 }]) {
      const odd = { ...cfg('odd', 'ns'), spec } as unknown as FRRConfiguration;
      const views = nodeViews([odd], nodes);
      for (const v of views) assert.deepEqual(v.diagnostics.map((d) => [d.severity, d.field, d.message]), [['error', typeof spec === 'object' && !Array.isArray(spec) ? 'spec.bgp' : 'spec', 'must be of type object']]);
    }
  });

  it('the key of a node is its list of contents, whatever their numbers (1 and 12 is not 11 and 2)', () => {
    const p = (name: string, i: number, label: string) => router(name, `10.${i}.0.0/24`, { matchLabels: { [label]: 'y' } });
    // The warm-up node numbers the contents 0..12 in this order.
    const configs = [...Array.from({ length: 13 }, (_, i) => p(`w${String(i).padStart(2, '0')}`, i, 'warm')), p('x1', 1, 'x'), p('x2', 12, 'x'), p('y1', 11, 'y'), p('y2', 2, 'y')];
    const views = nodeViews(configs, [{ name: 'warm', labels: { warm: 'y' } }, { name: 'x', labels: { x: 'y' } }, { name: 'y', labels: { y: 'y' } }]);
    assert.deepEqual(views[1].merged?.routers[0].prefixes, ['10.1.0.0/24', '10.12.0.0/24']);
    assert.deepEqual(views[2].merged?.routers[0].prefixes, ['10.2.0.0/24', '10.11.0.0/24']);
  });

  it('a merge that warns is not shared: each node gets its own, with the warning', () => {
    const coalescing: FRRConfiguration = { ...cfg('raw', 'ns'), spec: { raw: { priority: 1, rawConfig: 'router bgp 65001\n coalesce-time 1000\nexit\n' } } };
    const views = nodeViews([router('a', '10.0.0.0/24'), coalescing], nodes);
    for (const v of views) assert.deepEqual(v.diagnostics.map((d) => [d.severity, d.ref?.name, d.field]), [['warning', 'raw', 'spec.raw.rawConfig']], v.name);
    assert.notEqual(views[1].merged, views[0].merged);
  });
});
