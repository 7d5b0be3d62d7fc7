// convert-configmap's reading of its input (src/compile/legacy-convert.ts) in
// process: one document (MetalLB's ConfigMap, or its data.config), empty
// documents ignored as in any manifest stream, and every problem one line
// naming the source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertLegacyText } from '../../src/compile/legacy-convert.ts';

const DATA = 'peers:\n- my-asn: 64512\n  peer-asn: 64512\n  peer-address: 10.96.0.100\naddress-pools:\n- name: pool-a\n  protocol: bgp\n  addresses: [198.51.100.0/24]\n';
const configMap = (metadata: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: ${metadata}\ndata:\n  config: |\n${DATA.trimEnd().replace(/^/gm, '    ')}\n`;
const kinds = (text: string) => convertLegacyText(text, 'in.yaml').objects?.map((o) => `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`);
const fails = (text: string) => {
  const r = convertLegacyText(text, 'in.yaml');
  assert.equal(r.objects, undefined, text);
  assert.equal(r.lines.length, 1, r.lines.join('\n'));
  return r.lines[0];
};

test('one document: the data.config alone, or the ConfigMap (its namespace kept)', () => {
  assert.deepEqual(kinds(DATA), ['BGPPeer metallb-system/peer1', 'IPAddressPool metallb-system/pool-a', 'BGPAdvertisement metallb-system/bgpadvertisement1']);
  assert.deepEqual(kinds(configMap('{name: config, namespace: lb}')), ['BGPPeer lb/peer1', 'IPAddressPool lb/pool-a', 'BGPAdvertisement lb/bgpadvertisement1']);
  const r = convertLegacyText(configMap('{name: config, namespace: lb}'), 'in.yaml');
  assert.equal(r.objects && r.header, `# MetalLB resources converted by "metallb-frr convert-configmap" from MetalLB's pre-0.13 ConfigMap lb/config.\n`);
});

test('a ConfigMap without a name or namespace: converted to the default namespace, the header naming what it can', () => {
  const r = convertLegacyText(configMap('{namespace: ""}'), 'in.yaml');
  assert.ok(r.objects, r.lines.join('\n'));
  assert.equal(r.objects && r.header, `# MetalLB resources converted by "metallb-frr convert-configmap" from MetalLB's pre-0.13 ConfigMap metallb-system/.\n`);
});

test('empty documents around the one (a leading or trailing ---, a comment-only document) are ignored', () => {
  for (const text of [`---\n${DATA}`, `${DATA}---\n`, `# header\n---\n# nothing here\n---\n${DATA}---\n`, `${configMap('{name: config}')}---\n...\n`, `${DATA}--- ''\n`]) {
    assert.equal(kinds(text)?.length, 3, text);
  }
});

test('more than one document, or none: one error saying how many', () => {
  assert.equal(fails(`${DATA}---\n${DATA}`), `error: in.yaml: expected one document (MetalLB's ConfigMap, or its data.config), found 2`);
  assert.equal(fails('# nothing\n---\n'), `error: in.yaml: expected one document (MetalLB's ConfigMap, or its data.config), found 0`);
});

test('a YAML error, even in an otherwise empty document, or a duplicate key: "not valid YAML", the first error only', () => {
  assert.match(fails(`${DATA}---\n]\n`), /^error: in\.yaml: not valid YAML: Unexpected flow-seq-end token/);
  assert.match(fails(`${DATA}---\n&a &b\n`), /^error: in\.yaml: not valid YAML: A node can have at most one anchor/);
  assert.match(fails(`${DATA}peers: []\n`), /^error: in\.yaml: not valid YAML: Map keys must be unique at line 9, column 1:$/);
  assert.match(fails('peers:\n\t- a\n'), /^error: in\.yaml: not valid YAML: Tabs are not allowed as indentation/);
});

test('an alias without its anchor, or too many aliases: one error, not a crash', () => {
  assert.equal(fails('peers: *nope\n'), 'error: in.yaml: the document uses YAML aliases that cannot be resolved');
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdef'.split('').map((k, i) => `${k}: ${k === 'f' ? '' : `&${k} `}[${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`)].join('\n') + '\n';
  assert.equal(fails(laughs), 'error: in.yaml: the document uses YAML aliases that cannot be resolved');
});

test('an error only YAML 1.1 sees in data.config alone (yes and true are one key) names the line of the file', () => {
  const text = `# MetalLB's data.config\n---\n# nothing\n---\n${DATA}  yes: 1\n  true: 2\n---\n`;
  assert.match(fails(text), /^error: in\.yaml: not valid YAML: Map keys must be unique at line 14, column 3:$/);
});

test('a ConfigMap whose data.config is blank is not MetalLB\'s configuration', () => {
  for (const config of ['""', '"  \\n "']) {
    assert.equal(fails(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config, namespace: lb}\ndata: {config: ${config}}\n`), `error: in.yaml: ConfigMap lb/config has no data.config: not MetalLB's pre-0.13 configuration`);
  }
});

test('data.config alone: a problem names the field from its root (no data.config prefix: the file is the data)', () => {
  const r = convertLegacyText(DATA.replace('my-asn: 64512', 'my-asn: "64512"'), 'in.yaml');
  assert.equal(r.objects, undefined);
  assert.deepEqual(r.lines, ['error: in.yaml peers[0].my-asn: must be a whole number from 0 to 4294967295, not "64512"']);
});

test('the converted resources are checked as build checks them: what MetalLB\'s converter lets through but a build would refuse is an error, nothing printed', () => {
  const twice = DATA.replace('address-pools:', '- my-asn: 64512\n  peer-asn: 64512\n  peer-address: 10.96.0.100\naddress-pools:');
  const r = convertLegacyText(twice, 'in.yaml');
  assert.equal(r.objects, undefined);
  assert.deepEqual(r.lines, ['error: BGPPeer metallb-system/peer2 (in.yaml) spec.peerAddress: BGPPeer "peer1" already peers with 10.96.0.100 in the default VRF: peers whose node selectors can select the same node must not repeat a session']);
});

test('the check\'s notes on how a build would emit a resource are left out (a source-address is converted, not discussed)', () => {
  const r = convertLegacyText(DATA.replace('  peer-address: 10.96.0.100\n', '  peer-address: 10.96.0.100\n  source-address: 10.96.0.5\n'), 'in.yaml');
  assert.equal((r.objects?.[0].spec as Record<string, unknown>).sourceAddress, '10.96.0.5');
  assert.deepEqual(r.lines, []);
});

test('what is neither MetalLB\'s ConfigMap nor its data.config: one error saying what is expected', () => {
  const expected = `error: in.yaml: expected MetalLB's pre-0.13 ConfigMap (data.config with peers/address-pools) or its data.config alone`;
  assert.equal(fails('apiVersion: v1\nkind: Secret\nmetadata: {name: config}\n'), expected);
  assert.equal(fails(`apiVersion: apps/v1\nkind: ConfigMap\nmetadata: {name: config}\ndata:\n  config: |\n${DATA.trimEnd().replace(/^/gm, '    ')}\n`), expected);
  assert.equal(fails('- peers: []\n'), expected);
  for (const data of ['{config: 5}', '[config]', '{}']) {
    assert.equal(fails(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config, namespace: lb}\ndata: ${data}\n`), `error: in.yaml: ConfigMap lb/config has no data.config: not MetalLB's pre-0.13 configuration`, data);
  }
});
