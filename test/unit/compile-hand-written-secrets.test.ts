// The password Secrets hand-written FRRConfigurations name
// (src/compile/hand-written.ts checkHandWrittenSecrets, through generate):
// frr-k8s reads them from its own namespace, by name, and fails every node a
// configuration reaches when one holds no usable password. The build says so
// whether or not previews are on; a Secret the input lacks is a warning (it
// may come from a sealed or external secret), as for a BGPPeer. No value is
// ever in a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics, formatDiagnostic } from '../../src/api/diagnostic.ts';
import type { KubeObject } from '../../src/api/k8s.ts';
import { generate } from '../../src/compile/generate.ts';
import { defaultConfig } from '../../src/compile/options.ts';

const NS = 'frr-k8s-system';
const PEER: KubeObject = { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'p', namespace: 'metallb-system' }, spec: { myASN: 64512, peerASN: 65000, peerAddress: '10.0.0.1' } };
const POOL: KubeObject = { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'a', namespace: 'metallb-system' }, spec: { addresses: ['192.0.2.0/28'] } };
const FIELD = 'spec.bgp.routers[0].neighbors[1].passwordSecret';

/** A hand-written configuration whose second neighbour names Secret pw (the first has none). */
function handWritten(neighbor: Record<string, unknown> = { passwordSecret: { name: 'pw' } }, namespace: string | undefined = NS): KubeObject {
  return {
    apiVersion: 'frrk8s.metallb.io/v1beta1',
    kind: 'FRRConfiguration',
    metadata: { name: 'extra', ...(namespace !== undefined ? { namespace } : {}) },
    spec: { bgp: { routers: [{ asn: 64512, neighbors: [{ address: '10.9.9.8', asn: 65009 }, { address: '10.9.9.9', asn: 65009, ...neighbor }] }] } },
  };
}

function secret(fields: Record<string, unknown>, namespace: string | undefined = NS): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/basic-auth', metadata: { name: 'pw', ...(namespace !== undefined ? { namespace } : {}) }, ...fields };
}

function build(objs: KubeObject[], preview = false): { ok: boolean; lines: string[] } {
  const d = new Diagnostics();
  const g = generate([PEER, POOL, ...objs], { ...defaultConfig(), preview }, d);
  const lines = d.list.filter((x) => x.severity !== 'info').map((x) => formatDiagnostic(x));
  for (const l of lines) assert.ok(!/hunter|x y|é/.test(l), `a value in: ${l}`);
  return { ok: g !== undefined, lines };
}

test('a Secret the input lacks: one warning naming the object and field, with or without previews; the build goes on', () => {
  for (const preview of [false, true]) {
    assert.deepEqual(build([handWritten()], preview), {
      ok: true,
      lines: [`warning: FRRConfiguration ${NS}/extra ${FIELD}: Secret ${NS}/pw is not in the input; it must exist in the cluster (e.g. from a sealed or external secret) or the session will not come up`],
    });
  }
});

test('a Secret frr-k8s cannot read a password from: an error naming the object and field, nothing generated', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ type: 'Opaque', stringData: { password: 'hunter2' } }, `Secret ${NS}/pw has type Opaque; a password Secret must have type kubernetes.io/basic-auth`],
    [{ stringData: { user: 'x' } }, `Secret ${NS}/pw has no "password" key`],
    [{ data: { password: 'not base64!' } }, `Secret ${NS}/pw data.password is not valid base64`],
    [{ stringData: { password: 'x y' } }, `Secret ${NS}/pw: the password has characters frr.conf cannot carry (spaces, line breaks, control or non-ASCII characters); use printable ASCII without spaces`],
    [{ stringData: { password: '' } }, `Secret ${NS}/pw: the password is empty`],
    [{ data: { password: Buffer.from('é').toString('base64') } }, `Secret ${NS}/pw: the password has characters frr.conf cannot carry (spaces, line breaks, control or non-ASCII characters); use printable ASCII without spaces`],
  ];
  for (const [fields, message] of cases) {
    const s = secret(fields);
    if (fields.type) s.type = fields.type;
    assert.deepEqual(build([handWritten(), s]), { ok: false, lines: [`error: FRRConfiguration ${NS}/extra ${FIELD}: ${message}`] }, message);
  }
});

test('a usable Secret: no diagnostic; one without a namespace, and a configuration without one, are taken as in frrk8sNamespace', () => {
  assert.deepEqual(build([handWritten(), secret({ stringData: { password: 'hunter2' } })]), { ok: true, lines: [] });
  assert.deepEqual(build([handWritten(), secret({ data: { password: Buffer.from('hunter2').toString('base64') } })]), { ok: true, lines: [] });
  assert.deepEqual(build([handWritten(undefined, undefined), secret({ stringData: { password: 'hunter2' } }, undefined)]), { ok: true, lines: [] });
});

test('only the Secret of frrk8sNamespace is read: one of that name elsewhere does not count', () => {
  const r = build([handWritten(), secret({ stringData: { user: 'x' } }, 'elsewhere')]);
  assert.equal(r.ok, true);
  assert.match(r.lines.join('\n'), /^warning: .* Secret frr-k8s-system\/pw is not in the input/);
});

test('not checked: a configuration frr-k8s does not read, a neighbour with a password or without a Secret name', () => {
  const bad = secret({ stringData: { user: 'x' } });
  // In another namespace: only the warning that it is ignored.
  const other = build([handWritten(undefined, 'elsewhere'), bad]);
  assert.equal(other.ok, true);
  assert.deepEqual(other.lines.map((l) => l.split(': ')[1]), ['FRRConfiguration elsewhere/extra metadata.namespace']);
  // password and passwordSecret together: the merge refuses that, once.
  const both = build([handWritten({ password: 'hunter2', passwordSecret: { name: 'pw' } }), bad]);
  assert.equal(both.ok, false);
  assert.ok(both.lines.every((l) => !l.includes('"password" key')), both.lines.join('\n'));
  // No name (or one that is no string): nothing to look up.
  for (const passwordSecret of [{}, { name: '' }, { name: 7 }]) {
    const r = build([handWritten({ passwordSecret }), bad]);
    assert.ok(r.lines.every((l) => !l.includes('"password" key') && !l.includes('not in the input')), r.lines.join('\n'));
  }
});

test('every router and neighbour is looked at, not the first only', () => {
  const hw = handWritten();
  const spec = hw.spec as { bgp: { routers: Array<Record<string, unknown>> } };
  spec.bgp.routers.push({ asn: 64512, vrf: 'red', neighbors: [{ address: '10.9.9.7', asn: 65009, passwordSecret: { name: 'gone' } }] });
  const r = build([hw, secret({ stringData: { password: 'hunter2' } })]);
  assert.deepEqual(r.lines, [`warning: FRRConfiguration ${NS}/extra spec.bgp.routers[1].neighbors[0].passwordSecret: Secret ${NS}/gone is not in the input; it must exist in the cluster (e.g. from a sealed or external secret) or the session will not come up`]);
});
