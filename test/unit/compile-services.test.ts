// Which node announces which service, by MetalLB speaker's rules
// (bgp_controller.go ShouldAnnounce, SetBalancer; main.go poolFor), with the
// results that explain a service left out. Each rule has an announcing and a
// non-announcing case.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../src/api/k8s.ts';
import { bgpAdv, expectResults, namespace, node, peer, pool, run, service, slice, type Want } from './metallb-fixtures.ts';

const base = [
  node('n1', { rack: 'r1' }),
  node('n2', { rack: 'r2' }),
  pool('pool', ['192.0.2.0/24', '2001:db8::/64']),
  pool('other', ['198.51.100.0/24']),
  peer('tor', { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1', dualStackAddressFamily: true }),
];
const all = bgpAdv('all');

/** node name → the prefixes its neighbour 10.0.0.1 is allowed to advertise. */
function announced(objs: KubeObject[], want: Want[] = []): Record<string, string[]> {
  const r = run(objs, { advertise: 'services' });
  expectResults(r.diags, want);
  const out: Record<string, string[]> = {};
  for (const c of r.configs) {
    const n = c.spec.bgp?.routers?.[0]?.neighbors?.find((x) => x.address === '10.0.0.1');
    out[c.metadata.name!.replace(/^metallb-/, '')] = n?.toAdvertise?.allowed?.prefixes ?? [];
  }
  return out;
}
const S = 'Service/web';
const noSlices: Want = ['info', S, 'spec.externalTrafficPolicy', 'assuming it has ready endpoints'];

describe('services: IPs and pools', () => {
  test('an IP in a pool is announced as a /32 from every node', () => {
    assert.deepEqual(announced([...base, all, service('web', { ips: ['192.0.2.10'] })], [noSlices]), { n1: ['192.0.2.10/32'], n2: ['192.0.2.10/32'] });
  });
  test('dual-stack IPs in one pool are both announced', () => {
    assert.deepEqual(announced([...base, all, service('web', { ips: ['192.0.2.10', '2001:db8::a'] })], [noSlices]).n1, ['192.0.2.10/32', '2001:db8::a/128']);
  });
  test('IPs in two pools are not announced', () => {
    const got = announced([...base, all, service('web', { ips: ['192.0.2.10', '198.51.100.1'] })], [['warning', S, 'status.loadBalancer.ingress', 'not announced: 192.0.2.10, 198.51.100.1 are not all in one IPAddressPool']]);
    assert.deepEqual(got.n1, []);
  });
  test('an IP in no pool is not announced', () => {
    assert.deepEqual(announced([...base, all, service('web', { ips: ['203.0.113.1'] })], [['warning', S, 'status.loadBalancer.ingress', 'is in no IPAddressPool']]).n1, []);
  });
  test('a range\'s first and last addresses are in its pool, its neighbours are not; families never mix', () => {
    const objs = (ip: string) => [...base, pool('edge', ['198.51.100.10-198.51.100.20']), all, service('web', { ips: [ip] })].filter((o) => o.metadata?.name !== 'other');
    assert.deepEqual(announced(objs('198.51.100.10'), [noSlices]).n1, ['198.51.100.10/32']);
    assert.deepEqual(announced(objs('198.51.100.20'), [noSlices]).n1, ['198.51.100.20/32']);
    for (const outside of ['198.51.100.9', '198.51.100.21', '::c633:640a']) {
      assert.deepEqual(announced(objs(outside), [['warning', S, 'status.loadBalancer.ingress', 'is in no IPAddressPool']]).n1, [], outside);
    }
  });
  test('an unparsable ingress IP leaves the service out', () => {
    assert.deepEqual(announced([...base, all, service('web', { ips: ['192.0.2.10', 'nope'] })], [['warning', S, 'status.loadBalancer.ingress[1].ip', 'invalid IP address "nope"']]).n1, []);
  });
  test('a service of another load balancer class is left alone', () => {
    assert.deepEqual(announced([...base, all, service('web', { ips: ['192.0.2.10'], lbClass: 'example.com/lb' })], [['info', S, 'spec.loadBalancerClass', 'example.com/lb']]).n1, []);
  });
  test('a service of another load balancer class says nothing when services are not announced (advertise: pools)', () => {
    const r = run([...base, all, service('web', { ips: ['192.0.2.10'], lbClass: 'example.com/lb' })]);
    expectResults(r.diags, []);
  });
  test('a Service of another type than LoadBalancer is never announced, whatever IPs it carries', () => {
    const svc = service('web', { ips: ['192.0.2.10'], annotation: '192.0.2.11' });
    assert.deepEqual(announced([...base, all, { ...svc, spec: { ...(svc.spec as object), type: 'ClusterIP' } }]).n1, []);
  });
  test("an EndpointSlice without the service-name label belongs to no Service (not even one named 'undefined')", () => {
    const svc = service('undefined', { ips: ['192.0.2.10'], policy: 'Local' });
    const unlabelled = slice('undefined', [['n1', true]]);
    unlabelled.metadata = { ...unlabelled.metadata, labels: {} };
    assert.deepEqual(announced([...base, all, svc, unlabelled], [['info', 'Service/undefined', 'spec.externalTrafficPolicy', 'no EndpointSlice for this service']]), { n1: [], n2: [] });
  });
  test('a service without any IP is not announced', () => {
    assert.deepEqual(announced([...base, all, service('web')], [['info', S, 'status.loadBalancer.ingress', 'no IP to announce']]).n1, []);
  });
  test('an IP pinned by annotation or loadBalancerIP stands in for the status', () => {
    assert.deepEqual(announced([...base, all, service('web', { annotation: '192.0.2.11,2001:db8::b' })], [noSlices]).n1, ['192.0.2.11/32', '2001:db8::b/128']);
    assert.deepEqual(announced([...base, all, service('web', { loadBalancerIP: '192.0.2.12' })], [noSlices]).n1, ['192.0.2.12/32']);
  });
  test("the pre-0.13 annotation metallb.universe.tf/loadBalancerIPs pins IPs too; metallb.io's wins over it", () => {
    const pinned = (annotations: Record<string, string>) => {
      const svc = service('web');
      svc.metadata = { ...svc.metadata, annotations };
      return announced([...base, all, svc], [noSlices]).n1;
    };
    assert.deepEqual(pinned({ 'metallb.universe.tf/loadBalancerIPs': '192.0.2.13' }), ['192.0.2.13/32']);
    assert.deepEqual(pinned({ 'metallb.universe.tf/loadBalancerIPs': '192.0.2.13', 'metallb.io/loadBalancerIPs': '192.0.2.14' }), ['192.0.2.14/32']);
  });
  test('a blank annotation pins nothing: spec.loadBalancerIP is used', () => {
    const svc = service('web', { loadBalancerIP: '192.0.2.12' });
    svc.metadata = { ...svc.metadata, annotations: { 'metallb.io/loadBalancerIPs': ' ' } };
    assert.deepEqual(announced([...base, all, svc], [noSlices]).n1, ['192.0.2.12/32']);
  });
  test('an unparsable pinned IP is reported at its annotation', () => {
    assert.deepEqual(announced([...base, all, service('web', { annotation: 'nope' })], [['warning', S, 'metadata.annotations["metallb.io/loadBalancerIPs"]', 'not announced: invalid IP address "nope"']]).n1, []);
  });
  test('an ingress entry without an IP (a hostname only) leaves the service out', () => {
    assert.deepEqual(announced([...base, all, { ...service('web'), status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }] } } }], [['warning', S, 'status.loadBalancer.ingress[0].ip', 'not announced: invalid IP address ""']]).n1, []);
  });
  test('pinned IPs may have blanks around the commas', () => {
    assert.deepEqual(announced([...base, all, service('web', { annotation: ' 192.0.2.11 , 2001:db8::b' })], [noSlices]).n1, ['192.0.2.11/32', '2001:db8::b/128']);
  });
  test('the model lists services by namespace/name', () => {
    const r = run([...base, all, service('b', { ips: ['192.0.2.1'] }), service('a', { ips: ['192.0.2.2'], namespace: 'z' }), service('a', { ips: ['192.0.2.3'] })], { advertise: 'services' });
    assert.deepEqual(r.model?.services.map((x) => `${x.namespace}/${x.name}`), ['default/a', 'default/b', 'z/a']);
  });
  test('the status wins over a pinned IP', () => {
    assert.deepEqual(announced([...base, all, service('web', { ips: ['192.0.2.10'], annotation: '192.0.2.11' })], [noSlices]).n1, ['192.0.2.10/32']);
  });
  test('the prefix is the IP with host bits cleared to the aggregation length', () => {
    assert.deepEqual(announced([...base, bgpAdv('agg', { aggregationLength: 26, aggregationLengthV6: 120 }), service('web', { ips: ['192.0.2.77', '2001:db8::1:ff'] })], [noSlices]).n1, ['192.0.2.64/26', '2001:db8::1:0/120']);
  });
});

describe('services: pinned IPs and the pool\'s serviceAllocation', () => {
  const allocated = (sa: Record<string, unknown>) => pool('pool', ['192.0.2.0/24'], { serviceAllocation: sa });
  const objs = (sa: Record<string, unknown>, ...extra: KubeObject[]) => [base[0], base[1], base[4], allocated(sa), all, ...extra];
  const refused: Want = ['warning', S, 'metadata.annotations', 'does not admit this service'];
  test('a namespace outside the allocation is refused', () => {
    assert.deepEqual(announced(objs({ namespaces: ['shop'] }, service('web', { annotation: '192.0.2.1' })), [refused]).n1, []);
  });
  test('the refusal names the field the IP came from: spec.loadBalancerIP', () => {
    assert.deepEqual(announced(objs({ namespaces: ['shop'] }, service('web', { loadBalancerIP: '192.0.2.1' })), [['warning', S, 'spec.loadBalancerIP', 'does not admit this service']]).n1, []);
  });
  test('a listed namespace is admitted', () => {
    assert.deepEqual(announced(objs({ namespaces: ['default'] }, service('web', { annotation: '192.0.2.1' })), [noSlices]).n1, ['192.0.2.1/32']);
  });
  test('a namespace matched by a namespaceSelector is admitted; one not matched is refused', () => {
    const sel = { namespaceSelectors: [{ matchLabels: { team: 'web' } }] };
    assert.deepEqual(announced(objs(sel, namespace('default', { team: 'web' }), service('web', { annotation: '192.0.2.1' })), [noSlices]).n1, ['192.0.2.1/32']);
    assert.deepEqual(announced(objs(sel, namespace('default', { team: 'db' }), namespace('web', { team: 'web' }), service('web', { annotation: '192.0.2.1' })), [refused]).n1, []);
  });
  test('a namespaceSelector with the service\'s Namespace missing is assumed to admit it', () => {
    const sel = { namespaceSelectors: [{ matchLabels: { team: 'web' } }] };
    assert.deepEqual(announced(objs(sel, service('web', { annotation: '192.0.2.1' })), [noSlices, ['info', S, 'metadata.annotations', 'Namespace "default" is not in the input']]).n1, ['192.0.2.1/32']);
  });
  test('one matching selector of several is enough (namespaceSelectors, serviceSelectors)', () => {
    const ns = { namespaceSelectors: [{ matchLabels: { web: 'yes' } }, { matchLabels: { db: 'yes' } }] };
    assert.deepEqual(announced(objs(ns, namespace('default', { web: 'yes' }), namespace('both', { web: 'yes', db: 'yes' }), service('web', { annotation: '192.0.2.1' })), [noSlices]).n1, ['192.0.2.1/32']);
    const svc = { serviceSelectors: [{ matchLabels: { app: 'db' } }, { matchLabels: { app: 'web' } }] };
    assert.deepEqual(announced(objs(svc, service('web', { annotation: '192.0.2.1', labels: { app: 'web' } })), [noSlices]).n1, ['192.0.2.1/32']);
  });
  test('the assumption about a missing Namespace is said only when services are announced', () => {
    const sel = { namespaceSelectors: [{ matchLabels: { team: 'web' } }] };
    expectResults(run(objs(sel, service('web', { annotation: '192.0.2.1' }))).diags, []);
  });
  test('serviceSelectors must match the service\'s labels', () => {
    const sel = { serviceSelectors: [{ matchLabels: { app: 'web' } }] };
    assert.deepEqual(announced(objs(sel, service('web', { annotation: '192.0.2.1', labels: { app: 'web' } })), [noSlices]).n1, ['192.0.2.1/32']);
    assert.deepEqual(announced(objs(sel, service('web', { annotation: '192.0.2.1', labels: { app: 'db' } })), [refused]).n1, []);
  });
  test('an IP in the status was assigned already: the allocation is not judged again', () => {
    assert.deepEqual(announced(objs({ namespaces: ['shop'] }, service('web', { ips: ['192.0.2.1'] })), [noSlices]).n1, ['192.0.2.1/32']);
  });
});

describe('services: advertisements, nodes and labels', () => {
  const svc = service('web', { ips: ['192.0.2.10'], labels: { app: 'web' } });
  test('an advertisement limited to some nodes announces only there', () => {
    assert.deepEqual(announced([...base, bgpAdv('r1', { nodeSelectors: [{ matchLabels: { rack: 'r1' } }] }), svc], [noSlices]), { n1: ['192.0.2.10/32'], n2: [] });
  });
  test('an advertisement of another pool announces nothing', () => {
    assert.deepEqual(announced([...base, bgpAdv('o', { ipAddressPools: ['other'] }), svc], [noSlices]), { n1: [], n2: [] });
  });
  test('serviceSelectors that match announce; ones that do not, do not', () => {
    assert.deepEqual(announced([...base, bgpAdv('s', { serviceSelectors: [{ matchLabels: { app: 'web' } }] }), svc], [noSlices]).n1, ['192.0.2.10/32']);
    assert.deepEqual(announced([...base, bgpAdv('s', { serviceSelectors: [{ matchLabels: { app: 'db' } }] }), svc], [noSlices]).n1, []);
  });
  test('an advertisement limited to other peers announces nothing to this one', () => {
    const spine = peer('spine', { myASN: 64512, peerASN: 65001, peerAddress: '10.0.0.9' });
    assert.deepEqual(announced([...base, spine, bgpAdv('sp', { peers: ['spine'] }), svc], [noSlices]).n1, []);
    assert.deepEqual(announced([...base, spine, bgpAdv('sp', { peers: ['tor'] }), svc], [noSlices]).n1, ['192.0.2.10/32']);
  });
  test('a node excluded from load balancers announces nothing, but keeps its sessions', () => {
    const got = announced([node('n1', { 'node.kubernetes.io/exclude-from-external-load-balancers': '' }), ...base.slice(1), all, svc], [noSlices]);
    assert.deepEqual(got, { n1: [], n2: ['192.0.2.10/32'] });
  });
  test('a node with NetworkUnavailable True announces nothing; False announces', () => {
    assert.deepEqual(announced([node('n1', {}, [{ type: 'NetworkUnavailable', status: 'True' }]), ...base.slice(1), all, svc], [noSlices]).n1, []);
    assert.deepEqual(announced([node('n1', {}, [{ type: 'NetworkUnavailable', status: 'False' }]), ...base.slice(1), all, svc], [noSlices]).n1, ['192.0.2.10/32']);
  });
  test('a node is network-unavailable only when its NetworkUnavailable condition is exactly True: Unknown, another condition or none announces', () => {
    const n1 = (conditions: Array<{ type: string; status: string }>) => announced([node('n1', {}, conditions), ...base.slice(1), all, svc], [noSlices]).n1;
    assert.deepEqual(n1([{ type: 'NetworkUnavailable', status: 'Unknown' }]), ['192.0.2.10/32']);
    assert.deepEqual(n1([{ type: 'Ready', status: 'True' }]), ['192.0.2.10/32']);
    assert.deepEqual(n1([]), ['192.0.2.10/32']);
    assert.deepEqual(n1([{ type: 'Ready', status: 'True' }, { type: 'NetworkUnavailable', status: 'True' }]), []);
  });
  test('two advertisements selecting the service with conflicting localPref leave it out', () => {
    const a = bgpAdv('a', { localPref: 100, serviceSelectors: [{ matchLabels: { app: 'web' } }] });
    const b = bgpAdv('b', { localPref: 200, serviceSelectors: [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }] });
    const conflict: Want = ['warning', S, 'metadata.labels', 'not announced from nodes n1, n2: BGPAdvertisements "a" and "b" select it with conflicting localPref (100 vs 200)'];
    assert.deepEqual(announced([...base, a, b, svc], [noSlices, conflict]).n1, []);
    assert.deepEqual(announced([...base, a, bgpAdv('b', { localPref: 100, serviceSelectors: [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }] }), svc], [noSlices]).n1, ['192.0.2.10/32']);
  });
});

describe('services: endpoints', () => {
  const cluster = service('web', { ips: ['192.0.2.10'] });
  const local = service('web', { ips: ['192.0.2.10'], policy: 'Local' });
  test('Cluster: a ready endpoint anywhere announces from every node', () => {
    assert.deepEqual(announced([...base, all, cluster, slice('web', [['n2', true]])]), { n1: ['192.0.2.10/32'], n2: ['192.0.2.10/32'] });
  });
  test('Cluster: no ready endpoint announces nothing', () => {
    assert.deepEqual(announced([...base, all, cluster, slice('web', [['n2', false]])]), { n1: [], n2: [] });
  });
  test('Cluster: a terminating but serving endpoint counts', () => {
    assert.deepEqual(announced([...base, all, cluster, slice('web', [['n2', false, true]])]).n1, ['192.0.2.10/32']);
  });
  test('Cluster without EndpointSlices: assumed ready, with an info', () => {
    assert.deepEqual(announced([...base, all, cluster], [noSlices]).n1, ['192.0.2.10/32']);
  });
  test('Local: only nodes with a ready endpoint announce', () => {
    assert.deepEqual(announced([...base, all, local, slice('web', [['n2', true], ['n1', false]])]), { n1: [], n2: ['192.0.2.10/32'] });
  });
  test('a Service and its EndpointSlice without a namespace are both in "default" (where kubectl apply puts them), so the slice counts', () => {
    const bare = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, namespace: undefined } });
    assert.deepEqual(announced([...base, all, bare(local), bare(slice('web', [['n2', true], ['n1', false]]))]), { n1: [], n2: ['192.0.2.10/32'] });
  });
  test('Local: an endpoint without addresses does not count', () => {
    const sl = slice('web', [['n1', true], ['n2', true]]);
    (sl.endpoints as Array<{ addresses: string[] }>)[0].addresses = [];
    assert.deepEqual(announced([...base, all, local, sl]), { n1: [], n2: ['192.0.2.10/32'] });
  });
  test('Local: an endpoint without a known readiness is ready', () => {
    assert.deepEqual(announced([...base, all, local, slice('web', [['n1']])]), { n1: ['192.0.2.10/32'], n2: [] });
  });
  test('Local without EndpointSlices: assumed no local endpoint, with an info', () => {
    assert.deepEqual(announced([...base, all, local], [['info', S, 'spec.externalTrafficPolicy', 'assuming no node has a local endpoint']]), { n1: [], n2: [] });
  });
  test('slices of another namespace do not count', () => {
    assert.deepEqual(announced([...base, all, local, slice('web', [['n1', true]], 'elsewhere')], [['info', S, 'spec.externalTrafficPolicy', 'assuming no node has a local endpoint']]).n1, []);
  });
});

describe('services: address families per neighbour', () => {
  const svc = service('web', { ips: ['192.0.2.10', '2001:db8::a'] });
  const prefixesOf = (p: KubeObject) => {
    const r = run([node('n1'), base[2], p, all, svc], { advertise: 'services' });
    return r.configs[0].spec.bgp!.routers![0].neighbors![0].toAdvertise?.allowed?.prefixes;
  };
  test('an IPv4 neighbour gets IPv4 prefixes only', () => {
    assert.deepEqual(prefixesOf(peer('p', { myASN: 1, peerASN: 2, peerAddress: '10.0.0.1' })), ['192.0.2.10/32']);
  });
  test('an IPv6 neighbour gets IPv6 prefixes only', () => {
    assert.deepEqual(prefixesOf(peer('p', { myASN: 1, peerASN: 2, peerAddress: 'fd00::1' })), ['2001:db8::a/128']);
  });
  test('an IPv4-mapped IPv6 address is an IPv4 neighbour', () => {
    assert.deepEqual(prefixesOf(peer('p', { myASN: 1, peerASN: 2, peerAddress: '::ffff:10.0.0.1' })), ['192.0.2.10/32']);
  });
  test('dual-stack and interface neighbours get both', () => {
    assert.deepEqual(prefixesOf(peer('p', { myASN: 1, peerASN: 2, peerAddress: '10.0.0.1', dualStackAddressFamily: true })), ['192.0.2.10/32', '2001:db8::a/128']);
    assert.deepEqual(prefixesOf(peer('p', { myASN: 1, dynamicASN: 'external', interface: 'eth0' })), ['192.0.2.10/32', '2001:db8::a/128']);
  });
});

describe('services: malformed objects are reported, never a crash', () => {
  const svc = (extra: Record<string, unknown>) => ({ ...service('web'), ...extra });
  const withSpec = (spec: Record<string, unknown>) => ({ ...service('web'), spec: { type: 'LoadBalancer', ...spec } });
  const sl = (endpoints: unknown) => ({ ...slice('web', []), endpoints });
  test('an ingress that is no list, or an entry that is no object', () => {
    assert.deepEqual(announced([...base, all, svc({ status: { loadBalancer: { ingress: '192.0.2.10' } } })], [['warning', S, 'status.loadBalancer.ingress', 'must be a list']]).n1, []);
    assert.deepEqual(announced([...base, all, svc({ status: { loadBalancer: { ingress: [null] } } })], [['warning', S, 'status.loadBalancer.ingress[0]', 'must be an object']]).n1, []);
    assert.deepEqual(announced([...base, all, svc({ status: 'up' })], [['warning', S, 'status', 'must be an object']]).n1, []);
    assert.deepEqual(announced([...base, all, svc({ status: { loadBalancer: 'up' } })], [['warning', S, 'status.loadBalancer', 'must be an object']]).n1, []);
  });
  test('an ingress that is null or absent is no ingress: the pinned IP is announced, with no warning', () => {
    assert.deepEqual(announced([...base, all, { ...service('web', { annotation: '192.0.2.11' }), status: { loadBalancer: { ingress: null } } }], [noSlices]).n1, ['192.0.2.11/32']);
    // What the API server writes before an IP is assigned.
    assert.deepEqual(announced([...base, all, { ...service('web', { annotation: '192.0.2.11' }), status: { loadBalancer: {} } }], [noSlices]).n1, ['192.0.2.11/32']);
  });
  test('an IP that is no string', () => {
    assert.deepEqual(announced([...base, all, svc({ status: { loadBalancer: { ingress: [{ ip: 7 }] } } })], [['warning', S, 'status.loadBalancer.ingress[0].ip', 'invalid IP address 7']]).n1, []);
    assert.deepEqual(announced([...base, all, withSpec({ loadBalancerIP: 7 })], [['warning', S, 'spec.loadBalancerIP', 'invalid IP address 7']]).n1, []);
  });
  test('EndpointSlice endpoints that are no list, or an endpoint that is no object, are not counted', () => {
    const local = service('web', { ips: ['192.0.2.10'], policy: 'Local' });
    const E = 'EndpointSlice/web-x';
    assert.deepEqual(announced([...base, all, local, sl({ n1: {} })], [['warning', E, 'endpoints', 'must be a list; its endpoints are not counted']]), { n1: [], n2: [] });
    assert.deepEqual(announced([...base, all, local, sl([null, { addresses: ['10.244.0.1'], nodeName: 'n2' }])], [['warning', E, 'endpoints[0]', 'must be an object; this endpoint is not counted']]), { n1: [], n2: ['192.0.2.10/32'] });
    assert.deepEqual(announced([...base, all, local, sl([{ addresses: '10.244.0.1', nodeName: 'n1' }, { addresses: ['10.244.0.2'], nodeName: 7 }])]), { n1: [], n2: [] });
  });
  test('with advertise: pools, services and their slices are not read: nothing to report', () => {
    const r = run([...base, all, svc({ status: { loadBalancer: { ingress: 'x' } } }), sl('x')]);
    expectResults(r.diags, []);
  });
});
