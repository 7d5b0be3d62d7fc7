// secretsFrom(): where the FRR library finds password Secrets, by namespace
// and name. Files (the agent's --from-dir) can hold anything where a name
// goes: only a string name can be referred to.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../../src/api/k8s.ts';
import { DirSource } from '../../src/agent/dirsource.ts';
import { memoryLogger } from '../../src/agent/log.ts';
import { secretsFrom } from '../../src/frr/index.ts';
import { tempDir } from '../lib/fixtures.ts';

const NS = 'frr-k8s-system';
const secret = (metadata: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata, type: 'kubernetes.io/basic-auth', stringData: { password: 'pw' } }) as unknown as KubeObject;

describe('secretsFrom', () => {
  it('finds a Secret by namespace and name; one without a namespace is in the default one', () => {
    const named = secret({ name: 's', namespace: NS });
    const bare = secret({ name: 'b' });
    const find = secretsFrom([named, bare, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: NS } }], NS);
    assert.equal(find({ namespace: NS, name: 's' }), named);
    assert.equal(find({ namespace: NS, name: 'b' }), bare);
    assert.equal(find({ namespace: NS, name: 'c' }), undefined, 'not a Secret');
    assert.equal(find({ namespace: 'other', name: 's' }), undefined);
    assert.equal(secretsFrom([bare])({ namespace: '', name: 'b' }), bare, 'the default namespace is empty');
  });

  it('a Secret whose name or namespace is absent or no string is found by no reference, and breaks nothing', () => {
    const odd = [secret({ namespace: NS }), secret({ name: { toString: 0 }, namespace: NS }), secret({ name: ['x'], namespace: NS })];
    const find = secretsFrom(odd, NS);
    for (const name of ['', 'x', 'undefined', '[object Object]', 'Stryker was here!']) assert.equal(find({ namespace: NS, name }), undefined, name);
    const elsewhere = secretsFrom([secret({ name: 'x', namespace: { toString: 0 } }), secret({ name: 'y', namespace: [NS] })], NS);
    for (const namespace of [NS, '', '[object Object]']) for (const name of ['x', 'y']) assert.equal(elsewhere({ namespace, name }), undefined, `${namespace}/${name}`);
  });

  it('the agent reading a directory with such a Secret does not crash', () => {
    const t = tempDir('secrets');
    try {
      writeFileSync(join(t.dir, 'odd.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: {toString: 0}\n  namespace: ${NS}\ntype: kubernetes.io/basic-auth\nstringData: {password: pw}\n`);
      const src = new DirSource(t.dir, NS, { name: 'n1', labels: {} }, 1000, memoryLogger(), () => undefined);
      assert.equal(src.poll(), true);
      assert.equal(src.snapshot()!.secrets({ namespace: NS, name: 'toString' }), undefined);
    } finally {
      t.cleanup();
    }
  });
});
