// Build time refuses what the node refuses (issue 9, item 9): for random
// valid-looking MetalLB inputs, with names and values on the edge of what
// FRR and Kubernetes take, whenever the function accepts, `render` of its
// output accepts on every node. Nodes are the input's Nodes, or, without
// Nodes, one node per combination of the labels the selectors use. And the
// node selectors it writes are ones frr-k8s can evaluate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runFunction } from '../../fn/function.ts';
import { renderCommand } from '../../fn/render.ts';
import type { KubeObject, LabelSelector } from '../../src/api/k8s.ts';
import { labelValueProblem } from '../../src/api/selector.ts';
import { fcParams } from '../lib/property.ts';

const NS = 'metallb-system';
const FRR_NS = 'frr-k8s-system';
const meta = (name: string, labels?: Record<string, string>) => ({ name, namespace: NS, ...(labels ? { labels } : {}) });

/** Object names: mostly valid, some that only a file (never an API server) could hold. */
const objectName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('fast', 'slow', 'bfd-1', 'a.b') },
  { weight: 1, arbitrary: fc.constantFrom('a b', 'x'.repeat(70), '!bang', '#hash', 'Ünï', 'tab\tname', 'UPPER', 'under_score', '-lead', `${'a'.repeat(60)}.${'b'.repeat(60)}`) },
);
const nodeName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('n1', 'n2', 'worker-3', 'node.example.com') },
  { weight: 1, arbitrary: fc.constantFrom('a b', 'Node_1', '-x', 'n'.repeat(64), `${'a'.repeat(60)}.${'b'.repeat(60)}`, "o'brien", '$(reboot)') },
);
const password = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('s3cret-Pw', 'x') },
  { weight: 1, arbitrary: fc.constantFrom('has space', 'p'.repeat(81), 'pässword', 'line\nbreak', '') },
);
const RACKS = ['r1', 'r2'];

const input = fc
  .record({
    mode: fc.constantFrom('pools', 'pools', 'services'),
    bfd: fc.uniqueArray(objectName, { maxLength: 2 }),
    nodes: fc.uniqueArray(fc.record({ name: nodeName, rack: fc.constantFrom(...RACKS) }), { selector: (n) => n.name, maxLength: 3 }),
    peers: fc.array(
      fc.record({
        v6: fc.boolean(),
        iface: fc.option(fc.oneof({ weight: 6, arbitrary: fc.constantFrom('eth0', 'password') }, { weight: 1, arbitrary: fc.constantFrom('a b', 'x'.repeat(16), 'ä0') }), { nil: undefined, freq: 4 }),
        ibgp: fc.boolean(),
        bfdIndex: fc.option(fc.nat(3), { nil: undefined }),
        password: fc.option(password, { nil: undefined, freq: 3 }),
        secret: fc.option(fc.record({ value: password, encoded: fc.boolean(), type: fc.constantFrom('kubernetes.io/basic-auth', 'kubernetes.io/basic-auth', 'Opaque') }), { nil: undefined, freq: 3 }),
        rack: fc.option(fc.constantFrom(...RACKS), { nil: undefined }),
        vrf: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(undefined, undefined, 'red') }, { weight: 1, arbitrary: fc.constantFrom('a b', 'v'.repeat(16)) }),
        hold: fc.constantFrom(undefined, '90s', '3s'),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    communities: fc.subarray(['65000:1', 'large:64512:1:2', '65535:65281'], {}),
    agg: fc.constantFrom(undefined, 24, 32),
    localPref: fc.constantFrom(undefined, 100),
    endpointNodes: fc.array(nodeName, { maxLength: 2 }),
    local: fc.boolean(),
  })
  .map((g) => {
    const objs: KubeObject[] = [{ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: meta('pool'), spec: { addresses: ['10.10.0.0/24', 'fd00:10::/120'] } }];
    for (const name of g.bfd) objs.push({ apiVersion: 'metallb.io/v1beta1', kind: 'BFDProfile', metadata: meta(name), spec: { receiveInterval: 100 } });
    for (const n of g.nodes) objs.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: { rack: n.rack } } });
    g.peers.forEach((p, j) => {
      const spec: Record<string, unknown> = { myASN: 64512 };
      if (p.iface) Object.assign(spec, { interface: p.iface, dynamicASN: p.ibgp ? 'internal' : 'external' });
      else Object.assign(spec, { peerASN: p.ibgp ? 64512 : 65000 + j, peerAddress: p.v6 ? `fd00:ffff::${j + 1}` : `172.16.0.${j + 1}` });
      if (p.bfdIndex !== undefined && g.bfd.length > 0) spec.bfdProfile = g.bfd[p.bfdIndex % g.bfd.length];
      if (p.password !== undefined) spec.password = p.password;
      else if (p.secret) {
        spec.passwordSecret = { name: `pw${j}`, namespace: FRR_NS };
        const data = p.secret.encoded ? { data: { password: Buffer.from(p.secret.value).toString('base64') } } : { stringData: { password: p.secret.value } };
        objs.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `pw${j}`, namespace: FRR_NS }, type: p.secret.type, ...data });
      }
      if (p.rack) spec.nodeSelectors = [{ matchLabels: { rack: p.rack } }];
      if (p.vrf) spec.vrf = p.vrf;
      if (p.hold) spec.holdTime = p.hold;
      objs.push({ apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: meta(`peer${j}`), spec });
    });
    const adv: Record<string, unknown> = { ipAddressPools: ['pool'] };
    if (g.communities.length) adv.communities = g.communities;
    if (g.agg !== undefined) adv.aggregationLength = g.agg;
    if (g.localPref !== undefined) adv.localPref = g.localPref;
    objs.push({ apiVersion: 'metallb.io/v1beta1', kind: 'BGPAdvertisement', metadata: meta('adv'), spec: adv });
    objs.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { type: 'LoadBalancer', ...(g.local ? { externalTrafficPolicy: 'Local' } : {}) },
      status: { loadBalancer: { ingress: [{ ip: '10.10.0.7' }] } },
    });
    if (g.endpointNodes.length > 0) {
      objs.push({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'web-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
        endpoints: g.endpointNodes.map((nodeName, k) => ({ addresses: [`10.244.0.${k + 1}`], nodeName, conditions: { ready: true } })),
      });
    }
    return { objs, mode: g.mode, nodes: g.nodes };
  });

/** The nodes to render for: the input's, or every combination of the labels selectors use. */
function nodesOf(nodes: Array<{ name: string; rack: string }>): Array<{ name: string; labels: string }> {
  if (nodes.length > 0) return nodes.map((n) => ({ name: n.name, labels: `rack=${n.rack}` }));
  return [{ name: 'node-x', labels: '' }, ...RACKS.map((r) => ({ name: `node-${r}`, labels: `rack=${r}` }))];
}

test('whenever the function accepts, render of its output accepts on every node', async () => {
  let accepted = 0;
  const stats = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(input, async ({ objs, mode, nodes }) => {
      const list = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: objs, functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { advertise: mode, manifests: 'false' } } };
      const fn = runFunction(JSON.stringify(list));
      assert.ok(fn.code === 0 || fn.code === 1, `function exit ${fn.code}: ${fn.stderr}`);
      if (fn.code !== 0) {
        if (process.env.PROPERTY_STATS) for (const l of fn.stderr.split('\n').filter((x) => x.startsWith('error'))) stats.set(l.replace(/\S+\/\S+/g, 'X').slice(0, 90), (stats.get(l.replace(/\S+\/\S+/g, 'X').slice(0, 90)) ?? 0) + 1);
        return;
      }
      accepted++;
      const out = (await import('yaml')).parse(fn.stdout) as { items: KubeObject[] };
      const forNode = out.items.filter((o) => (o.kind === 'FRRConfiguration' || o.kind === 'Secret') && o.metadata?.namespace === FRR_NS);
      const stdin = forNode.map((o) => JSON.stringify(o)).join('\n---\n');
      // frr-k8s reads selectors with LabelSelectorAsSelector, which refuses a bad label value.
      for (const o of forNode) {
        const sel = (o.spec as { nodeSelector?: LabelSelector } | undefined)?.nodeSelector ?? {};
        const values = [...Object.values(sel.matchLabels ?? {}), ...(sel.matchExpressions ?? []).flatMap((e) => e.values ?? [])];
        for (const v of values) assert.equal(labelValueProblem(v), undefined, `${o.metadata?.name}: selector value ${JSON.stringify(v)}`);
      }
      for (const n of nodesOf(nodes)) {
        const r = await renderCommand(['--node', n.name, ...(n.labels ? ['--labels', n.labels] : [])], stdin);
        assert.equal(r.code, 0, `the function accepted, render --node ${JSON.stringify(n.name)} refused:\n${r.stderr}\nfunction stderr:\n${fn.stderr}`);
      }
    }),
    fcParams({ numRuns: 150 }),
  );
  if (process.env.PROPERTY_STATS) console.log(accepted, [...stats].sort((a, b) => b[1] - a[1]).slice(0, 15));
  assert.ok(accepted > 20, `only ${accepted} inputs were accepted: the generator is too hostile to test anything`);
});
