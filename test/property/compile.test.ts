// Properties of the metallb + compile stages over random configurations
// (fast-check): the function never throws, its output is deterministic (also
// under any order of the input objects), every emitted FRRConfiguration passes
// the frr-k8s schema, and every prefix it advertises lies inside a pool.
//
// "Inside a pool" has one MetalLB-given exception: an aggregation length may
// be shorter than the small CIDRs a start-end range is cut into (only not
// shorter than the range's widest one), so an aggregated piece of a range can
// cover addresses next to the range. Such a prefix must still overlap the
// range and be no wider than the range's widest piece.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fcParams } from '../lib/property.ts';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { GeneratedFRRConfiguration } from '../../src/api/frrk8s.ts';
import { contains, formatPrefix, overlaps, parseCIDR, type Prefix } from '../../src/api/ip.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { selectorMatches } from '../../src/api/selector.ts';
import { validatorFor } from '../../src/api/validate.ts';
import { checkCompatible } from '../../src/frr/index.ts';
import { compileFRRConfigurations } from '../../src/compile/frrconfig.ts';
import { parseMetalLB } from '../../src/metallb/parse.ts';
import { parseAddresses } from '../../src/metallb/pools.ts';

const NS = 'metallb-system';
const validate = validatorFor('frrk8s.metallb.io/v1beta1', 'FRRConfiguration')!;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

type Mode = 'pools' | 'services';

function compile(objs: KubeObject[], mode: Mode): { configs?: GeneratedFRRConfiguration[]; diags: Diagnostics } {
  const diags = new Diagnostics();
  const opts = { metallbNamespace: NS, frrk8sNamespace: 'frr-k8s-system', advertise: mode };
  const model = parseMetalLB(objs, opts, diags);
  if (!model) return { diags };
  const configs = compileFRRConfigurations(model, opts, diags);
  return { configs: diags.hasErrors ? undefined : configs, diags };
}

// ------------------------------------------------------------ generators ---

const meta = (name: string, labels?: Record<string, string>) => ({ name, namespace: NS, ...(labels ? { labels } : {}) });
const RACKS = ['r1', 'r2', 'r3'];
const rackSelector = fc.constantFrom(...RACKS).map((rack) => [{ matchLabels: { rack } }]);
const nodeSelectors = fc.option(rackSelector, { nil: undefined, freq: 2 });

/** One address entry of pool i, slot k: a v4/v6 CIDR or range inside a block of its own. */
const entry = (i: number, k: number) =>
  fc.oneof(
    fc.integer({ min: 26, max: 32 }).map((len) => `10.${i}.${k}.0/${len}`),
    fc.tuple(fc.integer({ min: 0, max: 254 }), fc.integer({ min: 0, max: 40 })).map(([a, b]) => `10.${i}.${k}.${Math.min(a, 254 - b)}-10.${i}.${k}.${Math.min(a, 254 - b) + b + 1}`),
    fc.integer({ min: 112, max: 128 }).map((len) => `fd00:${i}:${k}::/${len}`),
    fc.tuple(fc.integer({ min: 0, max: 0xfffe }), fc.integer({ min: 0, max: 0xfffe })).map(([a, b]) => `fd00:${i}:${k}::${Math.min(a, b).toString(16)}-fd00:${i}:${k}::${(Math.max(a, b) + 1).toString(16)}`),
  );

const pools = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record({
        addresses: fc.integer({ min: 1, max: 3 }).chain((m) => fc.tuple(...Array.from({ length: m }, (_, k) => entry(i + 1, k)))),
        tier: fc.constantFrom('a', 'b'),
      }).map(({ addresses, tier }) => ({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: meta(`pool${i}`, { tier }), spec: { addresses } })),
    ),
  ),
);

const peers = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.boolean()).chain(([n, withRouterID]) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, j) =>
      fc.record({
        how: fc.constantFrom('v4', 'v6', 'iface'),
        ibgp: fc.boolean(),
        dual: fc.boolean(),
        multihop: fc.boolean(),
        hold: fc.constantFrom(undefined, '0s', '3s', '9s', '90s', '3m'),
        vrf: fc.constantFrom('', '', 'red'),
        sel: nodeSelectors,
        bfd: fc.boolean(),
      }).map((p) => {
        const myASN = p.vrf === 'red' ? 64700 : 64512;
        const spec: Record<string, unknown> = { myASN };
        if (p.how === 'iface') {
          spec.interface = `eth${j}`;
          spec.dynamicASN = p.ibgp ? 'internal' : 'external';
        } else {
          spec.peerAddress = p.how === 'v4' ? `172.16.0.${j + 1}` : `fd00:ffff::${j + 1}`;
          spec.peerASN = p.ibgp ? myASN : 65000 + j;
        }
        if (p.dual) spec.dualStackAddressFamily = true;
        if (p.multihop && !p.ibgp) spec.ebgpMultiHop = true;
        if (p.hold) spec.holdTime = p.hold;
        if (p.vrf) spec.vrf = p.vrf;
        if (p.sel) spec.nodeSelectors = p.sel;
        if (p.bfd) spec.bfdProfile = 'fast';
        // One router ID for everyone, or none: peers meeting on a node must agree.
        if (withRouterID) spec.routerID = '10.255.0.1';
        return { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: meta(`peer${j}`), spec };
      }),
    ),
  ),
);

const advertisements = (poolNames: string[], peerNames: string[]) =>
  fc.array(
    fc.record({
      pools: fc.oneof(fc.constant(undefined), fc.subarray(poolNames, { minLength: 1 })),
      byTier: fc.option(fc.constantFrom('a', 'b'), { nil: undefined, freq: 4 }),
      peers: fc.option(fc.subarray(peerNames, { minLength: 1 }), { nil: undefined }),
      agg4: fc.constantFrom(undefined, undefined, 26, 28, 32),
      agg6: fc.constantFrom(undefined, undefined, 112, 120, 128),
      localPref: fc.constantFrom(undefined, 100),
      communities: fc.subarray(['65000:1', '65535:65281', 'large:64512:1:2', 'alias'], {}),
      sel: nodeSelectors,
      svcSel: fc.option(fc.constant([{ matchLabels: { app: 'web' } }]), { nil: undefined, freq: 4 }),
    }),
    { minLength: 1, maxLength: 3 },
  ).map((ads) =>
    ads.map((a, i) => {
      const spec: Record<string, unknown> = {};
      if (a.pools) spec.ipAddressPools = a.pools;
      if (a.byTier) spec.ipAddressPoolSelectors = [{ matchLabels: { tier: a.byTier } }];
      if (a.peers) spec.peers = a.peers;
      if (a.svcSel) spec.serviceSelectors = a.svcSel;
      else {
        if (a.agg4 !== undefined) spec.aggregationLength = a.agg4;
        if (a.agg6 !== undefined) spec.aggregationLengthV6 = a.agg6;
      }
      if (a.localPref) spec.localPref = a.localPref;
      if (a.communities.length) spec.communities = a.communities;
      if (a.sel) spec.nodeSelectors = a.sel;
      return { apiVersion: 'metallb.io/v1beta1', kind: 'BGPAdvertisement', metadata: meta(`adv${i}`), spec };
    }),
  );

const nodes = fc.option(
  fc.uniqueArray(
    fc.record({ name: fc.constantFrom('n1', 'n2', 'n3', 'n4'), rack: fc.constantFrom(...RACKS), excluded: fc.boolean(), unavailable: fc.boolean() }),
    { selector: (n) => n.name, minLength: 1, maxLength: 4 },
  ).map((ns) =>
    ns.map((n) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n.name, labels: { rack: n.rack, ...(n.excluded && n.rack === 'r3' ? { 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}) } },
      ...(n.unavailable && n.rack === 'r2' ? { status: { conditions: [{ type: 'NetworkUnavailable', status: 'True' }] } } : {}),
    })),
  ),
  { nil: [] },
);

/** Services whose IPs are picked inside the pools' addresses (first address of an entry, plus an offset). */
const services = (poolObjs: KubeObject[]) => {
  const entries = poolObjs.flatMap((p) => (p.spec as { addresses: string[] }).addresses);
  return fc.array(
    fc.record({
      entry: fc.integer({ min: 0, max: entries.length - 1 }),
      offset: fc.integer({ min: 0, max: 3 }),
      local: fc.boolean(),
      labelled: fc.boolean(),
      slices: fc.option(fc.subarray(['n1', 'n2', 'n3', 'n4'], {}), { nil: undefined }),
    }),
    { maxLength: 4 },
  ).map((svcs) =>
    svcs.flatMap((s, i) => {
      const pieces = prefixesOf(entries[s.entry]);
      const p = pieces[0];
      const size = 1n << BigInt((p.family === 4 ? 32 : 128) - p.len);
      const ip = p.base + (BigInt(s.offset) % size);
      const ipText = p.family === 4 ? [24, 16, 8, 0].map((sh) => Number((ip >> BigInt(sh)) & 255n)).join('.') : toV6(ip);
      const svc: KubeObject = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `svc${i}`, namespace: 'default', ...(s.labelled ? { labels: { app: 'web' } } : {}) },
        spec: { type: 'LoadBalancer', ...(s.local ? { externalTrafficPolicy: 'Local' } : {}) },
        status: { loadBalancer: { ingress: [{ ip: ipText }] } },
      };
      const out: KubeObject[] = [svc];
      if (s.slices) {
        out.push({
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: { name: `svc${i}-x`, namespace: 'default', labels: { 'kubernetes.io/service-name': `svc${i}` } },
          endpoints: s.slices.map((nodeName, k) => ({ addresses: [`10.244.0.${k + 1}`], nodeName, conditions: { ready: k % 2 === 0 } })),
        });
      }
      return out;
    }),
  );
};

/** The prefixes of a pool entry the generator made valid. */
function prefixesOf(entry: string): Prefix[] {
  const got = parseAddresses(entry);
  if (!got.ok) throw new Error(`generated pool entry ${entry}: ${got.problem}`);
  return got.value;
}

function toV6(v: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}

const fixed: KubeObject[] = [
  { apiVersion: 'metallb.io/v1beta1', kind: 'BFDProfile', metadata: meta('fast'), spec: { receiveInterval: 100, detectMultiplier: 3 } },
  { apiVersion: 'metallb.io/v1beta1', kind: 'Community', metadata: meta('aliases'), spec: { communities: [{ name: 'alias', value: '64512:7' }] } },
];

const configuration = fc
  .tuple(pools, peers, nodes, fc.constantFrom<Mode>('pools', 'services'))
  .chain(([ps, prs, ns, mode]) =>
    fc
      .tuple(advertisements(ps.map((p) => p.metadata.name), prs.map((p) => p.metadata.name)), services(ps))
      .map(([ads, svcs]) => ({ objs: [...fixed, ...ps, ...prs, ...ns, ...ads, ...(mode === 'services' ? svcs : [])] as KubeObject[], mode })),
  );

// ------------------------------------------------------------ properties ---

/** The pool entries as (pieces, is a range). */
function poolEntries(objs: KubeObject[]): Array<{ pieces: Prefix[]; range: boolean }> {
  return objs
    .filter((o) => o.kind === 'IPAddressPool')
    .flatMap((o) => (o.spec as { addresses: string[] }).addresses)
    .map((a) => ({ pieces: prefixesOf(a), range: a.includes('-') }));
}

function insidePools(p: Prefix, entries: Array<{ pieces: Prefix[]; range: boolean }>): boolean {
  return entries.some((e) => {
    if (e.pieces.some((c) => contains(c, p))) return true;
    if (!e.range) return false;
    const widest = Math.min(...e.pieces.filter((c) => c.family === p.family).map((c) => c.len));
    return e.pieces.some((c) => overlaps(c, p)) && p.len >= widest;
  });
}

function allPrefixes(c: GeneratedFRRConfiguration): string[] {
  return (c.spec.bgp?.routers ?? []).flatMap((r) => [
    ...(r.prefixes ?? []),
    ...(r.neighbors ?? []).flatMap((n) => [
      ...(n.toAdvertise?.allowed?.prefixes ?? []),
      ...(n.toAdvertise?.withLocalPref ?? []).flatMap((x) => x.prefixes),
      ...(n.toAdvertise?.withCommunity ?? []).flatMap((x) => x.prefixes),
    ]),
  ]);
}

test('random valid configurations: mostly accepted, and they announce (the generator is not vacuous)', () => {
  let accepted = 0;
  let announcing = 0;
  const errors = new Map<string, number>();
  fc.assert(
    fc.property(configuration, ({ objs, mode }) => {
      const r = compile(objs, mode);
      if (r.configs) accepted++;
      if (r.configs?.some((c) => allPrefixes(c).length > 0)) announcing++;
      for (const d of r.diags.list) if (d.severity !== 'info') errors.set(`${mode} ${d.severity} ${d.message.slice(0, 50)}`, (errors.get(`${mode} ${d.severity} ${d.message.slice(0, 50)}`) ?? 0) + 1);
    }),
    fcParams({ numRuns: RUNS }),
  );
  if (process.env.PROPERTY_STATS) console.log({ accepted, announcing, errors });
  assert.ok(accepted > RUNS / 3, `only ${accepted} of ${RUNS} generated configurations were valid`);
  assert.ok(announcing > RUNS / 5, `only ${announcing} of ${RUNS} generated configurations announce anything`);
});

test('compile never throws; valid output passes the schema and is deterministic under reordering', () => {
  fc.assert(
    fc.property(configuration, fc.infiniteStream(fc.nat()), ({ objs, mode }, rand) => {
      const first = compile(objs, mode);
      const again = compile(objs, mode);
      assert.deepEqual(again, first);
      if (!first.configs) return;
      for (const c of first.configs) assert.ok(validate(c), `${c.metadata.name}: ${JSON.stringify(validate.errors)}`);
      const it = rand[Symbol.iterator]();
      const shuffled = objs.map((o) => [it.next().value as number, o] as const).sort((a, b) => a[0] - b[0]).map(([, o]) => o);
      assert.deepEqual(compile(shuffled, mode).configs, first.configs);
    }),
    fcParams({ numRuns: RUNS }),
  );
});

test('every advertised prefix lies inside a pool; router prefixes are the union of the neighbours\'', () => {
  fc.assert(
    fc.property(configuration, ({ objs, mode }) => {
      const { configs } = compile(objs, mode);
      if (!configs) return;
      const entries = poolEntries(objs);
      for (const c of configs) {
        for (const text of allPrefixes(c)) {
          const p = parseCIDR(text);
          assert.ok(p && `${text}` === text, `unparsable prefix ${text}`);
          assert.ok(insidePools(p, entries), `${c.metadata.name} advertises ${text}, outside every pool`);
        }
        for (const r of c.spec.bgp?.routers ?? []) {
          const union = new Set((r.neighbors ?? []).flatMap((n) => n.toAdvertise?.allowed?.prefixes ?? []));
          assert.deepEqual(new Set(r.prefixes ?? []), union);
          for (const n of r.neighbors ?? []) {
            const allowed = new Set(n.toAdvertise?.allowed?.prefixes ?? []);
            for (const x of [...(n.toAdvertise?.withLocalPref ?? []), ...(n.toAdvertise?.withCommunity ?? [])]) {
              for (const q of x.prefixes) assert.ok(allowed.has(q), `${q} carries attributes but is not allowed`);
            }
          }
        }
      }
    }),
    fcParams({ numRuns: RUNS }),
  );
});

// What the function accepts, the node agent must take: on every node the
// generator's selectors can describe (a rack or none, one of its hostnames),
// the configurations selecting it merge and convert without an error, under
// the same rules the agent applies (src/frr).
test('every node merges the configurations that select it without an error', () => {
  const worlds = [...RACKS, undefined].flatMap((rack) =>
    ['n1', 'n2', 'n3', 'n4'].map((name) => ({ name, labels: { 'kubernetes.io/hostname': name, ...(rack ? { rack } : {}) } })),
  );
  let merged = 0;
  fc.assert(
    fc.property(configuration, ({ objs, mode }) => {
      const { configs } = compile(objs, mode);
      if (!configs) return;
      for (const node of worlds) {
        const selected: GeneratedFRRConfiguration[] = configs.filter((c) => selectorMatches(c.spec.nodeSelector, node.labels));
        if (selected.length === 0) continue;
        const errors = checkCompatible(selected).filter((d) => d.severity === 'error');
        assert.deepEqual(errors.map((d) => formatDiagnostic(d)), [], `node ${JSON.stringify(node.labels)}`);
        merged++;
      }
    }),
    fcParams({ numRuns: RUNS }),
  );
  assert.ok(merged > RUNS, `only ${merged} node merges checked`);
});

// Overlaps between pool addresses are found by binary search over the
// accepted ones; the reports must be those of the plain rule: in input order,
// a piece overlapping an accepted one is refused, naming the earliest.
test('pool overlaps are reported as a pairwise check would report them', () => {
  const piece = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 22, max: 32 })).map(([a, len]) => `10.0.${a >> 6}.${(a & 63) * 4}/${len}`),
    fc.tuple(fc.integer({ min: 0, max: 1023 }), fc.integer({ min: 0, max: 40 })).map(([a, n]) => `10.0.${a >> 8}.${a & 255}-10.0.${Math.min(a + n, 1023) >> 8}.${Math.min(a + n, 1023) & 255}`),
  );
  fc.assert(
    fc.property(fc.array(fc.array(piece, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (pools) => {
      const objs = pools.map((addresses, i) => ({ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: meta(`p${i}`), spec: { addresses } }));
      const got = compile(objs, 'pools').diags.list.filter((d) => d.message.includes('overlaps')).map((d) => `${d.ref?.name} ${d.field} ${d.message}`);
      const want: string[] = [];
      const accepted: Array<{ p: Prefix; source: string; pool: string }> = [];
      pools.forEach((addresses, i) =>
        addresses.forEach((text, index) => {
          const r = parseAddresses(text);
          if (!r.ok) return;
          for (const p of r.value) {
            const clash = accepted.find((a) => overlaps(a.p, p));
            if (!clash) {
              accepted.push({ p, source: text, pool: `p${i}` });
              continue;
            }
            const other = clash.pool === `p${i}` ? `${clash.source} in the same pool` : `${clash.source} of IPAddressPool "${clash.pool}"`;
            want.push(`p${i} spec.addresses[${index}] ${formatPrefix(p)} (from "${text}") overlaps with ${other}`);
          }
        }),
      );
      assert.deepEqual(got, want);
    }),
    fcParams({ numRuns: RUNS }),
  );
});

// Arbitrary specs: the stages must report, never throw.
const anySpec = fc.dictionary(
  fc.constantFrom('addresses', 'myASN', 'peerASN', 'peerAddress', 'interface', 'holdTime', 'keepaliveTime', 'nodeSelectors', 'ipAddressPools', 'peers', 'communities', 'aggregationLength', 'localPref', 'passwordSecret', 'serviceAllocation', 'receiveInterval', 'vrf', 'dynamicASN', 'routerID'),
  fc.jsonValue({ maxDepth: 3 }),
);

test('arbitrary specs never make the stages throw', () => {
  const kinds = ['IPAddressPool', 'BGPPeer', 'BGPAdvertisement', 'L2Advertisement', 'Community', 'BFDProfile'];
  fc.assert(
    fc.property(
      fc.array(fc.record({ kind: fc.constantFrom(...kinds), name: fc.constantFrom('a', 'b', 'c'), spec: anySpec }), { maxLength: 6 }),
      fc.constantFrom<Mode>('pools', 'services'),
      (items, mode) => {
        const objs = items.map((i) => ({
          apiVersion: i.kind === 'BGPPeer' ? 'metallb.io/v1beta2' : 'metallb.io/v1beta1',
          kind: i.kind,
          metadata: meta(i.name),
          spec: i.spec,
        }));
        compile(objs, mode);
      },
    ),
    fcParams({ numRuns: RUNS * 2 }),
  );
});

// Nodes, Services and EndpointSlices come from Git unchecked by an API
// server: any shape of the fields the stages read must be reported, not
// thrown on. Each value is either well formed or arbitrary JSON.
test('arbitrary Nodes, Services and EndpointSlices never make the stages throw', () => {
  const any = fc.jsonValue({ maxDepth: 3 });
  const maybe = <T>(good: fc.Arbitrary<T>) => fc.oneof(good, any);
  const labels = maybe(fc.dictionary(fc.constantFrom('rack', 'app', 'kubernetes.io/hostname'), fc.constantFrom('r1', 'web', 'n1')));
  const ip = maybe(fc.constantFrom('10.1.0.5', 'fd00:1::5', 'nope'));
  const node = fc.record({ labels, status: maybe(fc.record({ conditions: maybe(fc.array(maybe(fc.record({ type: maybe(fc.constant('NetworkUnavailable')), status: maybe(fc.constant('True')) })))) })) })
    .map((n) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: n.labels }, status: n.status }));
  const service = fc.record({
    labels,
    annotations: maybe(fc.record({ 'metallb.io/loadBalancerIPs': ip })),
    spec: maybe(fc.record({ type: fc.constant('LoadBalancer'), loadBalancerIP: ip, externalTrafficPolicy: maybe(fc.constantFrom('Cluster', 'Local')), loadBalancerClass: fc.option(any, { nil: undefined }) }, { requiredKeys: ['type'] })),
    status: maybe(fc.record({ loadBalancer: maybe(fc.record({ ingress: maybe(fc.array(maybe(fc.record({ ip })))) })) })),
  }).map((s) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', labels: s.labels, annotations: s.annotations }, spec: s.spec, status: s.status }));
  const endpoint = maybe(fc.record({ addresses: maybe(fc.constant(['10.244.0.1'])), nodeName: maybe(fc.constant('n1')), conditions: maybe(fc.record({ ready: any, serving: any })) }));
  const slice = maybe(fc.array(endpoint)).map((endpoints) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-x', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    endpoints,
  }));
  const valid: KubeObject[] = [
    { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: meta('pool'), spec: { addresses: ['10.1.0.0/24', 'fd00:1::/120'] } },
    { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: meta('tor'), spec: { myASN: 64512, peerASN: 65000, peerAddress: '172.16.0.1', dualStackAddressFamily: true } },
    { apiVersion: 'metallb.io/v1beta1', kind: 'BGPAdvertisement', metadata: meta('all'), spec: {} },
  ];
  fc.assert(
    fc.property(fc.option(node, { nil: undefined }), service, fc.option(slice, { nil: undefined }), fc.constantFrom<Mode>('pools', 'services'), (n, svc, sl, mode) => {
      const objs = [...valid, ...(n ? [n] : []), svc, ...(sl ? [sl] : [])] as KubeObject[];
      compile(objs, mode);
    }),
    fcParams({ numRuns: RUNS * 2 }),
  );
});
