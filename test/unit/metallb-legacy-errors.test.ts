// convert-configmap on input that is not a usable pre-0.13 configuration:
// one line naming the ConfigMap and data.config, nothing converted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runConvert } from '../../fn/convert.ts';

const configMap = (config: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: metallb-system, name: config}\ndata:\n  config: ${JSON.stringify(config)}\n`;
const convert = (input: string) => {
  const r = runConvert(['-'], () => input);
  return [r.code, r.stdout, r.stderr];
};
const AT = 'error: ConfigMap metallb-system/config (stdin) data.config';

test('a data.config that is not valid YAML: the parser\'s first line only (the next ones quote the input)', () => {
  assert.deepEqual(convert(configMap('peers: [\n')), [1, '', `${AT}: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:\n`]);
  // YAML 1.1 as MetalLB read it, keys unique.
  assert.deepEqual(convert(configMap('peers:\n- password: s3cret\n  password: s3cret\n')), [1, '', `${AT}: not valid YAML: Map keys must be unique at line 3, column 3:\n`]);
});

test('a data.config that holds nothing (a comment, null, an empty string) is "no data", as MetalLB\'s converter says', () => {
  for (const empty of ['# to do\n', '~\n', "''\n"]) {
    assert.deepEqual(convert(configMap(empty)), [1, '', `${AT}: no configuration (MetalLB's converter says "bad ConfigMap: no data")\n`], empty);
  }
});

test('a document that is a list or a plain value is neither the ConfigMap nor its data.config', () => {
  for (const doc of ['- peers: []\n', 'peers\n', '42\n']) {
    assert.deepEqual(convert(doc), [1, '', "error: stdin: expected MetalLB's pre-0.13 ConfigMap (data.config with peers/address-pools) or its data.config alone\n"], doc);
  }
});

test('a pool without addresses converts to a pool with none, which the check refuses on spec.addresses', () => {
  const [code, stdout, stderr] = convert(configMap('address-pools:\n- name: web\n  protocol: bgp\n'));
  assert.deepEqual([code, stdout], [1, '']);
  assert.equal(stderr, 'error: IPAddressPool metallb-system/web (stdin) spec.addresses: a pool needs at least one address (CIDR or start-end range)\n');
});

test('a one-letter pool or BFD profile name is a Kubernetes name already: kept, with no note that it "becomes" itself', () => {
  const r = runConvert(['-'], () => configMap('bfd-profiles:\n- name: f\npeers:\n- my-asn: 64512\n  peer-asn: 65000\n  peer-address: 10.0.0.1\n  bfd-profile: f\naddress-pools:\n- name: a\n  protocol: bgp\n  addresses: [10.1.0.0/24]\n'));
  assert.deepEqual([r.code, r.stderr], [0, '']);
  assert.match(r.stdout, /kind: IPAddressPool\nmetadata:\n {2}name: a\n/);
  assert.match(r.stdout, /kind: BFDProfile\nmetadata:\n {2}name: f\n/);
});

test('a node selector expression without values (Exists) converts without values', () => {
  const r = runConvert(['-'], () => 'peers:\n- my-asn: 64512\n  peer-asn: 65000\n  peer-address: 10.0.0.1\n  node-selectors:\n  - match-expressions:\n    - key: rack\n      operator: Exists\n');
  assert.deepEqual([r.code, r.stderr], [0, '']);
  assert.match(r.stdout, /\n {2}nodeSelectors:\n {2}- matchExpressions:\n {4}- key: rack\n {6}operator: Exists\n {2}peerASN: 65000\n/);
});

test('a pool whose protocol is neither "bgp" nor "layer2" but has BGP advertisements keeps them: the warning says only the L2Advertisement is missing', () => {
  const r = runConvert(['-'], () => 'address-pools:\n- name: web\n  protocol: BGP\n  addresses: [10.1.0.0/24]\n  bgp-advertisements:\n  - localpref: 100\n');
  assert.equal(r.code, 0);
  assert.equal(r.stderr, 'warning: stdin address-pools[0].protocol: protocol "BGP" is neither "bgp" nor "layer2": pool "web" gets no L2Advertisement, as with MetalLB\'s converter; add one if the pool is to be announced\n');
  assert.match(r.stdout, /kind: BGPAdvertisement\nmetadata:\n {2}name: bgpadvertisement1\n {2}namespace: metallb-system\nspec:\n {2}ipAddressPools:\n {2}- web\n {2}localPref: 100\n/);
});

test('a data.config or a peer that is not a map, and lists that are not lists: each named at its field, all at once', () => {
  assert.deepEqual(convert(configMap('- a\n')), [1, '', `${AT}: must be a map, not a list\n`]);
  assert.deepEqual(convert(configMap('peers: [3, [1]]\naddress-pools: {a: 1}\n')), [
    1,
    '',
    `${AT}.peers[0]: must be a map, not 3\n${AT}.peers[1]: must be a map, not a list\n${AT}.address-pools: must be a list, not a map\n`,
  ]);
});

test('values of the wrong type are decoded as Go decodes them: each named at its field with what it is, keys matched in any case, null skipped, bounds inclusive', () => {
  const config = `bgp-communities: [1]
peers:
- my-asn: -1
  Peer-ASN: 4294967296
  peer-port: 1.5
  ebgp-multihop: "yes"
  source-address: null
  node-selectors:
  - match-labels: [a]
  - match-labels: {a: null, b: 2, c: d}
- my-asn: 4294967295
  peer-asn: 0
  peer-port: 65535
  peer-address: 10.0.0.1
address-pools:
- name: pool
  addresses: "10.0.0.0/24"
  auto-assign: 1
  bgp-advertisements:
  - aggregation-length: -2147483649
    aggregation-length-v6: 2147483647
    communities: [1, null]
  - aggregation-length: -2147483648
bfd-profiles:
- name: fast
  echo-mode: null
  receive-interval: fast
`;
  const r = runConvert(['-'], () => config);
  assert.deepEqual([r.code, r.stdout], [1, '']);
  assert.equal(
    r.stderr,
    [
      'error: stdin bgp-communities: must be a map of strings, not a list',
      'error: stdin peers[0].my-asn: must be a whole number from 0 to 4294967295, not -1',
      'error: stdin peers[0].Peer-ASN: must be a whole number from 0 to 4294967295, not 4294967296',
      'error: stdin peers[0].peer-port: must be a whole number from 0 to 65535, not 1.5',
      'error: stdin peers[0].ebgp-multihop: must be true or false, not "yes"',
      'error: stdin peers[0].node-selectors[0].match-labels: must be a map of strings, not a list',
      'error: stdin peers[0].node-selectors[1].match-labels.b: must be a string, not 2 (quote it in YAML)',
      'error: stdin address-pools[0].addresses: must be a list, not "10.0.0.0/24"',
      'error: stdin address-pools[0].auto-assign: must be true or false, not 1',
      'error: stdin address-pools[0].bgp-advertisements[0].aggregation-length: must be a whole number from -2147483648 to 2147483647, not -2147483649',
      'error: stdin address-pools[0].bgp-advertisements[0].communities[0]: must be a string, not 1 (quote it in YAML)',
      'error: stdin bfd-profiles[0].receive-interval: must be a whole number from 0 to 4294967295, not "fast"',
      'warning: stdin address-pools[0].protocol: protocol "" is neither "bgp" nor "layer2": pool "pool" gets no L2Advertisement, as with MetalLB\'s converter; add one if the pool is to be announced',
      '',
    ].join('\n'),
  );
});

test('a null in a list of strings is an empty string and a null in a map of strings is left out, as Go decodes them', () => {
  assert.deepEqual(convert('address-pools:\n- name: web\n  protocol: bgp\n  addresses: [null, 10.0.0.0/24]\n'), [1, '', 'error: IPAddressPool metallb-system/web (stdin) spec.addresses[0]: invalid CIDR ""\n']);
  const r = runConvert(['-'], () => 'bgp-communities: {a: "65000:1", b: null}\n');
  assert.deepEqual([r.code, r.stderr], [0, '']);
  assert.match(r.stdout, /\nspec:\n {2}communities:\n {2}- name: a\n {4}value: "65000:1"\n$/);
  assert.deepEqual(convert('bgp-communities: 3\n'), [1, '', 'error: stdin bgp-communities: must be a map of strings, not 3\n']);
});
