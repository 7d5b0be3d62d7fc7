// `metallb-frr explain`: the missing link when something is not announced,
// services, peers, hand-written configurations, node exclusion, JSON, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExplain } from '../../fn/explain.ts';
import { FROM_SOURCE, ROOT, tempDir } from '../lib/fixtures.ts';

const SEED = join(ROOT, 'examples', 'seed');
const noStdin = () => '';

function withSeed(extra: Record<string, string>, body: (dir: string) => void): void {
  const t = tempDir('explain');
  try {
    cpSync(SEED, t.dir, { recursive: true });
    for (const [f, text] of Object.entries(extra)) writeFileSync(join(t.dir, f), text);
    body(t.dir);
  } finally {
    t.cleanup();
  }
}

const verdict = (stdout: string) => stdout.trim().split('\n').at(-1)!;

test('a pool no advertisement selects: the verdict names the missing link', () =>
  withSeed({ 'orphan.yaml': 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: orphan, namespace: metallb-system}\nspec: {addresses: [10.210.0.0/24]}\n' }, (dir) => {
    const r = runExplain([dir, '--node', 'n1', '--prefix', '10.210.0.0/24'], noStdin);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(verdict(r.stdout), 'verdict: not announced: no BGPAdvertisement selects IPAddressPool orphan');
    assert.match(r.stdout, /no {4}BGPAdvertisement frr-k8s-advert does not select IPAddressPool orphan/);
    assert.match(r.stdout, /IPAddressPool metallb-system\/orphan, orphan\.yaml, spec\.addresses\[0\]/);
  }));

test('an advertisement limited to other nodes, and a node excluded from load balancers', () =>
  withSeed({ 'bgp-advertisement.yaml': 'apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata: {name: frr-k8s-advert, namespace: metallb-system}\nspec:\n  ipAddressPools: [frr-k8s-pool]\n  nodeSelectors: [{matchLabels: {rack: r1}}]\n  localPref: 150\n  communities: ["65000:9"]\n' }, (dir) => {
    let r = runExplain([dir, '--node', 'n2', '--labels', 'rack=r2', '--prefix', '10.200.0.7'], noStdin);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(verdict(r.stdout), 'verdict: not announced: BGPAdvertisement frr-k8s-advert does not select node n2 (spec.nodeSelectors)');
    r = runExplain([dir, '--node', 'n1', '--labels', 'rack=r1', '--prefix', '10.200.0.7'], noStdin);
    assert.equal(verdict(r.stdout), 'verdict: announced to 10.0.0.1 as 10.200.0.0/24 (localPref 150, communities 65000:9)');
    assert.match(r.stdout, /with localPref 150 \(spec\.localPref\), communities 65000:9 \(spec\.communities\)/);
    // Without Node objects the build cannot see the exclusion label: explain says so, and what the agent will do.
    r = runExplain([dir, '--node', 'n1', '--labels', 'rack=r1,node.kubernetes.io/exclude-from-external-load-balancers=', '--prefix', '10.200.0.7'], noStdin);
    assert.match(r.stdout, /the node has the label node\.kubernetes\.io\/exclude-from-external-load-balancers, but the input has no Node objects/);
    assert.match(verdict(r.stdout), /^verdict: announced to 10\.0\.0\.1/);
    // With them, MetalLB's rule applies.
    writeFileSync(join(dir, 'nodes.yaml'), 'apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {rack: r1, node.kubernetes.io/exclude-from-external-load-balancers: ""}}\n');
    r = runExplain([dir, '--node', 'n1', '--prefix', '10.200.0.7'], noStdin);
    assert.match(r.stdout, /no {4}the node has the label node\.kubernetes\.io\/exclude-from-external-load-balancers: MetalLB announces nothing from it/);
    assert.match(verdict(r.stdout), /^verdict: not announced: node n1 announces nothing \(label node\.kubernetes\.io\/exclude-from-external-load-balancers\)/);
    assert.match(JSON.parse(runExplain([dir, '--node', 'n1', '--prefix', '10.200.0.7', '-o', 'json'], noStdin).stdout).consistent.toString(), /true/);
  }));

test('a hand-written FRRConfiguration is named where it changes the outcome', () =>
  withSeed({}, (dir) => {
    const r = runExplain([dir, '--node', 'n1', '--prefix', '10.201.0.0/24', '-o', 'json'], noStdin);
    assert.equal(r.code, 0, r.stderr);
    const e = JSON.parse(r.stdout);
    assert.equal(e.version, 1);
    assert.equal(e.verdict.announced, true);
    assert.deepEqual(e.verdict.to, [{ vrf: '', asn: 65001, neighbor: '10.0.0.1', prefix: '10.201.0.0/24', communities: [], largeCommunities: [] }]);
    assert.ok(e.steps.some((s: { object?: string; file?: string; text: string }) => s.object === 'FRRConfiguration frr-k8s-system/custom-config' && s.file === 'custom-frr-config.yaml' && /announces 10\.201\.0\.0\/24 to 10\.0\.0\.1/.test(s.text)));
    assert.equal(e.consistent, true);
  }));

test('--service with advertise: services: IPs, traffic policy and endpoints on the node, loadBalancerClass', () => {
  const svc = (name: string, extra: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: web}\nspec: {type: LoadBalancer, externalTrafficPolicy: Local${extra}}\nstatus: {loadBalancer: {ingress: [{ip: 10.200.0.5}]}}\n`;
  const slice = 'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: shop-1, namespace: web, labels: {kubernetes.io/service-name: shop}}\naddressType: IPv4\nendpoints: [{addresses: [10.1.0.1], nodeName: n1, conditions: {ready: true}}]\n';
  const fc = 'apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: metallb-frr, annotations: {config.kubernetes.io/local-config: "true"}}\nspec: {advertise: services}\n';
  withSeed({ 'fn-config.yaml': fc, 'svc.yaml': `${svc('shop', '')}---\n${slice}---\n${svc('other', ', loadBalancerClass: example.com/lb')}` }, (dir) => {
    let r = runExplain([dir, '--node', 'n1', '--service', 'web/shop'], noStdin);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /the service's IPs: 10\.200\.0\.5 \(from its status\)/);
    assert.match(r.stdout, /externalTrafficPolicy Local: needs a ready endpoint on node n1: yes/);
    assert.equal(verdict(r.stdout), 'verdict: announced to 10.0.0.1 as 10.200.0.5/32');
    r = runExplain([dir, '--node', 'n2', '--service', 'web/shop'], noStdin);
    assert.equal(verdict(r.stdout), 'verdict: not announced: Service web/shop has no ready endpoint on node n2');
    r = runExplain([dir, '--node', 'n1', '--service', 'web/other'], noStdin);
    assert.equal(verdict(r.stdout), 'verdict: not announced: the service has loadBalancerClass "example.com/lb"');
  });
});

test('--peer: the session and what it is sent', () =>
  withSeed({}, (dir) => {
    const r = runExplain([dir, '--node', 'n1', '--peer', 'tor-switch'], noStdin);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(verdict(r.stdout), 'verdict: session with 10.0.0.1 on the node; announced to 10.0.0.1 as 10.200.0.0/24; to 10.0.0.1 as 10.201.0.0/24');
  }));

test('errors: one line, exit 2 for usage, 1 for the input', () =>
  withSeed({}, (dir) => {
    for (const args of [[dir, '--prefix', '10.0.0.0/8'], [dir, '--node', 'n1'], [dir, '--node', 'n1', '--prefix', 'x', '--peer', 'y'], [dir, '--node', 'n1', '--service', 'nons'], [dir, '--node', 'n1', '--peer', 'p', '-o', 'yaml']]) {
      const r = runExplain(args, noStdin);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^error: /);
    }
    for (const [args, msg] of [
      [[dir, '--node', 'n1', '--prefix', 'nonsense'], /--prefix: "nonsense" is neither an IP address nor a CIDR prefix/],
      [[dir, '--node', 'n1', '--peer', 'nobody'], /--peer: no BGPPeer nobody/],
      [[dir, '--node', 'n1', '--service', 'a/b'], /--service: no Service a\/b/],
      [[join(dir, 'generated'), '--node', 'n1', '--peer', 'x'], /no MetalLB resource in it/],
    ] as const) {
      const r = runExplain([...args], noStdin);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, msg);
    }
  }));

test('metallb-frr help lists diff and explain', async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [...FROM_SOURCE, join(ROOT, 'fn', 'main.ts'), 'help'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ {2}metallb-frr diff OLD NEW /m);
  assert.match(r.stdout, /^ {2}metallb-frr explain \[DIR\|-\] --node NAME /m);
});

test('--service: two advertisements with conflicting localPref announce it from neither, as the build does', () => {
  const fc = 'apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: metallb-frr, annotations: {config.kubernetes.io/local-config: "true"}}\nspec: {advertise: services}\n';
  const ad = (name: string, lp: number) => `apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata: {name: ${name}, namespace: metallb-system}\nspec: {ipAddressPools: [frr-k8s-pool], serviceSelectors: [{matchLabels: {app: web}}], localPref: ${lp}}\n`;
  const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: web, labels: {app: web}}\nspec: {type: LoadBalancer}\nstatus: {loadBalancer: {ingress: [{ip: 10.200.0.8}]}}\n';
  withSeed({ 'fn-config.yaml': fc, 'bgp-advertisement.yaml': `${ad('a', 100)}---\n${ad('b', 200)}`, 'svc.yaml': svc }, (dir) => {
    const r = runExplain([dir, '--node', 'n1', '--service', 'web/web', '-o', 'json'], noStdin);
    assert.equal(r.code, 0, r.stderr);
    const e = JSON.parse(r.stdout);
    assert.equal(e.verdict.text, 'not announced: BGPAdvertisements a and b select it with conflicting localPref');
    assert.equal(e.consistent, true);
  });
});
