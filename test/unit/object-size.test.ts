// Generated objects larger than the API server stores (etcd's
// --max-request-bytes, 1.5 MiB by default; maxObjectSize in the function's
// configuration) are refused at build time, one line each naming the object
// and what makes it smaller, and nothing is written. Small inputs here, with
// a lowered limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { runBuild } from '../../fn/build.ts';
import { runFunction } from '../../fn/function.ts';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import { checkObjectSizes } from '../../src/compile/object-size.ts';
import { DEFAULT_MAX_OBJECT_SIZE } from '../../src/compile/options.ts';
import { parseSize } from '../../src/krm/limits.ts';

const PEER = 'apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: tor, namespace: metallb-system}\nspec: {myASN: 64512, peerASN: 65000, peerAddress: 172.16.0.1}';
const POOL = 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: pool, namespace: metallb-system}\nspec:\n  addresses: [10.0.0.0/16]';
const ADV = 'apiVersion: metallb.io/v1beta1\nkind: BGPAdvertisement\nmetadata: {name: adv, namespace: metallb-system}\nspec:\n  ipAddressPools: [pool]\n  aggregationLength: 32';
const NODE = 'apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\n  labels: {kubernetes.io/hostname: node-a}';
const config = (spec: string) => `apiVersion: fn.metallb-frr.dev/v1alpha1\nkind: MetalLBFRR\nmetadata: {name: cfg}\nspec: {manifests: {enabled: false}${spec ? `, ${spec}` : ''}}`;
const stream = (...docs: string[]) => docs.join('\n---\n') + '\n';

/** build on stdin. */
const build = (text: string) => runBuild(['-'], () => text, {});

/** The one generated FRRConfiguration's size as JSON, from a build without a limit. */
function generatedSize(...docs: string[]): number {
  const r = build(stream(...docs, config('maxObjectSize: "0"')));
  assert.equal(r.code, 0, r.stderr);
  const objs = parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind: string });
  const generated = objs.filter((o) => o.kind === 'FRRConfiguration');
  assert.equal(generated.length, 1);
  return Buffer.byteLength(JSON.stringify(generated[0]));
}

test('the default limit is etcd\'s 1.5 MiB', () => {
  assert.equal(parseSize(DEFAULT_MAX_OBJECT_SIZE), 1.5 * 1024 * 1024);
});

test('an FRRConfiguration over maxObjectSize: one error naming it, its size and the limit, exit 1, nothing written; at the limit it is written', () => {
  // 10.0.0.0/16 at aggregationLength 32 in pools mode is one /16: small. A
  // limit of a few hundred bytes is below it.
  const size = generatedSize(PEER, POOL, ADV);
  const over = build(stream(PEER, POOL, ADV, config(`maxObjectSize: "${size - 1}"`)));
  assert.equal(over.code, 1);
  assert.equal(over.stdout, '');
  const lines = over.stderr.trim().split('\n');
  assert.equal(lines.length, 1, over.stderr);
  assert.equal(
    lines[0],
    `error: FRRConfiguration frr-k8s-system/metallb-tor: ${size} bytes as JSON, over the ${size - 1} bytes the API server stores per object (etcd's --max-request-bytes; the function's maxObjectSize): it would be refused when applied; announce whole pools (advertise: pools) or aggregate the services' IPs (the BGPAdvertisement's aggregationLength), or raise maxObjectSize to what the cluster's etcd takes`,
  );
  const at = build(stream(PEER, POOL, ADV, config(`maxObjectSize: "${size}"`)));
  assert.equal(at.code, 0, at.stderr);
  assert.match(at.stdout, /name: metallb-tor/);
});

test('per-node output (Nodes in the input) over the limit suggests per-group output', () => {
  const r = build(stream(PEER, POOL, ADV, NODE, config('maxObjectSize: "100"')));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: FRRConfiguration frr-k8s-system\/metallb-node-a: \d+ bytes as JSON, over the 100 bytes the API server stores per object .*leave the Node objects out of the input for one FRRConfiguration per peer and node selector group \(per-group output\)/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('the KRM function: the same error, the input items unchanged and nothing generated', () => {
  const items = [PEER, POOL, ADV].map((d) => d.split('\n').map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n')).join('\n');
  const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: fn}\n  data:\n    manifests: "false"\n    maxObjectSize: "100"\n`;
  const r = runFunction(input);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: FRRConfiguration frr-k8s-system\/metallb-tor: \d+ bytes as JSON, over the 100 bytes/);
  const [listed] = r.stdout.split('\nfunctionConfig:\n');
  assert.equal(listed, `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}`, 'the input items as written, nothing generated');
  assert.match(r.stdout, /\nresults:\n- message: "\d+ bytes as JSON, over the 100 bytes[^\n]*\n {2}severity: error\n {2}resourceRef:\n {4}apiVersion: frrk8s.metallb.io\/v1beta1\n {4}kind: FRRConfiguration\n {4}name: metallb-tor\n/);
});

test('the manifests count too (the reloader\'s ConfigMap is the largest, ~10 KB): one line each; "0" is no limit', () => {
  const withManifests = (size: string) => build(stream(PEER, POOL, ADV, config(`maxObjectSize: "${size}"`).replace('{manifests: {enabled: false}, ', '{')));
  assert.equal(withManifests('0').code, 0);
  assert.equal(withManifests('1536Ki').code, 0);
  const r = withManifests('5000');
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.deepEqual(r.stderr.trim().split('\n').map((l) => /^error: (\S+ \S+): \d+ bytes as JSON, over the 5000 bytes .*; (.*)$/.exec(l)?.slice(1).join(': ')), [
    "ConfigMap frr-k8s-system/metallb-frr-reloader: raise maxObjectSize to what the cluster's etcd takes",
    "DaemonSet frr-k8s-system/metallb-frr: raise maxObjectSize to what the cluster's etcd takes",
  ]);
});

test('at the default limit: an FRRConfiguration of 1.6 MiB is refused, sizes in MiB; one of 1.4 MiB passes', () => {
  const limit = parseSize(DEFAULT_MAX_OBJECT_SIZE)!;
  const configuration = (bytes: number) => ({ apiVersion: 'frrk8s.metallb.io/v1beta1', kind: 'FRRConfiguration', metadata: { name: 'metallb-big', namespace: 'frr-k8s-system' }, spec: { raw: { rawConfig: 'x'.repeat(bytes) } } });
  const diags = new Diagnostics();
  checkObjectSizes([configuration(1.4 * 1024 * 1024), configuration(1.6 * 1024 * 1024)], limit, false, diags);
  assert.deepEqual(diags.list.map((d) => formatDiagnostic(d).slice(0, 120)), ['error: FRRConfiguration frr-k8s-system/metallb-big: 1.60 MiB as JSON, over the 1.50 MiB the API server stores per object']);
});

test('maxObjectSize that is no size: one error naming the field or key', () => {
  let r = build(stream(PEER, POOL, ADV, config('maxObjectSize: "1.5Mi"')));
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: MetalLBFRR cfg (stdin (document 4)) spec.maxObjectSize: "1.5Mi" is not a size (bytes, or a number with k, M, G, Ki, Mi or Gi, e.g. 3Mi; "0" for no limit)\n');
  const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: fn}\n  data:\n    maxObjectSize: lots\n`;
  r = runFunction(list);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: ConfigMap fn data\.maxObjectSize: "lots" is not a size/);
});
