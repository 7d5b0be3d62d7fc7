// Diagnostics as KRM results: each result carries what is known about the
// object and nothing else (no empty or undefined parts, which a reader of the
// ResourceList would take for values).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refOf, type KubeObject } from '../../src/api/k8s.ts';
import { FileIndex, toResult } from '../../src/krm/results.ts';

const inFile: KubeObject = { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: { name: 'a', namespace: 'lb', annotations: { 'config.kubernetes.io/path': 'peers.yaml', 'config.kubernetes.io/index': '1' } } };
const clusterScoped: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } };

test('a result names the object with only the parts it has, and its file only when it came from one', () => {
  const files = new FileIndex([inFile, clusterScoped]);
  assert.deepEqual(toResult({ severity: 'error', message: 'm', ref: refOf(inFile), field: 'spec.peerASN' }, files), {
    message: 'm',
    severity: 'error',
    resourceRef: { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', name: 'a', namespace: 'lb' },
    field: { path: 'spec.peerASN' },
    file: { path: 'peers.yaml', index: 1 },
  });
  // A Node has no namespace and, written by no file, no file.
  assert.deepEqual(toResult({ severity: 'warning', message: 'm', ref: refOf(clusterScoped) }, files), {
    message: 'm',
    severity: 'warning',
    resourceRef: { apiVersion: 'v1', kind: 'Node', name: 'n1' },
  });
  // Empty parts of a reference are left out too.
  assert.deepEqual(toResult({ severity: 'info', message: 'm', ref: { kind: 'Node', name: 'n1', namespace: '' } }, files).resourceRef, { kind: 'Node', name: 'n1' });
  assert.deepEqual(toResult({ severity: 'info', message: 'm' }, files), { message: 'm', severity: 'info' });
});
