// Properties of the diff over random FRRConfigurations (fast-check):
//  - diff(A, A') is empty for every meaning-preserving rewrite A' of A the
//    generator can make: reordered configurations, neighbours and lists,
//    renamed configurations, one configuration split into one per neighbour
//    (or several merged into one), IPv6 spelled out in full and upper case,
//    comments and another YAML layout;
//  - diff(A, B) applied to A's model reproduces B's, node by node (and per
//    node selector group).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { GeneratedFRRConfiguration, Neighbor, Router } from '../../src/api/frrk8s.ts';
import { noSecrets } from '../../src/frr/index.ts';
import { parseStream } from '../../src/krm/stream.ts';
import { applyChanges } from '../../src/review/apply.ts';
import { diffModels, isEmpty } from '../../src/review/changes.ts';
import { EMPTY_MODEL, nodeModel, type NodeModel } from '../../src/review/model.ts';
import { nodeViews, selectorViews, type View } from '../../src/frr/views.ts';
import { fcParams } from '../lib/property.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const NODES = [
  { name: 'n1', labels: { rack: 'r1' } },
  { name: 'n2', labels: { rack: 'r2' } },
];

const V4 = ['192.0.2.0/24', '198.51.100.0/25', '203.0.113.7/32'];
const V6 = ['2001:db8::/64', '2001:db8:0:1::/64', 'fd00::5/128'];

const neighborArb = fc.record({
  how: fc.constantFrom('v4', 'v6', 'iface'),
  n: fc.integer({ min: 1, max: 3 }),
  asn: fc.constantFrom(65000, 65001),
  timers: fc.constantFrom(undefined, ['90s', '30s'], ['9s', '3s']),
  port: fc.constantFrom(undefined, 179, 1179),
  multihop: fc.boolean(),
  password: fc.constantFrom(undefined, 'pw-one', 'pw-two', 'secret'),
  bfd: fc.boolean(),
  advertise: fc.subarray([0, 1, 2]),
  localPref: fc.constantFrom(undefined, 100, 200),
  community: fc.constantFrom(undefined, '65000:1', 'large:1:2:3'),
  receive: fc.constantFrom('none', 'all', 'some'),
});

const configArb = fc.record({
  vrf: fc.constantFrom('', 'red'),
  selector: fc.constantFrom(undefined, 'r1'),
  bfdFast: fc.constantFrom(100, 300),
  neighbors: fc.uniqueArray(neighborArb, { maxLength: 4, selector: (n) => `${n.how}${n.n}` }),
});

const revisionArb = fc.uniqueArray(configArb, { minLength: 1, maxLength: 3, selector: (c) => `${c.vrf}|${c.selector}` });

type ConfigSpec = typeof configArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * Builds the FRRConfigurations, named c0, c1, …; each has neighbours of its
 * own and all share one BFD profile, so that they always merge.
 */
function build(specs: ConfigSpec[]): GeneratedFRRConfiguration[] {
  const bfd = specs[0]?.bfdFast ?? 100;
  return specs.map((s, i) => {
    const routerPrefixes = new Set<string>();
    const neighbors: Neighbor[] = s.neighbors.map((n) => {
      const nb: Neighbor = {};
      const family = n.how === 'v4' ? V4 : n.how === 'v6' ? V6 : [...V4, ...V6];
      if (n.how === 'iface') {
        nb.interface = `eth${i}${n.n}`;
        nb.dynamicASN = 'external';
      } else {
        nb.address = n.how === 'v4' ? `10.0.${i}.${n.n}` : `2001:db8:ffff:${i}::${n.n}`;
        nb.asn = n.asn;
      }
      if (n.timers) [nb.holdTime, nb.keepaliveTime] = n.timers;
      if (n.port !== undefined) nb.port = n.port;
      if (n.multihop) nb.ebgpMultiHop = true;
      if (n.password === 'secret') nb.passwordSecret = { name: 'auth', namespace: 'frr-k8s-system' };
      else if (n.password) nb.password = n.password;
      if (n.bfd) nb.bfdProfile = 'fast';
      const prefixes = n.advertise.map((k) => family[k % family.length]);
      for (const p of prefixes) routerPrefixes.add(p);
      if (prefixes.length > 0) {
        nb.toAdvertise = { allowed: { prefixes } };
        if (n.localPref) nb.toAdvertise.withLocalPref = [{ localPref: n.localPref, prefixes: [prefixes[0]] }];
        if (n.community) nb.toAdvertise.withCommunity = [{ community: n.community, prefixes }];
      }
      if (n.receive === 'all') nb.toReceive = { allowed: { mode: 'all' } };
      if (n.receive === 'some') nb.toReceive = { allowed: { prefixes: [{ prefix: n.how === 'v6' ? '2001:db8:8::/48' : '10.99.0.0/16', le: n.how === 'v6' ? 64 : 24 }] } };
      return nb;
    });
    const router: Router = { asn: 64512, neighbors };
    if (s.vrf) router.vrf = s.vrf;
    if (routerPrefixes.size > 0) router.prefixes = [...routerPrefixes];
    const spec: GeneratedFRRConfiguration['spec'] = { bgp: { routers: [router], bfdProfiles: [{ name: 'fast', receiveInterval: bfd, transmitInterval: bfd }] } };
    if (s.selector) spec.nodeSelector = { matchLabels: { rack: s.selector } };
    return { apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: `c${i}`, namespace: 'frr-k8s-system' }, spec };
  });
}

// ------------------------------------------------------------ rewrites ---

const shuffle = <T>(xs: T[], seed: number): T[] => {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

const clone = <T>(x: T): T => structuredClone(x);

function reorder(cs: GeneratedFRRConfiguration[], seed: number): GeneratedFRRConfiguration[] {
  return shuffle(cs, seed).map((c) => {
    const d = clone(c);
    for (const r of d.spec.bgp?.routers ?? []) {
      r.neighbors = shuffle(r.neighbors ?? [], seed + 1);
      if (r.prefixes) r.prefixes = shuffle(r.prefixes, seed + 2);
      for (const n of r.neighbors) if (n.toAdvertise?.allowed?.prefixes) n.toAdvertise.allowed.prefixes = shuffle(n.toAdvertise.allowed.prefixes, seed + 3);
    }
    return d;
  });
}

function rename(cs: GeneratedFRRConfiguration[]): GeneratedFRRConfiguration[] {
  return cs.map((c, i) => ({ ...clone(c), metadata: { ...c.metadata, name: `renamed-${cs.length - i}` } }));
}

/** One configuration per neighbour, each with the router, the prefixes it needs and the BFD profiles. */
function split(cs: GeneratedFRRConfiguration[]): GeneratedFRRConfiguration[] {
  return cs.flatMap((c) => {
    const r = c.spec.bgp!.routers![0];
    const ns = r.neighbors ?? [];
    if (ns.length < 2) return [clone(c)];
    return ns.map((n, i) => {
      const d = clone(c);
      d.metadata.name = `${c.metadata.name}-part${i}`;
      const router = d.spec.bgp!.routers![0];
      router.neighbors = [clone(n)];
      const own = n.toAdvertise?.allowed?.prefixes ?? [];
      // Every router prefix stays with some part (the first), the others carry their own.
      router.prefixes = i === 0 ? r.prefixes : own;
      if (!router.prefixes || router.prefixes.length === 0) delete router.prefixes;
      return d;
    });
  });
}

function spellOut(text: string): string {
  return text.replace(/\b(2001:db8|fd00)[0-9a-f:]*(::)?[0-9a-f:]*/g, (m) => expand(m));
}

function expand(addr: string): string {
  if (!addr.includes('::')) return addr.toUpperCase();
  const [head, tail] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const zeros = Array.from({ length: 8 - h.length - t.length }, () => '0000');
  return [...h, ...zeros, ...t].map((x) => x.padStart(4, '0').toUpperCase()).join(':');
}

function viaYAML(cs: GeneratedFRRConfiguration[], respell: boolean, comments: boolean): GeneratedFRRConfiguration[] {
  let text = cs.map((c) => stringify(c, { indent: comments ? 4 : 2, flowCollectionPadding: false })).join('---\n');
  if (respell) text = text.replace(/(address: |- |prefix: )(["']?)([0-9a-fA-F:]+:[0-9a-fA-F:]*(?:\/\d+)?)\2/g, (_m, k, _q, v) => `${k}"${spellOutValue(v)}"`);
  if (comments) text = text.replace(/^(\s*)(asn: .*)$/gm, '$1# the AS\n$1$2 # inline');
  return parseStream(text, 'rewritten').map((s) => s.obj) as unknown as GeneratedFRRConfiguration[];
}

function spellOutValue(v: string): string {
  const [addr, len] = v.split('/');
  return `${expand(addr)}${len !== undefined ? `/${len}` : ''}`;
}

// ------------------------------------------------------------ checking ---

function models(views: View[]): Map<string, NodeModel> {
  return new Map(
    views.map((v) => {
      assert.deepEqual(v.diagnostics.filter((d) => d.severity === 'error'), [], `${v.name} does not merge`);
      return [v.key, v.merged ? nodeModel(v.merged, noSecrets) : EMPTY_MODEL];
    }),
  );
}

function everyView(a: GeneratedFRRConfiguration[], b: GeneratedFRRConfiguration[], check: (x: NodeModel, y: NodeModel, where: string) => void): void {
  for (const [label, va, vb] of [
    ['node', nodeViews(a, NODES), nodeViews(b, NODES)],
    ['group', selectorViews(a), selectorViews(b)],
  ] as const) {
    const ma = models(va);
    const mb = models(vb);
    for (const k of new Set([...ma.keys(), ...mb.keys()])) check(ma.get(k) ?? EMPTY_MODEL, mb.get(k) ?? EMPTY_MODEL, `${label} ${k}`);
  }
}

const noChange = (a: GeneratedFRRConfiguration[], b: GeneratedFRRConfiguration[]) =>
  everyView(a, b, (x, y, where) => {
    const c = diffModels(x, y);
    assert.ok(isEmpty(c), `${where}: ${JSON.stringify(c)}`);
  });

test('property: a meaning-preserving rewrite is no change', () => {
  fc.assert(
    fc.property(revisionArb, fc.integer({ min: 0, max: 1 << 20 }), fc.constantFrom('reorder', 'rename', 'split', 'join', 'respell', 'comments', 'all'), (specs, seed, how) => {
      const a = build(specs);
      // A split is undone by a join: the property holds both ways.
      const base = how === 'join' ? split(a) : a;
      const rewrites: Record<string, () => GeneratedFRRConfiguration[]> = {
        reorder: () => reorder(base, seed),
        rename: () => rename(base),
        split: () => split(base),
        // The parts of each split configuration merged back into one: the original.
        join: () => a.map(clone),
        respell: () => viaYAML(base, true, false),
        comments: () => viaYAML(base, false, true),
        all: () => viaYAML(rename(reorder(split(base), seed)), true, true),
      };
      noChange(base, rewrites[how]());
    }),
    fcParams({ numRuns: RUNS }),
  );
});

test('property: old model plus the changes is the new model', () => {
  fc.assert(
    fc.property(revisionArb, revisionArb, (sa, sb) => {
      everyView(build(sa), build(sb), (x, y, where) => {
        assert.deepEqual(applyChanges(x, diffModels(x, y)), y, where);
        assert.ok(isEmpty(diffModels(y, y)), where);
      });
    }),
    fcParams({ numRuns: RUNS }),
  );
});

test('the rewrites do rewrite: respelled text differs, split makes more configurations', () => {
  const cs = build([{ vrf: '', selector: undefined, bfdFast: 100, neighbors: [{ how: 'v6', n: 1, asn: 65000, timers: undefined, port: undefined, multihop: false, password: undefined, bfd: false, advertise: [0], localPref: undefined, community: undefined, receive: 'none' }, { how: 'v4', n: 2, asn: 65000, timers: undefined, port: undefined, multihop: false, password: undefined, bfd: false, advertise: [0], localPref: undefined, community: undefined, receive: 'none' }] }]);
  assert.match(JSON.stringify(viaYAML(cs, true, false)), /2001:0DB8:FFFF:0000:0000:0000:0000:0001/);
  assert.equal(split(cs).length, 2);
  assert.equal(spellOut('2001:db8::1'), '2001:0DB8:0000:0000:0000:0000:0000:0001');
});
