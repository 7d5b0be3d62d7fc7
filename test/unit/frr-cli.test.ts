// `metallb-frr render` (fn/render.ts): flags, the YAML stream, namespaces,
// redaction, and exit codes (0 printed, 1 merge/render errors, 2 usage).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderCommand } from '../../fn/render.ts';

const config = (name: string, spec: string, namespace = 'frr-k8s-system') =>
  `apiVersion: frrk8s.metallb.io/v1beta1\nkind: FRRConfiguration\nmetadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}\nspec: ${spec}\n---\n`;
const secret = (name: string, password: string, namespace = 'frr-k8s-system') =>
  `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, namespace: ${namespace}}\ntype: kubernetes.io/basic-auth\nstringData: {password: ${password}}\n---\n`;
const withPassword = config('a', '{bgp: {routers: [{asn: 65001, neighbors: [{address: 10.0.0.1, asn: 65000, passwordSecret: {name: auth}}]}]}}');

describe('metallb-frr render', () => {
  it('prints the node\'s frr.conf, ignoring other kinds', async () => {
    const stream = `apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata: {name: p, namespace: metallb-system}\nspec: {myASN: 1}\n---\n${config('a', '{bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24]}]}}')}`;
    const r = await renderCommand(['--node', 'worker-1'], stream);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^hostname worker-1$/m);
    assert.match(r.stdout, /^  network 10\.1\.0\.0\/24$/m);
    assert.match(r.stdout, /^log stdout informational$/m);
    const warn = await renderCommand(['--node', 'worker-1', '--log-level', 'warn'], stream);
    assert.match(warn.stdout, /^log stdout warnings$/m);
  });

  it('selects by --labels plus the implied kubernetes.io/hostname label; --hostname overrides the hostname line', async () => {
    const stream =
      config('rack', '{nodeSelector: {matchLabels: {rack: r1}}, bgp: {routers: [{asn: 65001, prefixes: [10.1.0.0/24]}]}}') +
      config('host', '{nodeSelector: {matchLabels: {kubernetes.io/hostname: worker-1}}, bgp: {routers: [{asn: 65001, prefixes: [10.2.0.0/24]}]}}') +
      config('other', '{nodeSelector: {matchLabels: {rack: r2}}, bgp: {routers: [{asn: 65001, prefixes: [10.3.0.0/24]}]}}');
    const r = await renderCommand(['--node', 'worker-1', '--labels', 'rack=r1, zone=z1', '--hostname', 'w1.example'], stream);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /From FRRConfigurations: frr-k8s-system\/host, frr-k8s-system\/rack$/m);
    assert.match(r.stdout, /^hostname w1\.example$/m);
    assert.doesNotMatch(r.stdout, /10\.3\.0\.0/);
  });

  it('redacts passwords unless --secrets', async () => {
    const stream = withPassword + secret('auth', 'hunter2-pw');
    const redacted = await renderCommand(['--node', 'n'], stream);
    assert.equal(redacted.code, 0, redacted.stderr);
    assert.match(redacted.stdout, /^ neighbor 10\.0\.0\.1 password <redacted>$/m);
    assert.ok(!redacted.stdout.includes('hunter2-pw'));
    const shown = await renderCommand(['--node', 'n', '--secrets'], stream);
    assert.match(shown.stdout, /^ neighbor 10\.0\.0\.1 password hunter2-pw$/m);
  });

  it('a missing Secret: a warning when redacting, exit 1 with --secrets', async () => {
    const redacted = await renderCommand(['--node', 'n'], withPassword);
    assert.equal(redacted.code, 0);
    assert.equal(redacted.stderr, 'warning: FRRConfiguration frr-k8s-system/a spec.bgp.routers[0].neighbors[0].passwordSecret: neighbor 10.0.0.1: Secret frr-k8s-system/auth not found; the node needs it\n');
    const strict = await renderCommand(['--node', 'n', '--secrets'], withPassword);
    assert.equal(strict.code, 1);
    assert.equal(strict.stdout, '');
    assert.equal(strict.stderr, 'error: FRRConfiguration frr-k8s-system/a spec.bgp.routers[0].neighbors[0].passwordSecret: neighbor 10.0.0.1: Secret frr-k8s-system/auth not found\n');
  });

  it('only the FRR-K8s namespace counts; objects without one are in it', async () => {
    const stream = config('elsewhere', '{bgp: {routers: [{asn: 65001}]}}', 'default') + config('unset', '{bgp: {routers: [{asn: 65001}]}}', '') + withPassword + secret('auth', 'in-ns') + secret('auth', 'other-ns', 'default');
    const r = await renderCommand(['--node', 'n', '--secrets'], stream);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, [
      'warning: FRRConfiguration default/elsewhere: not in namespace frr-k8s-system, ignored (frr-k8s reads only its own namespace)',
      'warning: Secret default/auth: not in namespace frr-k8s-system, ignored (frr-k8s reads only its own namespace)',
      '',
    ].join('\n'));
    assert.match(r.stdout, /From FRRConfigurations: frr-k8s-system\/a, frr-k8s-system\/unset$/m);
    assert.match(r.stdout, /password in-ns$/m);
    const custom = await renderCommand(['--node', 'n', '--namespace', 'default'], stream);
    assert.match(custom.stdout, /From FRRConfigurations: default\/elsewhere, default\/unset$/m);
  });

  it('reads a List of items', async () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: frrk8s.metallb.io/v1beta1\n  kind: FRRConfiguration\n  metadata: {name: listed, namespace: frr-k8s-system}\n  spec: {bgp: {routers: [{asn: 65001}]}}\n`;
    const r = await renderCommand(['--node', 'n'], list);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^router bgp 65001$/m);
  });

  it('resolves aliases within a document', async () => {
    const r = await renderCommand(['--node', 'n'], config('a', '{bgp: {routers: [{asn: 65001, prefixes: &p [10.1.0.0/24], neighbors: [{address: 10.0.0.1, asn: 65000, toAdvertise: {allowed: {prefixes: *p}}}]}]}}'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ip prefix-list default-10\.0\.0\.1-out-v4 permit 10\.1\.0\.0\/24$/m);
  });

  it('merge errors: one line each, exit 1, nothing on stdout', async () => {
    const r = await renderCommand(['--node', 'n'], config('a', '{bgp: {routers: [{asn: 65001}]}}') + config('b', '{bgp: {routers: [{asn: 65002}]}}'));
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'error: FRRConfiguration frr-k8s-system/b spec.bgp.routers[0].asn: router ASN 65002 for the default VRF conflicts with ASN 65001 in FRRConfiguration frr-k8s-system/a spec.bgp.routers[0].asn; one VRF has one ASN\n');
  });

  it('bad flags and bad YAML: one line, exit 2', async () => {
    for (const [argv, stdin, says] of [
      [[], '', /^error: --node is required/],
      [['--node'], '', /^error: Option '--node <value>' argument missing/],
      [['--node', 'n', '--color'], '', /^error: Unknown option '--color'/],
      [['--node', 'n', 'extra'], '', /^error: Unexpected argument 'extra'/],
      [['--node', 'n', '--labels', 'rack'], '', /^error: --labels: "rack" is not key=value$/m],
      [['--node', 'n', '--log-level', 'constructor'], '', /^error: --log-level: "constructor" is not one of emergencies, .*, debugging, all, debug, info, warn, error, none$/m],
      // A label no node can have would never match: said, not ignored.
      [['--node', 'n', '--labels', 'rack=r 1'], '', /^error: --labels: invalid label value "r 1"/m],
      [['--node', 'n', '--labels', 'rack!=r1'], '', /^error: --labels: invalid label key "rack!"/m],
      [['--node', 'n'], 'a: [1\n', /^error: stdin: not valid YAML: /],
      [['--node', 'n'], `${config('a', '{}')}foo: [\n`, /^error: stdin \(document 2\): not valid YAML: /],
      [['--node', 'n'], '- 1\n- 2\n', /^error: stdin: expected a Kubernetes object, found a list$/m],
      [['--node', 'n'], 'kind: Secret\nmetadata: {namespace: frr-k8s-system}\n', /^error: stdin: not a Kubernetes object \(no apiVersion, metadata\.name\)$/m],
      // An unquoted value starting with * is an alias: a clear error, not a stack trace.
      [['--node', 'n'], 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: *pw}\n', /^error: stdin: .*alias/],
    ] as Array<[string[], string, RegExp]>) {
      const r = await renderCommand(argv, stdin);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, says);
      assert.equal(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
    }
  });

  it('an empty stream renders a configuration without BGP', async () => {
    const r = await renderCommand(['--node', 'n'], '');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^! From no FRRConfiguration\.$/m);
    assert.doesNotMatch(r.stdout, /router bgp/);
  });
});
